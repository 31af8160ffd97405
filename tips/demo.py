"""Demo data: fictional tips spread over the last whole months, enough for the public statistics (/statistics/) to
show numbers as well as hidden ones. Each goes through `services.tip_submit`, as a tip from the web form does (its
deliveries and the handlers' notices included), and is then dated back into its month: the statistics count whole
months only. Every tip's text says it is fictional.

The counts respect the statistics' small-cell rule (`OPEN_DATA_MIN_CELL`, 11 by default; opendata/suppression.py):
the demo shows what the page shows with real counts: a few totals that reach it, and every small number hidden
with what would give it away."""

import datetime as dt

from django.utils import timezone

from taskforce import roles
from taskforce.selectors import users_with_role
from taskforce.vocabulary import ExploitationKind

from . import keyring, services
from .models import Delivery, Tip

# (months before the current one, province, kind, how many). All invented. With the suppression's rules a month
# shows Alberta's total (36 last month), the total of one kind and the month's total; every other number is hidden.
TIPS = [
    (1, "AB", ExploitationKind.SEX, 12),
    (1, "AB", ExploitationKind.LABOUR, 13),
    (1, "AB", ExploitationKind.UNSURE, 11),
    (1, "BC", ExploitationKind.LABOUR, 3),
    (1, "BC", ExploitationKind.SEX, 4),
    (1, "MB", ExploitationKind.SEX, 2),
    (2, "AB", ExploitationKind.SEX, 12),
    (2, "AB", ExploitationKind.LABOUR, 12),
    (2, "AB", ExploitationKind.UNSURE, 2),
    (2, "BC", ExploitationKind.SEX, 4),
    (2, "MB", ExploitationKind.LABOUR, 1),
]
MONTHS_BACK = max(months for months, *_rest in TIPS)
CITIES = {"AB": "Calgary", "BC": "Vancouver", "MB": "Winnipeg"}
WHAT_HAPPENED = {
    ExploitationKind.LABOUR: "Fictional demonstration tip: workers at an invented farm say their passports are kept "
    "by the manager and their pay is withheld.",
    ExploitationKind.SEX: "Fictional demonstration tip: an invented massage business moves young women between "
    "cities and keeps their phones.",
    ExploitationKind.UNSURE: "Fictional demonstration tip: a neighbour in an invented town is worried about a "
    "group of workers who are driven to and from a house at night.",
}


def _month_start(today: dt.date, months_back: int) -> dt.date:
    month = today.replace(day=1)
    for _ in range(months_back):
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return month


def handler_keys(*, password: str) -> None:
    """The demo's tip handlers get their key as at a first sign-in with the demo password (issue 23), before any
    tip is sealed to them. Their recovery keys are not kept, and counted as saved so that the demo signs in as a
    handler would on any later day: a demo handler makes a new one on "Your key to tips" before trying a reset."""
    for handler in users_with_role(roles.TIP_HANDLER).exclude(tip_key__isnull=False):
        keyring.key_create(handler, password)
        keyring.recovery_saved(handler)


def seed(*, password: str) -> None:
    handler_keys(password=password)
    today = timezone.localdate()
    first = timezone.make_aware(dt.datetime.combine(_month_start(today, MONTHS_BACK), dt.time()))
    this_month = timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time()))
    # Once: a database with tips in those months (the demo's, from an earlier run, or any) gets no more.
    if Tip.objects.filter(created_at__gte=first, created_at__lt=this_month).exists():
        return
    for months_back, province, kind, how_many in TIPS:
        month = _month_start(today, months_back)
        for n in range(how_many):
            receipt = services.tip_submit(
                form_data={
                    "what_happened": WHAT_HAPPENED[kind],
                    "province": province,
                    "city": CITIES[province],
                    "place": "An invented address (fictional)",
                    "when": "Demonstration data",
                    "kind": kind,
                    "danger_now": False,
                    "people_description": "",
                    "contact_preference": "",
                },
            )
            received = timezone.make_aware(dt.datetime.combine(month + dt.timedelta(days=n % 27), dt.time(9 + n % 8)))
            Tip.objects.filter(pk=receipt.tip.pk).update(created_at=received, last_activity_at=received)
            Delivery.objects.filter(tip=receipt.tip).update(created_at=received, delivered_at=received)

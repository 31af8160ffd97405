"""Demonstration data on top of the plan `reference.py` loads: dated history entries and milestones (fictional,
marked `is_demo`). Items with a demonstration history replay it from "on track, 0 %"."""

import datetime as dt

from django.utils import timezone

from . import reference, services
from .models import ActionItem, Milestone, Status, StatusUpdate
from .reference import DONE, UNDERWAY, _orgs

# (item number, date, new status, new progress, reason, organization slug). Demonstration data.
HISTORY = [
    (
        2,
        dt.datetime(2020, 5, 19, 10, 0),
        DONE,
        100,
        "Demonstration entry: the task force was set up and held its first meeting.",
        "alberta-justice",
    ),
    (
        9,
        dt.datetime(2020, 4, 7, 10, 0),
        DONE,
        100,
        "Demonstration entry: the survivors' protection bill was introduced in the legislature.",
        "alberta-justice",
    ),
    (
        3,
        dt.datetime(2022, 3, 27, 10, 0),
        UNDERWAY,
        60,
        "Demonstration entry: online awareness tools went live for the public.",
        "act-alberta",
    ),
]

MILESTONES = [
    (
        "public-education",
        "Awareness campaign materials reviewed by survivors",
        "Matériel de campagne révisé par des survivantes et survivants",
        dt.date(2026, 3, 31),
    ),
    (
        "training-e-learning",
        "E-learning course open to victim-serving organizations",
        "Cours en ligne ouvert aux organismes d'aide aux victimes",
        dt.date(2026, 6, 30),
    ),
    (
        "temporary-foreign-workers",
        "Rights information sheet available in five languages",
        "Fiche d'information sur les droits offerte en cinq langues",
        dt.date(2027, 1, 31),
    ),
]


def seed(*, password: str) -> None:
    reference.load()
    orgs = _orgs()
    items = {item.number: item for item in ActionItem.objects.filter(plan__slug="alberta-9-point-plan", parent=None)}
    for number in sorted({number for number, *_rest in HISTORY}):
        if not StatusUpdate.objects.filter(item=items[number], is_demo=True).exists():
            ActionItem.objects.filter(id=items[number].id).update(status=Status.ON_TRACK, progress=0)
    for number, when, status, progress, reason, org in sorted(HISTORY, key=lambda h: h[1]):
        services.history_record_demo(
            item=items[number],
            at=timezone.make_aware(when),
            status=status,
            progress=progress,
            reason=reason,
            organization=orgs[org],
        )
    for slug, title, title_fr, due in MILESTONES:
        Milestone.objects.update_or_create(
            item=ActionItem.objects.get(slug=slug),
            title=title,
            defaults={"title_fr": title_fr, "due_date": due, "is_demo": True},
        )

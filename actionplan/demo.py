"""Demonstration data on top of the plan `reference.py` loads: dated history entries, milestones, indicators with
measured values, reporting periods and the final evaluation (fictional, marked `is_demo`). Items with a demonstration history replay it from "on track, 0 %"."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_noop

from taskforce.language import gettext_everywhere, i18n_text, text_data

from . import reference, services
from .models import (
    ActionItem,
    Evaluation,
    Indicator,
    IndicatorValue,
    Milestone,
    Plan,
    ReportingPeriod,
    Status,
    StatusUpdate,
)
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
        dt.date(2026, 3, 31),
    ),
    (
        "training-e-learning",
        "E-learning course open to victim-serving organizations",
        dt.date(2026, 6, 30),
    ),
    (
        "temporary-foreign-workers",
        "Rights information sheet available in five languages",
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
    for slug, title, due in MILESTONES:  # demonstration data, in the source language only
        Milestone.objects.update_or_create(
            item=ActionItem.objects.get(slug=slug),
            due_date=due,
            is_demo=True,
            defaults={"title": i18n_text(text_data(title))},
        )

    _seed_indicators(orgs)
    _seed_calendar()


# (item slug, indicator slug, name (a catalogue message, in every language it is translated into), unit, baseline (value, date), target (value, date), organization
# slug, [(period start, period end, value, source)]). Demonstration data: fictional figures.
REPORTING_YEAR = gettext_noop("Reporting year %(year)s")

INDICATORS = [
    (
        "training-e-learning",
        "demo-frontline-staff-trained",
        gettext_noop("Front-line staff who completed the course"),
        Indicator.Unit.PEOPLE,
        (0, dt.date(2024, 1, 1)),
        (1500, dt.date(2027, 3, 31)),
        "alberta-justice",
        [
            (dt.date(2024, 1, 1), dt.date(2024, 6, 30), 180, "Demonstration figure: course completion records"),
            (dt.date(2024, 7, 1), dt.date(2024, 12, 31), 420, "Demonstration figure: course completion records"),
            (dt.date(2025, 1, 1), dt.date(2025, 6, 30), 690, "Demonstration figure: course completion records"),
            (dt.date(2025, 7, 1), dt.date(2025, 12, 31), 910, "Demonstration figure: course completion records"),
        ],
    ),
    (
        "public-education",
        "demo-awareness-recognition",
        gettext_noop("Adults who recognize signs of trafficking"),
        Indicator.Unit.PERCENT,
        (22, dt.date(2023, 9, 1)),
        (45, dt.date(2026, 12, 31)),
        "act-alberta",
        [
            (dt.date(2024, 9, 1), dt.date(2024, 9, 30), Decimal("27.5"), "Demonstration figure: awareness survey"),
            (dt.date(2025, 9, 1), dt.date(2025, 9, 30), Decimal("33.1"), "Demonstration figure: awareness survey"),
        ],
    ),
]


def _seed_indicators(orgs) -> None:
    for slug, key, name, unit, baseline, target, org, values in INDICATORS:
        item = ActionItem.objects.filter(slug=slug).first()
        if item is None:
            continue
        indicator, _created = Indicator.objects.get_or_create(
            slug=key,
            defaults={
                "item": item,
                "name": i18n_text(gettext_everywhere(name)),
                "unit": unit,
                "baseline_value": baseline[0],
                "baseline_date": baseline[1],
                "target_value": target[0],
                "target_date": target[1],
                "is_demo": True,
                "created_at": timezone.make_aware(dt.datetime.combine(baseline[1], dt.time(9))),
            },
        )
        for start, end, value, source in values:
            if IndicatorValue.objects.filter(indicator=indicator, period_start=start, period_end=end).exists():
                continue
            entered = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=20), dt.time(10)))
            IndicatorValue.objects.create(
                indicator=indicator,
                period_start=start,
                period_end=end,
                value=value,
                source=source,
                reason="Demonstration entry.",
                organization=orgs[org],
                status=IndicatorValue.Status.ACCEPTED,
                reviewed_at=entered,
                created_at=entered,
                is_demo=True,
            )


def _seed_calendar() -> None:
    plan = Plan.objects.filter(slug="alberta-9-point-plan").first()
    if plan is None:
        return
    for year in (2025, 2026, 2027):
        ReportingPeriod.objects.get_or_create(
            plan=plan,
            start=dt.date(year, 1, 1),
            is_demo=True,
            defaults={
                "name": i18n_text(
                    {code: text % {"year": year} for code, text in gettext_everywhere(REPORTING_YEAR).items()}
                ),
                "end": dt.date(year, 12, 31),
                "due_date": dt.date(year + 1, 3, 31),
            },
        )
    Evaluation.objects.get_or_create(
        plan=plan,
        is_final=True,
        is_demo=True,
        defaults={
            "title": i18n_text(gettext_everywhere(gettext_noop("Final evaluation of the plan"))),
            "date": dt.date(2028, 6, 30),
            "summary": i18n_text(
                gettext_everywhere(
                    gettext_noop(
                        "Demonstration entry: an independent review of what each action achieved against its "
                        "indicators."
                    )
                )
            ),
        },
    )

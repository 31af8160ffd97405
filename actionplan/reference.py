"""Alberta's 9-point Action Plan to Combat Human Trafficking, as the Government of Alberta's page describes it.

Titles and descriptions are our own wording of that page; each status is the one the page gives ("complete" or
"work underway", shown here as "Work underway – on track"). Progress percentages, the two sub-actions' weights,
milestones and the dated history entries are demonstration data (`demo.py`) and are marked so on the site.
Loaded by `manage.py load_reference` (production runs it alone) and by `seed_demo`.
"""

import datetime as dt

from django.utils import timezone

from taskforce import content_files
from taskforce.language import i18n_text
from taskforce.models import Organization

from . import services
from .models import Plan, Status

DONE, UNDERWAY = Status.COMPLETE, Status.ON_TRACK
PLAN_START = timezone.make_aware(dt.datetime(2020, 2, 21, 9, 0))

# (number, slug, status, demo progress, lead, partners); titles and descriptions are authored text, in
# content/<code>/actionplan.yaml (items by slug).
ITEMS = [
    (
        1,
        "palermo-definition",
        DONE,
        100,
        "alberta-justice",
        ["public-safety-canada"],
    ),
    (
        2,
        "task-force",
        DONE,
        100,
        "alberta-justice",
        ["alberta-labour", "act-alberta"],
    ),
    (
        3,
        "public-education",
        UNDERWAY,
        60,
        "alberta-justice",
        ["act-alberta", "cceht"],
    ),
    (
        4,
        "training",
        UNDERWAY,
        0,
        "alberta-justice",
        ["act-alberta", "chrysalis"],
    ),
    (
        5,
        "temporary-foreign-workers",
        UNDERWAY,
        50,
        "alberta-labour",
        ["ccr"],
    ),
    (
        6,
        "data-and-coordination",
        UNDERWAY,
        40,
        "alberta-justice",
        ["public-safety-canada", "cceht", "klinic"],
    ),
    (
        7,
        "name-businesses",
        UNDERWAY,
        30,
        "alberta-justice",
        ["alberta-labour"],
    ),
    (
        8,
        "federal-penalties",
        UNDERWAY,
        25,
        "alberta-justice",
        ["public-safety-canada"],
    ),
    (
        9,
        "survivor-legislation",
        DONE,
        100,
        "alberta-justice",
        ["act-alberta"],
    ),
]

# Sub-actions of item 4 (training), drawn from the page's training section. Weights are demonstration data.
SUB_ITEMS = [
    (
        1,
        "training-e-learning",
        UNDERWAY,
        70,
        2,
        "alberta-justice",
        ["act-alberta"],
    ),
    (
        2,
        "training-courts-front-line",
        UNDERWAY,
        20,
        1,
        "alberta-justice",
        ["chrysalis"],
    ),
]


def _orgs() -> dict[str, Organization]:
    return {org.slug: org for org in Organization.objects.all()}


def _item_upsert(plan: Plan, orgs: dict, texts: dict, row: tuple, *, parent=None, weight: int | None = None):
    """One row of ITEMS (or of SUB_ITEMS, without its weight) into the plan."""
    number, slug, status, progress, lead, partners = row
    written = texts.get(slug, {})
    defaults = {
        "title": i18n_text(written.get("title") or {}),
        "description": i18n_text(written.get("description") or {}),
        "created_at": PLAN_START,
    }
    if weight is not None:
        defaults["weight"] = weight
    return services.item_upsert(
        plan=plan,
        number=number,
        slug=slug,
        lead=orgs[lead],
        partners=[orgs[p] for p in partners],
        parent=parent,
        defaults=defaults,
        initial_status=status,
        initial_progress=progress,
    )


def load() -> list[str]:
    """The plan and its items (their texts from content/<code>/actionplan.yaml); returns the problems found in
    the files."""
    content = content_files.read("actionplan.yaml")
    plan_texts = content.data["plan"]["alberta-9-point-plan"]
    orgs = _orgs()
    plan_fields = {
        **{name: i18n_text(plan_texts.get(name) or {}) for name in ("title", "summary", "note")},
        "is_current": True,
    }
    plan, _ = Plan.objects.update_or_create(
        slug="alberta-9-point-plan", defaults=plan_fields, create_defaults={**plan_fields, "created_at": PLAN_START}
    )
    texts = content.data["items"]
    items = {row[0]: _item_upsert(plan, orgs, texts, row) for row in ITEMS}
    for *row, weight, lead, partners in SUB_ITEMS:
        _item_upsert(plan, orgs, texts, (*row, lead, partners), parent=items[4], weight=weight)
    return content.problems

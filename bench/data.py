"""Generated data at 1x, 10x and 100x, where 100x is the issue's measurement (FULL), written straight through the
apps' models with bulk_create, and the registry with PostgreSQL's COPY (a million rows in a few minutes). Each
`*_to(n)` tops a data set up to `n` rows, so the benchmark grows the same database from 1x to 10x to 100x (and to
a million registry rows).

The people: the generated learners are members of the lead organization of the benchmarked action item (Alberta
Justice, as in the measurement: about 5,000 members at 100x), learners of its ten generated courses (enrolments
and organization-wide assignments, so the training manager report has rows), and the tips are routed and
delivered to the demo tip handler's hotline as the tips service does it. Generated rows are told apart by ids the apps never make (registry "HT-0...", tips "T-0...": their
alphabets have no 0) and by "bench" in emails and slugs."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from taskforce.language import i18n_text, text_data

FULL = {"registry": 100_000, "tips": 100_000, "learners": 5_000, "courses": 10, "plan_updates": 1_000}  # = 100x
LEAD_ORGANIZATION = "alberta-justice"  # the learners' organization, and the lead of the benchmarked action item
MEMBER = "member@demo.example"  # changes the benchmarked item's status (a member of its lead organization)
HANDLER = "handler@demo.example"  # the tip handler whose inbox is measured
COORDINATOR = "coordinator@demo.example"  # the task force coordinator: the handler's hotline's statistics
MANAGER = "trainer@demo.example"  # the training manager whose report is measured (of LEAD_ORGANIZATION)
BATCH = 2_000
COPY_BATCH = 20_000
SEARCH_WORD = "ferncliff"  # one legal name in 200 carries it: the registry search benchmark looks for it

_WORDS_A = [
    "Prairie",
    "Northern",
    "Summit",
    "Riverbend",
    "Aspen",
    "Cedar",
    "Golden",
    "Maple",
    "Bow",
    "Chinook",
    "Foothills",
    "Lakeview",
    "Parkland",
    "Sunrise",
    "Westwind",
    "Badlands",
    "Elbow",
    "Silverline",
    "Timber",
    "Harbour",
]
_WORDS_B = [
    "Holdings",
    "Staffing",
    "Farms",
    "Hospitality",
    "Logistics",
    "Spa",
    "Construction",
    "Cleaning",
    "Lounge",
    "Recruiters",
    "Packers",
    "Motel",
    "Care Services",
    "Trucking",
    "Kitchen",
]
_CITIES = [
    ("Calgary", "AB"),
    ("Edmonton", "AB"),
    ("Red Deer", "AB"),
    ("Brooks", "AB"),
    ("Lethbridge", "AB"),
    ("Winnipeg", "MB"),
    ("Hamilton", "ON"),
    ("Toronto", "ON"),
    ("Vancouver", "BC"),
    ("Regina", "SK"),
]


def _rng(seed: str) -> random.Random:
    return random.Random(seed)


def _user(email: str, full_name: str):
    from taskforce.models import User  # noqa: PLC0415 -- loaded when used, after Django is set up

    user, _created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    return user


# ----- registry ------------------------------------------------------------------------------------------------


def registry_count() -> int:
    from publications.models import RegistryEntry  # noqa: PLC0415 -- loaded when used, after Django is set up

    return RegistryEntry.objects.filter(public_id__startswith="HT-0").count()


def _key(value: str) -> str:
    """publications.text.search_key, quicker on the ASCII names generated here (the same result for them)."""
    from publications.text import search_key  # noqa: PLC0415 -- loaded when used, after Django is set up

    return " ".join(value.casefold().split()) if value.isascii() and value.isprintable() else search_key(value)


def registry_to(n: int) -> int:
    """Published entries up to `n`, as column values (no model instances: a million rows in a few minutes)."""
    from stdnum import luhn  # noqa: PLC0415 -- loaded when used

    from publications.models import Industry, LegalBasis, RegistryEntry  # noqa: PLC0415 -- loaded when used, after Django is set up
    from publications.names import names_norm  # noqa: PLC0415 -- loaded when used, after Django is set up

    start = registry_count()
    if start >= n:
        return 0
    editor = _user("bench-editor@bench.example", "Benchmark Registry Editor (fictional)")
    industries, bases = Industry.values, LegalBasis.values
    now = timezone.now()
    fixed = {
        "authority": "Court of King's Bench of Alberta (fictional benchmark data)",
        "summary": "Fictional entry generated for the benchmark. " * 4,
        "representations_days": 14,
        "status": RegistryEntry.Status.PUBLISHED.value,
        "is_fictional": True,
        "published_at": now,
        "created_by_id": editor.id,
        "approved_by_id": editor.id,
        "created_at": now,
        "updated_at": now,
    }
    for first in range(start, n, COPY_BATCH):
        rows = []
        for i in range(first, min(first + COPY_BATCH, n)):
            name = f"{_WORDS_A[i % len(_WORDS_A)]} {_WORDS_B[(i // len(_WORDS_A)) % len(_WORDS_B)]} {i} Ltd."
            if i % 200 == 7:
                name = f"Ferncliff {name}"
            alias = f"{_WORDS_A[(i * 7) % len(_WORDS_A)]} Group {i}"
            city, province = _CITIES[i % len(_CITIES)]
            decided = dt.date(2015, 1, 1) + dt.timedelta(days=i % 3650)
            name_key = _key(name)
            rows.append(
                {
                    **fixed,
                    "public_id": f"HT-0{i:07d}",
                    "legal_name": name,
                    "aliases": alias,
                    "address": f"{100 + i % 9000} {_WORDS_A[(i * 13) % len(_WORDS_A)]} Street",
                    "city": city,
                    "province": province,
                    "industry": industries[i % len(industries)],
                    "legal_basis": bases[i % len(bases)],
                    "decision_date": decided,
                    "file_number": f"BENCH-{i:07d}",
                    "notified_on": decided + dt.timedelta(days=5),
                    "review_on": decided + dt.timedelta(days=3650 + 365),
                    "name_key": name_key[:200],
                    "name_norm": names_norm(name, [alias]),  # what the matcher and the search read
                    # one entry in ten with a CRA Business Number (a valid check digit), as the matcher's exact feature
                    "business_number": _business_number(luhn, i) if i % 10 == 3 else "",
                    "search_text": f"{name_key}\n{_key(alias)}",
                }
            )
        _store(RegistryEntry, rows)
    return n - start


def _business_number(luhn, i: int) -> str:
    """The `i`-th benchmark entry's nine-digit Business Number, its last digit the Luhn check digit."""
    body = f"{(80_000_000 + i) % 100_000_000:08d}"
    return body + luhn.calc_check_digit(body)


def business_number_of(i: int) -> str:
    from stdnum import luhn  # noqa: PLC0415 -- loaded when used

    return _business_number(luhn, i)


def _store(model, rows: list[dict]) -> None:
    """Insert `rows` (column values by attribute name; the model's defaults fill the rest): COPY on PostgreSQL
    (several times bulk_create's speed), else bulk_create."""
    from django.db import connection  # noqa: PLC0415 -- loaded when used, after Django is set up

    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    buffer = io.StringIO()
    for row in rows:
        buffer.write(
            "\t".join([_copy_text(row[f.attname] if f.attname in row else defaults[f.attname]) for f in fields])
        )
        buffer.write("\n")
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN", buffer
        )


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value if isinstance(value, str) else value.isoformat() if hasattr(value, "isoformat") else str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


# ----- tips ------------------------------------------------------------------------------------------------------


def tips_count() -> int:
    from tips.models import Tip  # noqa: PLC0415 -- loaded when used, after Django is set up

    return Tip.objects.filter(reference__startswith="T-0").count()


def tips_to(n: int) -> int:
    """Tips as the tips service stores them: encrypted free text (EncryptedTextField encrypts on the way in),
    a keyed hash of a real receipt code, one delivery per receiving hotline (here: delivered long ago)."""
    from taskforce.vocabulary import ExploitationKind  # noqa: PLC0415 -- loaded when used, after Django is set up
    from tips import selectors, services  # noqa: PLC0415 -- loaded when used, after Django is set up
    from tips.models import AccessLogEntry, Delivery, Tip  # noqa: PLC0415 -- loaded when used, after Django is set up

    start = tips_count()
    if start >= n:
        return 0
    kinds = [k for k in ExploitationKind.values]
    provinces = ["AB", "AB", "AB", "MB", "ON", "BC", "SK"]
    receivers = {(p, k): selectors.receivers_for(province=p, kind=k) for p in set(provinces) for k in kinds}
    now = timezone.now()
    for first in range(start, n, BATCH):
        tips = []
        for i in range(first, min(first + BATCH, n)):
            rng = _rng(f"tip-{i}")
            when = now - dt.timedelta(minutes=i)
            tips.append(
                Tip(
                    reference=f"T-0{i:07d}",
                    receipt_hash=services.receipt_hash(services.receipt_code_new()),
                    status=rng.choice(Tip.Status.values),
                    kind=kinds[i % len(kinds)],
                    province=provinces[i % len(provinces)],
                    danger_now=i % 17 == 0,
                    city=_CITIES[i % len(_CITIES)][0],
                    place=f"Near {rng.choice(_WORDS_A)} Street (fictional benchmark tip)",
                    when="Last week",
                    what_happened="Fictional benchmark tip: workers seem unable to leave and their papers were taken. "
                    * 2,
                    people_description="A white van, fictional plate BENCH-" + str(i),
                    contact_preference="",
                    created_at=when,
                    last_activity_at=when,
                )
            )
        with transaction.atomic():
            Tip.objects.bulk_create(tips, batch_size=BATCH)
            deliveries, log = [], []
            for tip in tips:
                for hotline in receivers[(tip.province, tip.kind)]:
                    deliveries.append(
                        Delivery(
                            tip=tip,
                            hotline=hotline,
                            state=Delivery.State.DELIVERED,
                            created_at=tip.created_at,
                            delivered_at=tip.created_at,
                        )
                    )
                log.append(
                    AccessLogEntry(
                        tip=tip, tip_reference=tip.reference, action=AccessLogEntry.Action.RECEIVED, at=tip.created_at
                    )
                )
            Delivery.objects.bulk_create(deliveries, batch_size=BATCH)
            AccessLogEntry.objects.bulk_create(log, batch_size=BATCH)
    return n - start


# ----- training -------------------------------------------------------------------------------------------------


def _bench_courses(count: int) -> list:
    from training.models import Course, CourseVersion  # noqa: PLC0415 -- loaded when used, after Django is set up

    template = CourseVersion.objects.order_by("id").first()
    courses = []
    for number in range(1, count + 1):
        course, _created = Course.objects.get_or_create(
            slug=f"bench-course-{number}",
            defaults={
                "title": i18n_text(text_data(f"Benchmark course {number} (fictional)")),
                "audiences": [],
            },
        )
        if course.current_version_id is None:
            version = CourseVersion.objects.create(
                course=course,
                number=1,
                content=template.content if template else {},
                pass_mark=80,
                max_attempts=0,
            )
            course.current_version = version
            course.save(update_fields=["current_version"])
        courses.append(course)
    return courses


def learners_count() -> int:
    from taskforce.models import User  # noqa: PLC0415 -- loaded when used, after Django is set up

    return User.objects.filter(email__startswith="bench-learner-").count()


def lead_organization():
    from taskforce.models import Organization  # noqa: PLC0415 -- loaded when used, after Django is set up

    return Organization.objects.get(slug=LEAD_ORGANIZATION)


def learners_to(n: int, *, courses: int = FULL["courses"]) -> int:
    """Learners of the lead organization (its members), enrolled in every generated course, which the organization
    assigns to all its members (one due date passed, so the report has overdue rows); one in three completed."""
    from taskforce.models import Membership, User  # noqa: PLC0415 -- loaded when used, after Django is set up
    from training.models import Assignment, Enrolment, LearnerProfile  # noqa: PLC0415 -- loaded when used, after Django is set up

    start = learners_count()
    bench_courses = _bench_courses(courses)
    organization = lead_organization()
    today = timezone.localdate()
    for number, course in enumerate(bench_courses):
        Assignment.objects.get_or_create(
            course=course,
            organization=organization,
            user=None,
            audience="",
            defaults={"required": True, "due_on": today + dt.timedelta(days=30 if number % 2 else -30)},
        )
    if start >= n:
        return 0
    password = make_password("bench-learner-password-unused")
    now = timezone.now()
    per_batch = BATCH // courses
    for first in range(start, n, per_batch):
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"bench-learner-{i:06d}@bench.example",
                        full_name=f"Bench Learner {i} (fictional)",
                        password=password,
                    )
                    for i in range(first, min(first + per_batch, n))
                ]
            )
            LearnerProfile.objects.bulk_create([LearnerProfile(user=u, audience="public") for u in users])
            Membership.objects.bulk_create([Membership(user=u, organization=organization) for u in users])
            Enrolment.objects.bulk_create(
                [
                    Enrolment(
                        user=u,
                        course=c,
                        version_id=c.current_version_id,
                        steps_done=[],
                        completed_at=now if (u.id + c.id) % 3 == 0 else None,
                        score=90 if (u.id + c.id) % 3 == 0 else None,
                    )
                    for u in users
                    for c in bench_courses
                ],
                batch_size=BATCH,
            )
    return n - start


def report_middle() -> tuple[str, int]:
    """A cursor in the middle of the training manager's report ("<learner id>-<course id>": the first course of
    the learner halfway down the report's order) and the page number of the same depth for the OFFSET peers."""
    from django.conf import settings  # noqa: PLC0415 -- loaded when used, after Django is set up

    from taskforce.models import Membership  # noqa: PLC0415 -- loaded when used, after Django is set up
    from training.models import Assignment  # noqa: PLC0415 -- loaded when used, after Django is set up

    organization = lead_organization()
    members = Membership.objects.filter(organization=organization).order_by("user__full_name", "user__email", "user_id")
    count = members.count()
    middle = members.values_list("user_id", flat=True)[count // 2 : count // 2 + 1].first() if count else None
    first = (
        Assignment.objects.filter(organization=organization)
        .order_by("course__slug", "course_id")
        .values_list("course_id", flat=True)
        .first()
    )
    if middle is None or first is None:
        return "0-0", 1
    courses = Assignment.objects.filter(organization=organization).values("course_id").distinct().count()
    return f"{middle}-{first}", max(1, (count // 2) * courses // settings.TRAINING_REPORT_PAGE_SIZE)


def members_count() -> int:
    return lead_organization().memberships.count()


# ----- action plan ----------------------------------------------------------------------------------------------


BENCH_REASON = "Benchmark update (generated, fictional)."


def plan_updates_count() -> int:
    from actionplan.models import StatusUpdate  # noqa: PLC0415 -- loaded when used, after Django is set up

    return StatusUpdate.objects.filter(reason=BENCH_REASON).count()


def bench_item():
    """The benchmarked action item: the first item of the current plan led by LEAD_ORGANIZATION."""
    from actionplan import selectors  # noqa: PLC0415 -- loaded when used, after Django is set up
    from actionplan.models import ActionItem  # noqa: PLC0415 -- loaded when used, after Django is set up

    plan = selectors.plan_current()
    items = ActionItem.objects.filter(plan=plan, lead_organization__slug=LEAD_ORGANIZATION).order_by("id")
    return items.select_related("plan").first()


def plan_updates_to(n: int) -> int:
    """Status updates of the benchmarked item: its page and the API carry its whole timeline today."""
    from actionplan.models import Status, StatusUpdate  # noqa: PLC0415 -- loaded when used, after Django is set up

    start = plan_updates_count()
    item = bench_item()
    if start >= n or item is None:
        return 0
    statuses = [Status.NOT_STARTED, Status.ON_TRACK, Status.CHALLENGES, Status.COMPLETE]
    now = timezone.now()
    rows = []
    for i in range(start, n):
        rows.append(
            StatusUpdate(
                item=item,
                author_name="Benchmark (fictional)",
                old_status=statuses[i % 4],
                new_status=statuses[(i + 1) % 4],
                old_progress=i % 100,
                new_progress=(i + 1) % 100,
                reason=BENCH_REASON,
                source=StatusUpdate.Source.SEED,
                is_demo=True,
                created_at=now - dt.timedelta(hours=n - i),
            )
        )
    StatusUpdate.objects.bulk_create(rows, batch_size=BATCH)
    return n - start


def targets_at(scale: float) -> dict:
    """Row counts at `scale` x, where 100x is FULL (the issue's measurement)."""
    return {key: max(1, round(value * scale / 100)) for key, value in FULL.items() if key != "courses"}


def grow_to(scale: float, *, log=print) -> dict:
    """Top every data set up to `scale` x (100 = the issue's measurement). Returns the counts reached."""
    targets = targets_at(scale)
    steps = [("registry", registry_to), ("tips", tips_to), ("learners", learners_to), ("plan_updates", plan_updates_to)]
    for key, grow in steps:
        started = timezone.now()
        added = grow(targets[key])
        if added:
            log(f"  {key}: +{added:,} (now {targets[key]:,}) in {(timezone.now() - started).total_seconds():.1f} s")
    return {**targets, "members": members_count(), "handler_tips": handler_tips_count()}


def handler_tips_count() -> int:
    """Tips delivered to a hotline of the benchmarked tip handler's organizations (what the inbox lists)."""
    from taskforce.models import User  # noqa: PLC0415 -- loaded when used, after Django is set up
    from tips.selectors import tips_visible_to  # noqa: PLC0415 -- loaded when used, after Django is set up

    return tips_visible_to(User.objects.get(email=HANDLER)).count()

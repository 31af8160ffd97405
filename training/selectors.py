"""Reads of the training app: catalogue, a learner's courses, the managers' completion report."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, JSONObject
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.utils import timezone
from i18nfield.strings import LazyI18nString

from taskforce.language import text_data
from taskforce.models import Membership, Organization, User
from taskforce.pagination import RowValue
from taskforce.roles import TRAINING_MANAGER, has_role, user_organization_ids

from . import conf, reader
from .models import (
    Assignment,
    Attempt,
    Audience,
    Certificate,
    Course,
    CourseVersion,
    Enrolment,
    LearnerProfile,
    Lesson,
    Question,
    Reminder,
)


def courses_published() -> QuerySet[Course]:
    return Course.objects.filter(current_version__isnull=False).select_related("current_version")


# What learners and the public read of a course comes from its published version: a training manager's draft
# (training/authoring.py) changes the course's own row, which nobody but them sees until it is published.
PUBLISHED_FIELDS = {"title": "title", "summary": "summary", "content_warning": "warning"}


def as_published(course: Course, version: CourseVersion | None = None) -> Course:
    """The course with its texts, duration and audiences as a published version froze them: `version` (a learner's
    own), else its current one (loaded with it); a course never published is returned as it is."""
    version = version or course.current_version
    if version is None:
        return course
    content = version.content
    for field, key in PUBLISHED_FIELDS.items():
        if key in content:
            setattr(course, field, LazyI18nString(content[key]))
    course.estimated_minutes = content.get("estimated_minutes", course.estimated_minutes)
    course.audiences = content.get("audiences", course.audiences)
    return course


def courses_assignable() -> QuerySet[Course]:
    """Published courses for staff, for choosing one (without loading any version's content)."""
    return Course.objects.filter(current_version__isnull=False, is_open=False)


def course_by_slug(slug: str) -> Course | None:
    course = courses_published().filter(slug=slug).first()
    return as_published(course) if course else None


def enrolment_latest(*, user, course: Course) -> Enrolment | None:
    return (
        Enrolment.objects.filter(user=user, course=course)
        .select_related("version", "certificate")
        .order_by("-started_at", "-id")
        .first()
    )


def enrolment_still_valid(enrolment: Enrolment, today: date | None = None) -> bool:
    """A completed run counts until its certificate expires or is revoked."""
    certificate = getattr(enrolment, "certificate", None)
    return bool(enrolment.completed_at) and (
        certificate is None or certificate.status(today) == Certificate.Status.VALID
    )


def certificate_by_token(token: str) -> Certificate | None:
    return Certificate.objects.filter(token=token).first()


def certificates_for_user(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).order_by("-issued_on", "-id")


def attempts_for_enrolment(enrolment: Enrolment) -> QuerySet[Attempt]:
    return enrolment.attempts.filter(submitted_at__isnull=False).order_by("quiz", "number")


class JSONArrayLength(Func):
    """How many elements a JSON list holds (SQLite's json_array_length, PostgreSQL's jsonb_array_length)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra_context)


def _reaching(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The assignments (among `assignments`) that reach the outer row's learner: made to them, to everyone, or to
    their audience. The outer query names `learner_id` and `learner_audience`."""
    return assignments.filter(
        Q(user_id=OuterRef("learner_id"))
        | Q(user__isnull=True, audience="")
        | Q(user__isnull=True, audience=OuterRef("learner_audience"))
    )


def _matching(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The assignments reaching the outer row's learner that are of its course (the outer query names
    `course_id` too)."""
    return _reaching(assignments).filter(course_id=OuterRef("course_id"))


def _run_summary(today: date) -> JSONObject:
    """A run (an Enrolment) as one JSON value: its version and steps, its best final score, its certificate and the
    certificate's status `today`."""
    best = Attempt.objects.filter(enrolment_id=OuterRef("id"), quiz=reader.FINAL, submitted_at__isnull=False)
    certificate_status = Case(
        When(certificate__revoked_at__isnull=False, then=Value(Certificate.Status.REVOKED.value)),
        When(certificate__expires_on__lt=today, then=Value(Certificate.Status.EXPIRED.value)),
        When(certificate__id__isnull=False, then=Value(Certificate.Status.VALID.value)),
        default=Value(""),
    )
    return JSONObject(
        completed_at="completed_at",
        version_number="version__number",
        step_count="version__step_count",
        steps_done_count=JSONArrayLength("steps_done"),
        best_score=Subquery(best.order_by("-score").values("score")[:1]),
        certificate_id="certificate__id",
        certificate_status=certificate_status,
    )


def _progress_annotations(assignments: QuerySet[Assignment], today: date) -> dict:
    """What a row of progress needs from SQL, over the outer row's (learner_id, course_id): whether matching
    assignments exist (required ones too) and their earliest due date, and the learner's latest run of the course
    as one JSON value (`_run_summary`), so that each row costs four subqueries, not one per column. Only the rows
    selected evaluate them; `CourseProgress.of` reads the rest from these."""
    matching = _matching(assignments)
    latest = Enrolment.objects.filter(user_id=OuterRef("learner_id"), course_id=OuterRef("course_id")).order_by(
        "-started_at", "-id"
    )
    return {
        "assigned": Exists(matching),
        "required": Exists(matching.filter(required=True)),
        "due_on": Subquery(matching.filter(due_on__isnull=False).order_by("due_on").values("due_on")[:1]),
        "run": Subquery(latest.values(run=_run_summary(today))[:1], output_field=JSONField()),
    }


@dataclass
class CourseProgress:
    """One course on a learner's or a manager's page, as the SQL of `_progress_annotations` computed it."""

    course: Course | None
    user: User | None = None
    assigned: bool = False
    required: bool = False
    due_on: date | None = None
    status: str = "not_started"
    steps_done_count: int | None = None
    step_count: int | None = None
    version_number: int | None = None
    best_score: int | None = None
    certificate_id: int | None = None
    certificate_status: str = ""
    overdue: bool = False

    @classmethod
    def of(cls, annotated, *, today: date, course: Course | None, user: User | None = None) -> CourseProgress:
        """The row of `annotated` (its `_progress_annotations`)."""
        return cls.build(
            course=course,
            user=user,
            assigned=annotated.assigned,
            required=annotated.required,
            due_on=annotated.due_on,
            run=annotated.run,
            today=today,
        )

    @classmethod
    def build(cls, *, course, user, assigned: bool, required: bool, due_on, run: dict | None, today: date):
        """A row from its assignments' figures and its latest run (`_run_summary`, None before any);
        `today` decides what is overdue."""
        status = "not_started" if run is None else "completed" if run["completed_at"] else "in_progress"
        run = run or {}
        certificate_status = run.get("certificate_status") or ""
        overdue = (
            assigned
            and due_on is not None
            and due_on < today
            and (status != "completed" or certificate_status in ("expired", "revoked"))
        )
        return cls(
            course=course,
            user=user,
            assigned=assigned,
            required=required,
            due_on=due_on,
            status=status,
            steps_done_count=run.get("steps_done_count"),
            step_count=run.get("step_count"),
            version_number=run.get("version_number"),
            best_score=run.get("best_score"),
            certificate_id=run.get("certificate_id"),
            certificate_status=certificate_status,
            overdue=bool(overdue),
        )

    @property
    def progress(self) -> int:
        """Percent of the run's steps done (a run's steps are always steps of its version)."""
        if self.status == "completed":
            return 100
        if self.status == "not_started" or not self.step_count:
            return 0
        return round(100 * (self.steps_done_count or 0) / self.step_count)


def learning_for_user(user, *, today: date | None = None) -> list[CourseProgress]:
    """The learner's assigned courses and those they started, with due dates and progress: one query."""
    today = today or timezone.localdate()
    assignments = Assignment.objects.filter(
        organization__in=Membership.objects.filter(user=user).values("organization")
    )
    audience = LearnerProfile.objects.filter(user=user).values("audience")[:1]
    courses = (
        Course.objects.annotate(
            published_title=F("current_version__content__title"),
            course_id=F("id"),
            learner_id=Value(user.id, output_field=IntegerField()),
            learner_audience=Subquery(audience),
        )
        .annotate(**_progress_annotations(assignments, today))
        .filter(Q(assigned=True) | Q(run__isnull=False))
        .order_by(F("due_on").asc(nulls_last=True), "slug", "id")
    )
    for course in courses:  # the title as published (as_published), without loading each version's content
        if course.published_title:
            course.title = LazyI18nString(course.published_title)
    return [CourseProgress.of(course, today=today, course=course) for course in courses]


def _report_pairs(organization: Organization, course: Course | None) -> tuple[QuerySet[Membership], QuerySet]:
    """One row per (member, assigned course): a member's Membership joined to the first (lowest id) of the
    organization's assignments of the course that reach them (none earlier does), so that a person assigned a
    course twice appears once. Returns the rows and the assignments they are drawn from."""
    assignments = Assignment.objects.filter(organization=organization)
    if course is not None:
        assignments = assignments.filter(course=course)
    rows = Membership.objects.filter(organization=organization).annotate(
        assignment_id=F("organization__training_assignments__id"),
        assignment_user=F("organization__training_assignments__user_id"),
        assignment_audience=F("organization__training_assignments__audience"),
        learner_id=F("user_id"),
        learner_audience=F("user__learner_profile__audience"),
        course_id=F("organization__training_assignments__course_id"),
        course_slug=F("organization__training_assignments__course__slug"),
    )
    if course is not None:
        rows = rows.filter(course_id=course.id)
    reaches = (
        Q(assignment_user=F("user_id"))
        | Q(assignment_user__isnull=True, assignment_audience="")
        | Q(assignment_user__isnull=True, assignment_audience=F("learner_audience"))
    )
    # NOT EXISTS (not a "first matching id" subquery per row) lets PostgreSQL hash it as one anti-join.
    earlier = _matching(assignments).filter(id__lt=OuterRef("assignment_id"))
    return rows.filter(reaches & ~Exists(earlier)), assignments


# The report's order, which is also its keyset: learner (name, address, id), then course (English title, id). The
# learner's part is served by the index of training's migration 0004 on the user table.
LEARNER_KEY = ("user__full_name", "user__email", "user_id")
REPORT_KEY = (*LEARNER_KEY, "course_slug", "course_id")


def report_rows(*, organization: Organization, today: date, course: Course | None = None) -> QuerySet[Membership]:
    """Who in the organization is assigned what, and how far they got: one row per (member, assigned course),
    ordered by name then course title, as a lazy queryset; only the rows fetched compute their progress.
    `report_page` turns rows into `CourseProgress`."""
    rows, assignments = _report_pairs(organization, course)
    progress = {**_progress_annotations(assignments, today), "assigned": Value(True)}  # a row is an assignment
    return rows.annotate(**progress).select_related("user").order_by(*REPORT_KEY)


def report_page(rows, today: date | None = None) -> list[CourseProgress]:
    """Rows of `report_rows` (one page of them), with their courses (one query for the page)."""
    today = today or timezone.localdate()
    rows = list(rows)
    courses = Course.objects.in_bulk({row.course_id for row in rows})
    return [CourseProgress.of(row, today=today, course=courses[row.course_id], user=row.user) for row in rows]


class ReportCursorError(ValueError):
    """A page link of the report that is malformed or names a row that is not in the organization's report."""


@dataclass(frozen=True)
class ReportCursor:
    """A row of the report named by ids (learner, course): where a page starts or ends. Ids, not the key's names
    and addresses, so that no one's name goes into a link, a browser's history or a server's log."""

    user_id: int
    course_id: int

    @classmethod
    def parse(cls, text: str) -> ReportCursor:
        found = re.fullmatch(r"(\d{1,18})-(\d{1,18})", text, flags=re.ASCII)
        if found is None:
            raise ReportCursorError(text)
        return cls(int(found[1]), int(found[2]))

    def __str__(self) -> str:
        return f"{self.user_id}-{self.course_id}"


@dataclass
class ReportPage:
    """One page of the report: its rows, and the cursors of the pages before and after it (None at an end)."""

    rows: list[CourseProgress]
    previous: ReportCursor | None
    next: ReportCursor | None

    def __iter__(self):
        return iter(self.rows)


def _report_key(organization: Organization, cursor: ReportCursor) -> tuple:
    """The values of REPORT_KEY at `cursor` (one query); the learner must be a member of the organization."""
    title = Course.objects.filter(id=cursor.course_id).values("slug")[:1]
    found = (
        Membership.objects.filter(organization=organization, user_id=cursor.user_id)
        .annotate(course_slug=Subquery(title))
        .values_list(*LEARNER_KEY, "course_slug")
        .first()
    )
    if found is None or found[-1] is None:
        raise ReportCursorError(str(cursor))
    return (*found, cursor.course_id)


def _reaches(assignment: Assignment, member: Membership) -> bool:
    """`_reaching` for one assignment and one member (annotated with `learner_audience`), in Python: a page builds
    its few rows from the assignments it read."""
    if assignment.user_id is not None:
        return assignment.user_id == member.user_id
    return assignment.audience in ("", member.learner_audience)


def _learner_rows(member: Membership, assignments: list[Assignment], past_cursor: bool) -> list[list[Assignment]]:
    """The member's rows, in the report's order: for each course (`assignments` are in course order) the
    assignments of it that reach them; only the courses past the cursor when `past_cursor` (the cursor's learner)."""
    rows: dict[int, list[Assignment]] = {}
    for assignment in assignments:
        if _reaches(assignment, member) and (not past_cursor or assignment.past_cursor):
            rows.setdefault(assignment.course_id, []).append(assignment)
    return list(rows.values())


def _latest_run_summaries(rows: list[tuple[Membership, list[Assignment]]], today: date) -> dict:
    """{(learner id, course id): `_run_summary` of the latest run} for the rows of a page: one query."""
    runs = (
        Enrolment.objects.filter(
            user_id__in={member.user_id for member, _group in rows},
            course_id__in={group[0].course_id for _member, group in rows},
        )
        .order_by("-started_at", "-id")
        .values_list("user_id", "course_id", _run_summary(today))
    )
    latest: dict = {}
    for user_id, course_id, run in runs:
        latest.setdefault((user_id, course_id), run)
    return latest


def _due_on(group: list[Assignment]) -> date | None:
    return min((a.due_on for a in group if a.due_on is not None), default=None)


def _past_due(group: list[Assignment], today: date) -> bool:
    due_on = _due_on(group)
    return due_on is not None and due_on < today


def _progress(member: Membership, group: list[Assignment], runs: dict, today: date) -> CourseProgress:
    """A row of a keyset page: the member's assignments of one course (`group`) and their latest run of it."""
    return CourseProgress.build(
        course=group[0].course,
        user=member.user,
        assigned=True,
        required=any(assignment.required for assignment in group),
        due_on=_due_on(group),
        run=runs.get((member.user_id, group[0].course_id)),
        today=today,
    )


def report_keyset_page(
    *,
    organization: Organization,
    today: date,
    size: int,
    course: Course | None = None,
    after: ReportCursor | None = None,
    before: ReportCursor | None = None,
    overdue_only: bool = False,
) -> ReportPage:
    """The `size` rows of the report after the row `after` (or before `before`; the first rows without either),
    by keyset: the learners in key order from the cursor's learner on (an index walk on the user table, `size` + 2
    of them at most: each has a row at least), the assignments that may reach them, and the latest runs of the
    rows shown. No query reads a learner outside the page, so a page costs the same whatever the size of the
    organization: four small queries (the cursor's row, the learners, the assignments, the runs), each quick to
    plan (one query joining them all cost PostgreSQL more to plan than to run).

    `overdue_only`: only the overdue rows. The learners are then those with an overdue row (one more EXISTS on the
    same index walk), and the runs are read for the past-due rows of the learners read before the page is cut, so
    that the rows not overdue (done in time) are left out before counting `size`."""
    cursor = before or after
    forward = before is None
    assignments = Assignment.objects.filter(organization=organization)
    if course is not None:
        assignments = assignments.filter(course=course)
    learners = (
        Membership.objects.filter(organization=organization)
        .annotate(learner_id=F("user_id"), learner_audience=F("user__learner_profile__audience"))
        .filter(Exists(_reaching(assignments)))
        .select_related("user")
        .order_by(*LEARNER_KEY)
    )
    in_course_order = assignments.select_related("course").order_by("course__slug", "course_id", "id")
    if cursor is not None:
        key = _report_key(organization, cursor)
        learner_bound, row_bound = (GreaterThanOrEqual, GreaterThan) if forward else (LessThanOrEqual, LessThan)
        learners = learners.filter(learner_bound(RowValue(*LEARNER_KEY), RowValue(*map(Value, key[:3]))))
        course_key = RowValue("course__slug", "course_id")
        in_course_order = in_course_order.annotate(past_cursor=row_bound(course_key, RowValue(*map(Value, key[3:]))))
    if overdue_only:
        learners = learners.filter(Exists(_overdue_reaching(assignments, today)))
    if not forward:
        learners = learners.reverse()
    learners = list(learners[: size + 2])
    in_course_order = list(
        in_course_order.filter(Q(user__isnull=True) | Q(user_id__in=[member.user_id for member in learners]))
    )
    rows: list[tuple[Membership, list[Assignment]]] = []
    for member in learners:
        groups = _learner_rows(member, in_course_order, cursor is not None and member.user_id == cursor.user_id)
        if overdue_only:
            groups = [group for group in groups if _past_due(group, today)]
        rows += [(member, group) for group in (groups if forward else groups[::-1])]
        if len(rows) > size and not overdue_only:
            break
    if overdue_only:  # the runs decide which past-due rows are overdue: read them before cutting the page
        runs = _latest_run_summaries(rows, today) if rows else {}
        built = [row for row in (_progress(member, group, runs, today) for member, group in rows) if row.overdue]
        more, shown = len(built) > size, built[:size]
    else:
        more, rows = len(rows) > size, rows[:size]
        runs = _latest_run_summaries(rows, today) if rows else {}
        shown = [_progress(member, group, runs, today) for member, group in rows]
    if not forward:
        shown.reverse()
    if not shown:
        return ReportPage(rows=[], previous=None, next=None)
    first, last = (ReportCursor(row.user.id, row.course.id) for row in (shown[0], shown[-1]))
    return ReportPage(
        rows=shown,
        previous=first if (more if not forward else cursor is not None) else None,
        next=last if (more if forward else True) else None,
    )


def report_pages(
    *, organization: Organization, today: date, size: int, course: Course | None = None, overdue_only: bool = False
):
    """Every row of the report, `size` rows (one keyset page) at a time: what a download writes, with a few small
    queries per page and nothing read twice."""
    after = None
    while True:
        page = report_keyset_page(
            organization=organization, today=today, size=size, course=course, after=after, overdue_only=overdue_only
        )
        yield page.rows
        if page.next is None:
            return
        after = page.next


def _latest_runs(learner=None, course=None) -> QuerySet[Enrolment]:
    """The learner's runs of the course that no later run follows; by default the outer row's `learner_id` and
    `course_id`."""
    later = Enrolment.objects.filter(user_id=OuterRef("user_id"), course_id=OuterRef("course_id")).filter(
        Q(started_at__gt=OuterRef("started_at")) | Q(started_at=OuterRef("started_at"), id__gt=OuterRef("id"))
    )
    learner = learner if learner is not None else OuterRef("learner_id")
    course = course if course is not None else OuterRef("course_id")
    return Enrolment.objects.filter(user_id=learner, course_id=course).filter(~Exists(later))


def _done(runs: QuerySet[Enrolment], today: date) -> QuerySet[Enrolment]:
    """The completed runs among `runs` whose certificate (if the course gives one) still counts `today`: what ends
    an assignment's being overdue (`CourseProgress.build` says the same in Python)."""
    valid = Q(certificate__revoked_at__isnull=True) & (
        Q(certificate__expires_on__isnull=True) | Q(certificate__expires_on__gte=today)
    )
    return runs.filter(completed_at__isnull=False).filter(Q(certificate__isnull=True) | valid)


def _overdue_reaching(assignments: QuerySet[Assignment], today: date) -> QuerySet[Assignment]:
    """The assignments reaching the outer row's learner that are past due and whose course they have not done: the
    learner has an overdue row."""
    not_done = ~Exists(_done(_latest_runs(OuterRef(OuterRef("learner_id")), OuterRef("course_id")), today))
    return _reaching(assignments).filter(due_on__lt=today).filter(not_done)


# The chart's parts: each row of the report counts in exactly one. Overdue first (a row overdue is counted there
# only), then the row's status.
COMPLETION_PARTS = ("completed", "in_progress", "not_started", "overdue")


def _per_course(rows) -> dict[int, int]:
    return dict(rows.values("course_id").annotate(n=Count("id")).order_by().values_list("course_id", "n"))


def report_completion(*, organization: Organization, today: date, course: Course | None = None) -> list[dict]:
    """The report's rows counted per course, nothing built per row: for each course its id and title, `total`,
    `completed_any` (the latest run completed, as the rows' status says) and the chart's parts (COMPLETION_PARTS),
    which add up to `total`. Six grouped counts, whatever the number of rows, each condition an EXISTS in the WHERE
    clause, which PostgreSQL runs as a semi- or anti-join: at 5,000 learners x 10 courses they took 2.7 s together
    on a busy machine, where one query counting each condition per row (EXISTS in the SELECT list: a subplan per
    row) took 14 s. `_report_pairs` gives the rows."""
    rows, assignments = _report_pairs(organization, course)
    started = Exists(Enrolment.objects.filter(user_id=OuterRef("learner_id"), course_id=OuterRef("course_id")))
    completed = Exists(_latest_runs().filter(completed_at__isnull=False))
    overdue = rows.filter(Exists(_matching(assignments).filter(due_on__lt=today))).exclude(
        Exists(_done(_latest_runs(), today))
    )
    totals = (
        rows.annotate(course_title=F("organization__training_assignments__course__title"))
        .values("course_id", "course_title")
        .annotate(total=Count("id"))
        .order_by("course_id")
    )
    counts = {
        "started": _per_course(rows.filter(started)),
        "completed_any": _per_course(rows.filter(completed)),
        "overdue": _per_course(overdue),
        "overdue_started": _per_course(overdue.filter(started)),
        "overdue_completed": _per_course(overdue.filter(completed)),
    }
    found = []
    for row in totals:
        n = {name: per_course.get(row["course_id"], 0) for name, per_course in counts.items()}
        found.append(
            {
                "course_id": row["course_id"],
                # The course's title is a translated text (a JSON column, grouped as stored): given as {code: text}.
                "course_title": text_data(row["course_title"]),
                "total": row["total"],
                "completed_any": n["completed_any"],
                "overdue": n["overdue"],
                "completed": n["completed_any"] - n["overdue_completed"],
                "in_progress": n["started"] - n["completed_any"] - (n["overdue_started"] - n["overdue_completed"]),
                "not_started": row["total"] - n["started"] - (n["overdue"] - n["overdue_started"]),
            }
        )
    return found


def _count_summary(organization: Organization, today: date, course: Course | None) -> dict:
    by_course = report_completion(organization=organization, today=today, course=course)
    return {
        "total": sum(row["total"] for row in by_course),
        "completed": sum(row["completed_any"] for row in by_course),
        "overdue": sum(row["overdue"] for row in by_course),
        "by_course": by_course,
        "as_of": timezone.now(),
    }


def report_summary(*, organization: Organization, today: date, course: Course | None = None) -> dict:
    """The report's counts and `as_of`, when they were counted: `total`, `completed`, `overdue` and `by_course`
    (`report_completion`: courses and numbers). Counting reads every row of the organization, so the figures
    (counts only: nothing about a person) are kept in the cache, per organization, course and day, and counted
    again after TRAINING_REPORT_SUMMARY_SECONDS by ONE request: the others meanwhile show the figures they have,
    with their time (make bench: when every worker counted at once as the figures ended, none answered in time)."""
    key = f"training:report-summary:{organization.id}:{course.id if course else 'all'}:{today.isoformat()}"
    seconds = conf.report_summary_seconds()
    try:
        figures = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down: count for this request
        figures = None
    if figures is not None and (timezone.now() - figures["as_of"]).total_seconds() < seconds:
        return figures
    if figures is not None:
        try:
            counting_elsewhere = not cache.add(f"{key}:counting", 1, 60)
        except Exception:  # noqa: BLE001 - a cache that is down: count for this request
            counting_elsewhere = False
        if counting_elsewhere:
            return figures
    figures = _count_summary(organization, today, course)
    with suppress(Exception):  # a cache that is down: the next request counts again
        cache.set(key, figures, 24 * 3600)  # the key names the day: kept no longer than it
        cache.delete(f"{key}:counting")
    return figures


def report_too_big(*, organization: Organization, course: Course | None, limit: int) -> bool:
    """Whether the report has more than `limit` rows (counting `limit` + 1 at most, in no order)."""
    rows, _assignments = _report_pairs(organization, course)
    return rows.order_by()[: limit + 1].count() > limit


def assignments_due_by(day: date) -> QuerySet[Assignment]:
    return Assignment.objects.filter(due_on__isnull=False, due_on__lte=day).select_related("course")


def assignment_people(assignment: Assignment) -> QuerySet[User]:
    people = User.objects.filter(is_active=True, memberships__organization_id=assignment.organization_id)
    if assignment.user_id:
        return people.filter(id=assignment.user_id)
    if assignment.audience:
        return people.filter(learner_profile__audience=assignment.audience)
    return people


def assignment_people_not_done(*, assignment: Assignment, today: date) -> QuerySet[User]:
    done = Certificate.objects.filter(enrolment__course_id=assignment.course_id, revoked_at__isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )
    return assignment_people(assignment).exclude(id__in=done.values("user_id")).distinct()


def assignment_people_to_remind(*, assignment: Assignment, kind: str, today: date) -> QuerySet[User]:
    """The people of an assignment not done with its course and not yet reminded of this kind, in a stable
    order, so that a run takes the next chunk of them."""
    reminded = Reminder.objects.filter(assignment=assignment, kind=kind).values("user_id")
    return assignment_people_not_done(assignment=assignment, today=today).exclude(id__in=reminded).order_by("id")


@dataclass(frozen=True)
class OverdueInOrganization:
    """The workspace's training part for one organization a manager manages: how many report rows (a learner and
    a course) are overdue, and the first of them (the report's order, `CourseProgress` rows)."""

    organization: Organization
    overdue_count: int
    rows: list[CourseProgress]


def overdue_learners(user, *, today: date, size: int) -> list[OverdueInOrganization]:
    """For each organization the user manages training for (none for anyone else), its overdue rows: the report's
    own count (`report_summary`, kept in the cache) and its first page of overdue rows (`report_keyset_page`), so
    that the cost does not grow with the number of learners or assignments."""
    found = []
    for organization in organizations_managed(user):
        summary = report_summary(organization=organization, today=today)
        if not summary["overdue"]:
            continue
        page = report_keyset_page(organization=organization, today=today, size=size, overdue_only=True)
        found.append(OverdueInOrganization(organization, summary["overdue"], page.rows))
    return found


def organizations_managed(user) -> QuerySet[Organization]:
    if not has_role(user, TRAINING_MANAGER):
        return Organization.objects.none()
    return Organization.objects.filter(id__in=user_organization_ids(user)).order_by("name")


def assignments_for_organizations(organization_ids) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(organization_id__in=organization_ids)
        .select_related("course", "organization", "user")
        .order_by("due_on", "id")
    )


def members_of(organization_ids) -> QuerySet[User]:
    return User.objects.filter(memberships__organization_id__in=organization_ids).distinct().order_by("full_name")


# ----- public statistics (opendata/stats.py) -------------------------------------------------------------------


def completion_counts_by_year(*, before) -> list[dict]:
    """Courses completed before `before`, counted by year of completion, course and the learner's audience (sector;
    "" where the learner gave none), in one grouped query. Nothing that names a learner."""
    rows = (
        Enrolment.objects.filter(completed_at__isnull=False, completed_at__lt=before)
        .annotate(year=ExtractYear("completed_at"), audience=Coalesce("user__learner_profile__audience", Value("")))
        .values("year", "audience", "course__slug", "course__title")
        .annotate(n=Count("id"))
        .order_by()
    )
    # The course's title is a translated text (a JSON column, grouped as it is stored): given as {code: text}.
    return [{**row, "course__title": text_data(row["course__title"])} for row in rows]


def audience_choices() -> list[tuple[str, str]]:
    return list(Audience.choices)


# ----- writing courses in the portal (training/authoring.py) ------------------------------------------------


def courses_written_by(organizations: QuerySet[Organization]) -> QuerySet[Course]:
    return (
        Course.objects.filter(organization__in=organizations)
        .select_related("organization", "current_version")
        .defer("current_version__content")
        .order_by("organization__name", "slug")
    )


def draft_outline(course: Course) -> dict:
    """A draft's modules with their lessons and knowledge-check questions, and the final assessment's questions, in
    their order (three queries)."""
    modules = list(
        course.modules.prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.order_by("order", "id")),
            Prefetch("questions", queryset=Question.objects.order_by("order", "id")),
        ).order_by("order", "id")
    )
    final = list(course.questions.filter(module__isnull=True).order_by("order", "id"))
    return {"modules": modules, "final": final}


def course_versions(course: Course) -> QuerySet[CourseVersion]:
    return course.versions.select_related("published_by").defer("content").order_by("-number")

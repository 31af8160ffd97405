"""Reads of the training app: catalogue, a learner's courses, the managers' completion report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from taskforce.models import Membership, Organization, User
from taskforce.roles import TRAINING_MANAGER, has_role, user_organization_ids

from . import reader
from .models import Assignment, Attempt, Certificate, Course, Enrolment, LearnerProfile, Reminder


def courses_published() -> QuerySet[Course]:
    return Course.objects.filter(current_version__isnull=False).select_related("current_version")


def courses_assignable() -> QuerySet[Course]:
    """Published courses for staff, for choosing one (without loading any version's content)."""
    return Course.objects.filter(current_version__isnull=False, is_open=False)


def course_by_slug(slug: str) -> Course | None:
    return courses_published().filter(slug=slug).first()


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


def _matching(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The assignments (among `assignments`) of the outer row's course that reach its learner: made to them, to
    everyone, or to their audience. The outer query names `course_id`, `learner_id` and `learner_audience`."""
    return assignments.filter(course_id=OuterRef("course_id")).filter(
        Q(user_id=OuterRef("learner_id"))
        | Q(user__isnull=True, audience="")
        | Q(user__isnull=True, audience=OuterRef("learner_audience"))
    )


def _progress_annotations(assignments: QuerySet[Assignment], today: date) -> dict:
    """Everything a row of progress shows, as SQL over the outer row's (learner_id, course_id): its matching
    assignments, and the learner's latest run of the course with its certificate and best final score. Only
    the rows selected (one page) evaluate these subqueries."""
    matching = _matching(assignments)
    latest = Enrolment.objects.filter(user_id=OuterRef("learner_id"), course_id=OuterRef("course_id")).order_by(
        "-started_at", "-id"
    )
    certificate_status = Case(
        When(certificate__revoked_at__isnull=False, then=Value(Certificate.Status.REVOKED.value)),
        When(certificate__expires_on__lt=today, then=Value(Certificate.Status.EXPIRED.value)),
        When(certificate__id__isnull=False, then=Value(Certificate.Status.VALID.value)),
        default=Value(""),
    )
    best = Attempt.objects.filter(enrolment_id=OuterRef("enrolment_id"), quiz=reader.FINAL, submitted_at__isnull=False)
    return {
        "assigned": Exists(matching),
        "required": Exists(matching.filter(required=True)),
        "due_on": Subquery(matching.filter(due_on__isnull=False).order_by("due_on").values("due_on")[:1]),
        "enrolment_id": Subquery(latest.values("id")[:1]),
        "completed_at": Subquery(latest.values("completed_at")[:1]),
        "version_number": Subquery(latest.values("version__number")[:1]),
        "step_count": Subquery(latest.values("version__step_count")[:1]),
        "steps_done_count": Subquery(latest.annotate(n=JSONArrayLength("steps_done")).values("n")[:1]),
        "best_score": Subquery(best.order_by("-score").values("score")[:1]),
        "certificate_id": Subquery(latest.values("certificate__id")[:1]),
        "certificate_status": Coalesce(
            Subquery(latest.annotate(s=certificate_status).values("s")[:1]), Value(""), output_field=CharField()
        ),
        "status": Case(
            When(enrolment_id__isnull=True, then=Value("not_started")),
            When(completed_at__isnull=False, then=Value("completed")),
            default=Value("in_progress"),
        ),
        "overdue": Case(
            When(
                Q(assigned=True, due_on__lt=today)
                & (Q(completed_at__isnull=True) | Q(certificate_status__in=["expired", "revoked"])),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
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
    def of(cls, annotated, *, course: Course | None, user: User | None = None) -> CourseProgress:
        values = {name: getattr(annotated, name) for name in _ROW_FIELDS}
        return cls(course=course, user=user, **values)

    @property
    def progress(self) -> int:
        """Percent of the run's steps done (a run's steps are always steps of its version)."""
        if self.status == "completed":
            return 100
        if self.status == "not_started" or not self.step_count:
            return 0
        return round(100 * (self.steps_done_count or 0) / self.step_count)


_ROW_FIELDS = [
    name for name in CourseProgress.__dataclass_fields__ if name not in {"course", "user"} and not name.startswith("_")
]


def learning_for_user(user, *, today: date | None = None) -> list[CourseProgress]:
    """The learner's assigned courses and those they started, with due dates and progress: one query."""
    today = today or timezone.localdate()
    assignments = Assignment.objects.filter(
        organization__in=Membership.objects.filter(user=user).values("organization")
    )
    audience = LearnerProfile.objects.filter(user=user).values("audience")[:1]
    courses = (
        Course.objects.annotate(
            course_id=F("id"),
            learner_id=Value(user.id, output_field=IntegerField()),
            learner_audience=Subquery(audience),
        )
        .annotate(**_progress_annotations(assignments, today))
        .filter(Q(assigned=True) | Q(enrolment_id__isnull=False))
        .order_by(F("due_on").asc(nulls_last=True), "title_en", "id")
    )
    return [CourseProgress.of(course, course=course) for course in courses]


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
        course_title=F("organization__training_assignments__course__title_en"),
        course_title_fr=F("organization__training_assignments__course__title_fr"),
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


def report_rows(*, organization: Organization, today: date, course: Course | None = None) -> QuerySet[Membership]:
    """Who in the organization is assigned what, and how far they got: one row per (member, assigned course),
    ordered by name then course title, as a lazy queryset that pages in SQL; only the rows fetched (one page)
    compute their progress. `report_page` turns a page into rows."""
    rows, assignments = _report_pairs(organization, course)
    return (
        rows.annotate(**_progress_annotations(assignments, today))
        .select_related("user")
        .order_by("user__full_name", "user__email", "course_title", "user_id", "course_id")
    )


def report_page(rows) -> list[CourseProgress]:
    """The rows of one page of `report_rows`, with their courses (one query for the page)."""
    rows = list(rows)
    courses = Course.objects.in_bulk({row.course_id for row in rows})
    return [CourseProgress.of(row, course=courses[row.course_id], user=row.user) for row in rows]


def _latest_runs() -> QuerySet[Enrolment]:
    """The outer row's learner's runs of its course that no later run follows."""
    later = Enrolment.objects.filter(user_id=OuterRef("user_id"), course_id=OuterRef("course_id")).filter(
        Q(started_at__gt=OuterRef("started_at")) | Q(started_at=OuterRef("started_at"), id__gt=OuterRef("id"))
    )
    return Enrolment.objects.filter(user_id=OuterRef("learner_id"), course_id=OuterRef("course_id")).filter(
        ~Exists(later)
    )


def report_summary(*, organization: Organization, today: date, course: Course | None = None) -> dict:
    """How many rows of the report are completed, and how many overdue (what the rows' `status` and `overdue`
    say), as two counts whose conditions are semi- and anti-joins (no per-row subquery). Call it only when the
    report has at most LIST_COUNT_LIMIT rows (the page's count says so)."""
    rows, assignments = _report_pairs(organization, course)
    completed = _latest_runs().filter(completed_at__isnull=False)
    certificate_valid = Q(certificate__revoked_at__isnull=True) & (
        Q(certificate__expires_on__isnull=True) | Q(certificate__expires_on__gte=today)
    )
    done = completed.filter(Q(certificate__isnull=True) | certificate_valid)
    late = _matching(assignments).filter(due_on__lt=today)
    return {
        "completed": rows.filter(Exists(completed)).count(),
        "overdue": rows.filter(Exists(late)).exclude(Exists(done)).count(),
    }


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

"""Reads of the training app: catalogue, a learner's courses, the managers' completion report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from taskforce.models import Membership, Organization, User
from taskforce.roles import TRAINING_MANAGER, has_role, user_organization_ids

from . import reader
from .models import Assignment, Attempt, Certificate, Course, CourseVersion, Enrolment, LearnerProfile


def courses_published() -> QuerySet[Course]:
    return Course.objects.filter(current_version__isnull=False).select_related("current_version")


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


def _assignments_matching(user) -> QuerySet[Assignment]:
    audience = LearnerProfile.objects.filter(user=user).values("audience")
    return Assignment.objects.filter(organization__memberships__user=user).filter(
        Q(user=user) | Q(user__isnull=True, audience="") | Q(user__isnull=True, audience__in=Subquery(audience))
    )


@dataclass
class CourseProgress:
    """One course on a learner's or a manager's page."""

    course: Course
    enrolment: Enrolment | None = None
    assigned: bool = False
    required: bool = False
    due_on: date | None = None
    best_score: int | None = None
    user: User | None = None

    @property
    def progress(self) -> int:
        if not self.enrolment:
            return 0
        if self.enrolment.completed_at:
            return 100
        return reader.for_version(self.enrolment.version).progress(self.enrolment.steps_done)

    @property
    def status(self) -> str:
        if not self.enrolment:
            return "not_started"
        return "completed" if self.enrolment.completed_at else "in_progress"

    @property
    def certificate(self) -> Certificate | None:
        return getattr(self.enrolment, "certificate", None) if self.enrolment else None

    @property
    def certificate_status(self) -> str:
        return self.certificate.status() if self.certificate else ""

    @property
    def version_number(self) -> int | None:
        return self.enrolment.version.number if self.enrolment else None

    @property
    def overdue(self) -> bool:
        done = self.enrolment is not None and enrolment_still_valid(self.enrolment)
        return bool(self.assigned and self.due_on and self.due_on < timezone.localdate() and not done)


def _merge_assignment(row: CourseProgress, assignment: Assignment) -> None:
    row.assigned = True
    row.required = row.required or assignment.required
    if assignment.due_on and (row.due_on is None or assignment.due_on < row.due_on):
        row.due_on = assignment.due_on


def learning_for_user(user) -> list[CourseProgress]:
    """The learner's assigned courses and those they started, with due dates and progress."""
    rows: dict[int, CourseProgress] = {}
    for assignment in _assignments_matching(user).select_related("course").distinct():
        row = rows.setdefault(assignment.course_id, CourseProgress(course=assignment.course))
        _merge_assignment(row, assignment)
    enrolments = Enrolment.objects.filter(user=user).select_related("course", "version", "certificate")
    for enrolment in enrolments.order_by("started_at", "id"):
        row = rows.setdefault(enrolment.course_id, CourseProgress(course=enrolment.course))
        row.enrolment = enrolment
    return sorted(rows.values(), key=lambda r: (r.due_on is None, r.due_on or date.max, r.course.title_en))


def _enrolments_in_organization(organization: Organization, course_ids) -> list[Enrolment]:
    """Enrolments of the organization's members, each pointing at one shared, already loaded version (a
    version's content is large: it is read once per version, not once per enrolment)."""
    best = (
        Attempt.objects.filter(enrolment=OuterRef("pk"), quiz=reader.FINAL, submitted_at__isnull=False)
        .order_by("-score")
        .values("score")[:1]
    )
    enrolments = list(
        Enrolment.objects.filter(user__memberships__organization=organization, course_id__in=course_ids)
        .select_related("certificate")
        .annotate(best_score=Subquery(best))
        .order_by("started_at", "id")
    )
    versions = CourseVersion.objects.in_bulk({e.version_id for e in enrolments})
    for enrolment in enrolments:
        enrolment.version = versions[enrolment.version_id]
    return enrolments


def report_rows(*, organization: Organization, course: Course | None = None) -> list[CourseProgress]:
    """Who in the organization is assigned what, and how far they got. Four queries whatever the size."""
    assignments = Assignment.objects.filter(organization=organization).select_related("course")
    if course is not None:
        assignments = assignments.filter(course=course)
    assignments = list(assignments)
    members = list(
        Membership.objects.filter(organization=organization)
        .select_related("user", "user__learner_profile")
        .order_by("user__full_name", "user__email")
    )
    rows: dict[tuple[int, int], CourseProgress] = {}
    courses = {a.course_id: a.course for a in assignments}
    for membership in members:
        user = membership.user
        audience = getattr(getattr(user, "learner_profile", None), "audience", None)
        for assignment in assignments:
            if assignment.user_id not in (None, user.id) or (assignment.audience and assignment.audience != audience):
                continue
            row = rows.setdefault((user.id, assignment.course_id), CourseProgress(course=assignment.course, user=user))
            _merge_assignment(row, assignment)
    users = {m.user_id: m.user for m in members}
    for enrolment in _enrolments_in_organization(organization, list(courses)):
        row = rows.get((enrolment.user_id, enrolment.course_id))
        if row is not None:
            row.enrolment = enrolment
            row.best_score = enrolment.best_score
    order = {user_id: index for index, user_id in enumerate(users)}
    return sorted(rows.values(), key=lambda r: (order[r.user.id], r.course.title_en))


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

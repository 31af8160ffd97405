"""The one place that answers who may see or change what in training."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from taskforce.models import Organization
from taskforce.roles import TRAINING_MANAGER, has_role, user_organization_ids

from .models import (
    Attempt,
    Certificate,
    Course,
    Enrolment,
    Invitation,
    Lesson,
    Module,
    Question,
    ScormPackage,
    SignupRequest,
)


def is_training_manager(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, TRAINING_MANAGER)


def require_training_manager(user) -> None:
    if not is_training_manager(user):
        raise PermissionDenied


def organization_for_manager(user, organization_id) -> Organization:
    """An organization whose report and assignments this Training manager may see: only their own."""
    require_training_manager(user)
    try:
        organization_id = int(organization_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if organization_id not in user_organization_ids(user):
        raise Http404
    return Organization.objects.get(id=organization_id)


def enrolment_for_user(user, enrolment_id) -> Enrolment:
    enrolment = Enrolment.objects.select_related("version", "course").filter(id=enrolment_id).first()
    if enrolment is None or enrolment.user_id != user.id:
        raise Http404
    return enrolment


def attempt_for_user(user, attempt_id) -> Attempt:
    attempt = Attempt.objects.select_related("enrolment__version", "enrolment__course").filter(id=attempt_id).first()
    if attempt is None or attempt.enrolment.user_id != user.id:
        raise Http404
    return attempt


def certificate_for_owner(user, certificate_id) -> Certificate:
    certificate = Certificate.objects.filter(id=certificate_id).first()
    if certificate is None or certificate.user_id != user.id:
        raise Http404
    return certificate


def certificate_for_manager(user, certificate_id) -> Certificate:
    """A certificate a Training manager may revoke: one held by a member of one of their organizations."""
    require_training_manager(user)
    certificate = Certificate.objects.filter(
        id=certificate_id, user__memberships__organization_id__in=user_organization_ids(user)
    ).first()
    if certificate is None:
        raise Http404
    return certificate


def invitation_for_manager(user, invitation_id) -> Invitation:
    """An invitation a Training manager may resend or revoke: one of their own organizations' (others: 404)."""
    require_training_manager(user)
    invitation = Invitation.objects.filter(id=invitation_id, organization_id__in=user_organization_ids(user)).first()
    if invitation is None:
        raise Http404
    return invitation


def signup_for_manager(user, signup_id) -> SignupRequest:
    """A self-registration request a Training manager may approve or refuse: one waiting in one of their own
    organizations (others, and requests not waiting for a decision: 404)."""
    require_training_manager(user)
    signup = SignupRequest.objects.filter(
        id=signup_id, organization_id__in=user_organization_ids(user), state=SignupRequest.State.WAITING
    ).first()
    if signup is None:
        raise Http404
    return signup


def scorm_package_for_user(user, package_id) -> ScormPackage:
    """A SCORM package whose files this person may open: a learner enrolled in a version that runs it, or staff
    previewing it (from the admin, where packages are imported)."""
    package = ScormPackage.objects.filter(id=package_id).first()
    if package is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if user.is_staff:
        return package
    if not Enrolment.objects.filter(user=user, version__content__scorm__package=package.pk).exists():
        raise Http404
    return package


def course_for_author(user, course_id) -> Course:
    """A course this training manager may write: one of their own organizations' (a course loaded from the content
    files, or another organization's, is not found)."""
    require_training_manager(user)
    course = Course.objects.filter(id=course_id, organization_id__in=user_organization_ids(user)).first()
    if course is None:
        raise Http404
    return course


def draft_row_for_author(user, model: type[Module | Lesson | Question], row_id):
    """A module, lesson or question of a course this training manager may write, with its course."""
    require_training_manager(user)
    course_path = {Module: "course", Lesson: "module__course", Question: "course"}[model]
    row = (
        model.objects.select_related(course_path)
        .filter(id=row_id, **{f"{course_path}__organization_id__in": user_organization_ids(user)})
        .first()
    )
    if row is None:
        raise Http404
    return row

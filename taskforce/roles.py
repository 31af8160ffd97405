"""Roles are Django groups. Scoping by organization is done by each app's access helpers.

Who holds a role in which organizations (to notify them): `taskforce.selectors.users_with_role(role, org_ids)`."""

from django.utils.translation import gettext_lazy as _

COORDINATOR = "Coordinator"
MEMBER = "Task force member"
TIP_HANDLER = "Tip handler"
# Runs a hotline's team: its labels, its statistics, escalations of its unopened tips. Reads no tip by this role.
HOTLINE_COORDINATOR = "Hotline coordinator"
REGISTRY_EDITOR = "Registry editor"
REGISTRY_APPROVER = "Registry approver"
TRAINING_MANAGER = "Training manager"
LEARNER = "Learner"

ROLE_LABELS = {
    COORDINATOR: _("Coordinator"),
    MEMBER: _("Task force member"),
    TIP_HANDLER: _("Tip handler"),
    HOTLINE_COORDINATOR: _("Hotline coordinator"),
    REGISTRY_EDITOR: _("Registry editor"),
    REGISTRY_APPROVER: _("Registry approver"),
    TRAINING_MANAGER: _("Training manager"),
    LEARNER: _("Learner"),
}
ALL_ROLES = tuple(ROLE_LABELS)

# Roles that read tips or approve registry entries sign in with a one-time password too (so does the admin).
OTP_ROLES = frozenset({TIP_HANDLER, HOTLINE_COORDINATOR, REGISTRY_APPROVER})

# Model permissions each role's group carries (used by the admin; the portal's own checks are in access helpers).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    COORDINATOR: [
        "taskforce.view_organization",
        "taskforce.view_membership",
        "taskforce.view_notification",
    ],
    MEMBER: [],
    TIP_HANDLER: [],
    HOTLINE_COORDINATOR: [],
    REGISTRY_EDITOR: [],
    REGISTRY_APPROVER: [],
    TRAINING_MANAGER: [],
    LEARNER: [],
}


def _read_once(user, attribute: str, values) -> frozenset:
    """`values()` as a frozenset, kept on the user object under `attribute`; nothing for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, attribute, None)
    if cached is None:
        cached = frozenset(values())
        setattr(user, attribute, cached)
    return cached


def user_roles(user) -> frozenset[str]:
    """The names of the user's roles, read once per user object."""
    return _read_once(user, "_role_names", lambda: user.groups.values_list("name", flat=True))


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user).intersection(roles))


def is_coordinator(user) -> bool:
    """Coordinators, and superusers, oversee everything: the one spelling of this test."""
    return bool(getattr(user, "is_authenticated", False)) and (user.is_superuser or has_role(user, COORDINATOR))


def requires_otp(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_staff or user.is_superuser or has_role(user, *OTP_ROLES)
    )


def user_organization_ids(user) -> frozenset[int]:
    """Ids of the organizations the user belongs to, read once per user object."""
    return _read_once(user, "_organization_ids", lambda: user.memberships.values_list("organization_id", flat=True))

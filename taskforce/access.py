"""The shared access helpers: who may reach the task force's own staff pages. Each app's `access.py` answers for
its objects; views and API endpoints call these at their door and never test roles themselves."""

from django.core.exceptions import PermissionDenied

from . import roles


def require_coordinator(user) -> None:
    """Pages for coordinators (and superusers) only: failed notifications, assessment counts, CSV import..."""
    if not roles.is_coordinator(user):
        raise PermissionDenied


def holds_any(user, allowed_roles) -> bool:
    """Whether a staff link for `allowed_roles` is shown to the user (superusers see every link)."""
    return bool(roles.user_roles(user) & set(allowed_roles)) or bool(getattr(user, "is_superuser", False))

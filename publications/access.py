"""The one place that answers "may this person see or change this registry entry"."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from taskforce import roles

from . import selectors
from .models import RegistryEntry, RegistrySource

REGISTRY_STAFF_ROLES = (roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER)


def is_registry_staff(user) -> bool:
    return roles.has_role(user, *REGISTRY_STAFF_ROLES)


def is_editor(user) -> bool:
    return roles.has_role(user, roles.REGISTRY_EDITOR)


def is_approver(user) -> bool:
    return roles.has_role(user, roles.REGISTRY_APPROVER)


def require_registry_staff(user) -> None:
    """Registry editors and approvers work on entries; anyone else is refused."""
    if not is_registry_staff(user):
        raise PermissionDenied(_("Only registry editors and approvers may use the registry workflow."))


def require_editor(user) -> None:
    """Drafting and correcting (pages and API) is for Registry editors."""
    if not is_editor(user):
        raise PermissionDenied(_("Only registry editors may draft or correct entries."))


def require_role(actor, *role_names: str) -> None:
    """The services' check of the step an actor takes (the same check whichever door they came through)."""
    if not roles.has_role(actor, *role_names):
        raise PermissionDenied(_("Your role does not allow this."))


def entry_for_staff(user, public_id: str) -> RegistryEntry:
    require_registry_staff(user)
    entry = RegistryEntry.objects.select_related("created_by", "approved_by").filter(public_id=public_id).first()
    if entry is None:
        raise Http404
    return entry


def entry_for_public(public_id: str) -> RegistryEntry:
    """A published entry, or a delisted one (shown as a notice); never a draft."""
    entry = selectors.registry_entry_by_public_id(public_id)
    if entry is None:
        raise Http404
    return entry


def source_for_download(user, source_id: int) -> RegistrySource:
    """A stored source document: public when the public page shows it (a public entry, and not part of a correction
    still waiting or rejected); otherwise only to registry staff. Anyone else gets 404, as if it did not exist."""
    source = selectors.registry_source_document(source_id)
    if source is None:
        raise Http404
    if is_registry_staff(user):
        return source
    if not (source.entry.is_public and selectors.registry_public_sources().filter(id=source.id).exists()):
        raise Http404
    return source

"""The one place that answers "may this user read or handle this tip?"."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from taskforce import roles

from . import selectors
from .models import Hotline, Tip


def require_tip_handler(user) -> None:
    """Only signed-in tip handlers reach the inbox; everyone else is refused (403)."""
    if not getattr(user, "is_authenticated", False) or not roles.has_role(user, roles.TIP_HANDLER):
        raise PermissionDenied


def tip_for_user(user, tip_id: int) -> Tip:
    """The tip, if it is routed to a hotline of one of the handler's organizations.

    Not a handler: 403. A handler of other hotlines: 404 (they are not told the tip exists).
    """
    require_tip_handler(user)
    tip = selectors.tips_visible_to(user).select_related("assigned_to").filter(id=tip_id).first()
    if tip is None:
        raise Http404
    return tip


def require_hotline_coordinator(user, hotline) -> None:
    """Only a coordinator of this hotline manages its labels and settings: anyone else 403."""
    if not selectors.hotlines_coordinated(user).filter(pk=hotline.pk).exists():
        raise PermissionDenied


def hotlines_for_statistics(user):
    """Whose statistics the user may see: a hotline coordinator their hotlines; the task force coordinator every
    hotline; anyone else (handlers included) none, which the views answer with 403."""
    if roles.is_coordinator(user):
        return Hotline.objects.all()
    return selectors.hotlines_coordinated(user)


def hotline_for_statistics(user, slug: str = ""):
    """The hotline whose statistics the user asked for (`slug`), or the first they may see when none is named.

    No hotline's statistics to see (a tip handler, a member): 403. A hotline that is not theirs: 404."""
    allowed = hotlines_for_statistics(user).order_by("-is_national", "name")
    hotline = allowed.filter(slug=slug).first() if slug else allowed.first()
    if hotline is None:
        if slug and allowed.exists():
            raise Http404
        raise PermissionDenied
    return hotline


def hotlines_coordinated_or_403(user):
    """The hotlines whose labels the user manages; someone who runs no hotline's team is refused (403)."""
    hotlines = list(selectors.hotlines_coordinated(user).order_by("name"))
    if not hotlines:
        raise PermissionDenied
    return hotlines


def hotlines_for_key_access(user) -> tuple[list, list]:
    """(hotlines whose tips the user handles, hotlines whose team they run) for "Who can read our tips"; someone
    with neither is refused (403)."""
    handled = list(selectors.hotlines_handled(user))
    coordinated = list(selectors.hotlines_coordinated(user))
    if not handled and not coordinated:
        raise PermissionDenied
    return handled, coordinated

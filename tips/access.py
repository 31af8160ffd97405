"""The one place that answers "may this user read or handle this tip?"."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from taskforce import roles

from . import selectors
from .models import Tip


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

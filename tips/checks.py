"""A routing check: every kind of exploitation from every province and territory must reach an active hotline.

Tagged `database` so it runs only when asked to look at the data (`manage.py check --database default`)."""

from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from taskforce.vocabulary import ExploitationKind, Province


@register(Tags.database)
def routing_check(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from . import selectors
    from .models import Hotline

    try:
        if not Hotline.objects.exists():
            # A database just migrated, before `seed_demo` or the admin loaded hotlines: say so, but do not
            # block `migrate` itself (which runs database checks before migrating).
            return [
                Warning(
                    "No hotline is configured yet: tips cannot be routed.",
                    id="tips.W001",
                    hint="Run `manage.py seed_demo` or add hotlines in the admin.",
                )
            ]
        missing = [
            (province, kind)
            for province in Province.values
            for kind in ExploitationKind.values
            if not selectors.receivers_for(province=province, kind=kind)
        ]
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    return [
        Error(
            f"No active hotline receives tips of kind '{kind}' from {province}.",
            hint="Add a routing rule or activate the national hotline (tips.Hotline with is_national).",
            obj="tips.RoutingRule",
            id="tips.E001",
        )
        for province, kind in missing
    ]

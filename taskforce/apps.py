from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from .services import roles_sync  # noqa: PLC0415 -- models are ready only when the signal runs

    roles_sync()


def _session_started(sender, request, user, **kwargs):
    """Every sign-in (the sign-in page, the one-time-password step, a test's force_login) starts the session's clock
    in the session Django is about to save anyway, so the first page after it writes nothing."""
    from .accounts.sessions import session_started  # noqa: PLC0415 -- accounts needs the app registry ready

    session_started(request)


class TaskforceConfig(AppConfig):
    name = "taskforce"
    verbose_name = _("Task force")

    def ready(self):
        from django.conf import settings  # noqa: PLC0415
        from django.conf.locale import LANG_INFO  # noqa: PLC0415

        from . import checks  # noqa: F401, PLC0415 -- registers system checks

        # Names in their own script and directions Django does not know (settings.EXTRA_LANG_INFO).
        LANG_INFO.update(settings.EXTRA_LANG_INFO)

        # Groups must exist after every migrate, including the test database's.
        post_migrate.connect(_sync_roles, dispatch_uid="taskforce_roles_sync")
        user_logged_in.connect(_session_started, dispatch_uid="taskforce_session_started")

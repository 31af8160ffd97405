from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from .services import roles_sync

    roles_sync()


class TaskforceConfig(AppConfig):
    name = "taskforce"
    verbose_name = _("Task force")

    def ready(self):
        from . import checks  # noqa: F401  (registers system checks)

        # Groups must exist after every migrate, including the test database's.
        post_migrate.connect(_sync_roles, dispatch_uid="taskforce_roles_sync")

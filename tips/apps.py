from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "tips"
    verbose_name = _("Tips")

    def ready(self):
        from . import checks  # noqa: F401, PLC0415 -- registers the routing check
        from . import signals as _signals  # noqa: F401, PLC0415 -- unassigns the tips of a deactivated handler

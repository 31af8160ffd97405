from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The modules that register the public datasets (opendata.datasets.register), one per owner.
DATASET_MODULES = [
    "actionplan.datasets",  # the action plan's items, status and progress
    "tips.datasets",  # the hotlines directory (public fields only)
    "publications.datasets",  # the business registry
    "opendata.stats",  # the safe public statistics (not `statistics`: see stats.py)
]


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data and statistics")

    def ready(self):
        for module in DATASET_MODULES:
            import_module(module)

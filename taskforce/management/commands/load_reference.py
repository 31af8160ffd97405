import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

# Apps load in this order (organizations first); each may have a `reference.py` with `load()`, returning the
# problems it found in the content files (content/<code>/, see load_content), or None.
REFERENCE_APPS = ["taskforce", "tips", "actionplan", "training", "publications", "firstcontact"]


def app_module(label: str, name: str):
    """`<label>.<name>` when the app is installed and has that module, else None."""
    if label not in settings.INSTALLED_APPS:
        return None
    try:
        return importlib.import_module(f"{label}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{label}.{name}":
            raise
        return None


class Command(BaseCommand):
    help = (
        "Load the real reference data: organizations, hotlines and routing, the action plan, courses, the assessment "
        "and rights pages, news titles (their texts from content/<code>/). No demo account, nothing fictional. "
        "Idempotent: production runs it, then load_content, after every deployment."
    )

    def handle(self, *args, **options):
        for label in REFERENCE_APPS:
            module = app_module(label, "reference")
            if module is None:
                continue
            with transaction.atomic():
                module.load()
            self.stdout.write(f"loaded {label}")
        self.stdout.write(self.style.SUCCESS("Reference data ready."))

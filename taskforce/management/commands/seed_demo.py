import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

# Apps seed in this order; each may have a `demo.py` with `seed(*, password: str) -> None`.
SEED_APPS = ["taskforce", "tips", "actionplan", "training", "publications", "firstcontact"]
DEFAULT_PASSWORD = "demo-taskforce-2026"


class Command(BaseCommand):
    help = "Load the real organizations, hotlines, plan and content, and one demo account per role. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password for every demo account.")

    def handle(self, *args, password, **options):
        for label in SEED_APPS:
            if label not in settings.INSTALLED_APPS:
                continue
            try:
                module = importlib.import_module(f"{label}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{label}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(password=password)
            self.stdout.write(f"seeded {label}")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts use the password you gave (see README)."))

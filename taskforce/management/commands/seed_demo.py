from django.core.management.base import BaseCommand
from django.db import transaction

from .load_reference import REFERENCE_APPS, app_module

# Apps seed in this order; each may have a `reference.py` with `load() -> None` (real data) and a `demo.py` with
# `seed(*, password: str) -> None` (fictional data on top; it loads its app's reference data first).
SEED_APPS = REFERENCE_APPS
DEFAULT_PASSWORD = "demo-taskforce-2026"


class Command(BaseCommand):
    help = "Load the real organizations, hotlines, plan and content, and one demo account per role. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password for every demo account.")

    def handle(self, *args, password, **options):
        for label in SEED_APPS:
            demo, reference = app_module(label, "demo"), app_module(label, "reference")
            if demo is None and reference is None:
                continue
            with transaction.atomic():
                if demo is not None:
                    demo.seed(password=password)
                else:
                    reference.load()
            self.stdout.write(f"seeded {label}")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts use the password you gave (see README)."))

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from .load_reference import REFERENCE_APPS, app_module

# What production runs (load_reference, load_content) first; then, in this order, each app's `demo.py`
# `seed(*, password: str) -> None`: demo accounts and demo records only (fictional data on top).
SEED_APPS = REFERENCE_APPS
DEFAULT_PASSWORD = "demo-taskforce-2026"


class Command(BaseCommand):
    help = (
        "Run load_reference and load_content (the real data and the authored text, as production does), then add "
        "the demo accounts (one per role) and demo records. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password for every demo account.")

    def handle(self, *args, password, **options):
        call_command("load_reference", stdout=self.stdout)
        call_command("load_content", stdout=self.stdout, stderr=self.stderr)
        for label in SEED_APPS:
            demo = app_module(label, "demo")
            if demo is None:
                continue
            with transaction.atomic():
                demo.seed(password=password)
            self.stdout.write(f"seeded {label}")
        # Said in full only when it is the default, which the README prints anyway; a chosen one is not echoed.
        said = (
            f"is {password!r} (the default)" if password == DEFAULT_PASSWORD else "is the one you gave with --password"
        )
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Every demo account's password {said}; see README."))

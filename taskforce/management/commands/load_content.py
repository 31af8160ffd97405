from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from .load_reference import REFERENCE_APPS, app_module


class Command(BaseCommand):
    help = (
        "Load the authored text from content/<code>/ for every language of settings.LANGUAGES: the courses, the "
        "assessment's questions and guidance, the rights pages, the hotlines' and organizations' names, hours and "
        "descriptions, the plan's items. A missing file, key or text falls back to the source language; a key the "
        "source file lacks or a list of another length is reported and not loaded. Idempotent; no demo data."
    )

    def handle(self, *args, **options):
        problems = []
        for label in REFERENCE_APPS:
            module = app_module(label, "reference")
            if module is None:
                continue
            with transaction.atomic():
                problems += module.load() or []
        for problem in problems:
            self.stderr.write(f"not loaded: {problem}")
        languages = ", ".join(code for code, _name in settings.LANGUAGES)
        self.stdout.write(self.style.SUCCESS(f"Content loaded ({languages}); {len(problems)} problem(s)."))

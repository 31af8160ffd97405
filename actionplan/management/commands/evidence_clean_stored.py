from django.core.management.base import BaseCommand

from actionplan.services import evidence_clean_stored


class Command(BaseCommand):
    help = (
        "Clean the evidence documents stored before uploads were cleaned: metadata removed, random names. "
        "Run once after the upgrade; documents that cannot be cleaned are listed, never deleted."
    )

    def handle(self, *args, **options):
        outcomes = evidence_clean_stored()
        for evidence_id, outcome in outcomes:
            self.stdout.write(f"evidence {evidence_id}: {outcome}")
        self.stdout.write(f"{len(outcomes)} stored document(s) looked at.")

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from taskforce.accounts.lockout import username_normalize
from taskforce.accounts.services import api_token_issue
from taskforce.models import User


class Command(BaseCommand):
    help = (
        "Issue an API token to an account that signs in without a one-time password. The key is printed once; only "
        "its digest is stored. Revoke tokens with the user admin's action."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=username_normalize(email)).first()
        if user is None:
            raise CommandError(f"No account with the address {email}.")
        try:
            key = api_token_issue(user=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(key)

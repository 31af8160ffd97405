from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from taskforce.accounts.lockout import username_normalize
from taskforce.accounts.services import otp_enrolment_issue
from taskforce.models import User


class Command(BaseCommand):
    help = (
        "Mail a single-use authenticator enrolment link to an account that signs in with a one-time password (the "
        "first administrator, or anyone when no administrator can sign in). Administrators use the user admin's action."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=username_normalize(email), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account with the address {email}.")
        try:
            otp_enrolment_issue(user=user, actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Enrolment link sent to {user.email}.")

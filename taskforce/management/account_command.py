"""The base of the commands that act on one account named by its address."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from taskforce.accounts.lockout import username_normalize
from taskforce.models import User


class AccountCommand(BaseCommand):
    """`manage.py <command> EMAIL`: finds the account (an active one only when `active_only`), calls `act(user)`
    and prints what it returns; a refusal of the service (`ValidationError`) becomes the command's error."""

    active_only = False

    def act(self, user: User) -> str:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        users = User.objects.filter(email=username_normalize(email))
        if self.active_only:
            users = users.filter(is_active=True)
        user = users.first()
        if user is None:
            raise CommandError(f"No {'active ' if self.active_only else ''}account with the address {email}.")
        try:
            said = self.act(user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(said)

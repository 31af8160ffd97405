from taskforce.accounts.services import api_token_issue
from taskforce.management.account_command import AccountCommand


class Command(AccountCommand):
    help = (
        "Issue an API token to an account that signs in without a one-time password. The key is printed once; only "
        "its digest is stored. Revoke tokens with the user admin's action."
    )

    def act(self, user):
        return api_token_issue(user=user)

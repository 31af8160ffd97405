from taskforce.accounts.services import otp_enrolment_issue
from taskforce.management.account_command import AccountCommand


class Command(AccountCommand):
    help = (
        "Mail a single-use authenticator enrolment link to an account that signs in with a one-time password (the "
        "first administrator, or anyone when no administrator can sign in). Administrators use the user admin's action."
    )
    active_only = True

    def act(self, user):
        otp_enrolment_issue(user=user, actor=None)
        return f"Enrolment link sent to {user.email}."

"""Mail servers that misbehave, for the retry tests: they stand in for SMTP, not for the notifications module."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """A server that hangs up on every message (a transient failure)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RejectingRecipientBackend(BaseEmailBackend):
    """A server that refuses the recipient (a permanent failure)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such user") for m in email_messages})

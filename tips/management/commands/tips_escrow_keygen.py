"""An escrow key pair for a hotline (issue 23): the public half goes into the hotline in the admin, the private half
stays offline with its coordinator, who brings it only to give a handler back the tips they lost.

Best run on the coordinator's own computer rather than the server: it needs no database and stores nothing.
"""

import base64

from django.core.management.base import BaseCommand

from tips import keys


class Command(BaseCommand):
    help = (
        "Make an escrow key pair for a hotline: paste the public key into the hotline's 'escrow public key' in the "
        "admin; the coordinator keeps the private key offline. Stores nothing."
    )
    requires_system_checks = []  # no database, no settings of the portal's own: it only makes a key pair

    def handle(self, *args, **options):
        pair = keys.keypair_new()
        self.stdout.write(f"public key:  {base64.b64encode(pair.public).decode('ascii')}")
        self.stdout.write(f"private key: {base64.b64encode(pair.private).decode('ascii')}")
        self.stdout.write(
            "Keep the private key offline (printed or on a USB key in a safe), never on this server or in a mail: "
            "whoever has it can open every tip of the hotline; without it, tips its handlers lose cannot be given back."
        )

"""What an access log may say of a path: never a secret that is part of it.

Links mailed to people carry their secret in the path (a password reset, an authenticator enrolment, a registry
subscription's confirm and unsubscribe links, a certificate's verification link). Whoever reads the logs must
not be able to use them. gunicorn's access log (deploy/gunicorn.conf.py) writes paths through `loggable_path`;
deploy/nginx/portal.conf has the same patterns in a `map` (a test drives both).
"""

from __future__ import annotations

import re

# The part of the path kept, then the secret segment(s) that are replaced. Paths may carry a language prefix.
SECRET_PATHS = re.compile(
    r"^((?:/[a-z]{2}(?:-[a-z]+)?)?/(?:accounts/password/reset/[^/]+|accounts/otp/enrol/link/[^/]+"
    r"|registry/subscribe/confirm|registry/unsubscribe|training/certificates))/[^/]+"
)
HIDDEN = "[secret]"


def loggable_path(path: str) -> str:
    return SECRET_PATHS.sub(lambda m: f"{m.group(1)}/{HIDDEN}", path, count=1)

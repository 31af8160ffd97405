"""Local development: `make run`. SQLite, in-process tasks, mail printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Development-only keys; production refuses to start without its own.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=["Sfgq-PGkBz_zp9paJzngz7j5k7wOF4yjaNljATihjig="])
HASH_KEY = env.str("HASH_KEY", default="dev-only-hash-key")

"""Production: PostgreSQL, Redis, gunicorn behind a TLS-terminating proxy. Every secret is required."""

import sys

from .base import *  # noqa: F403
from .base import ALLOW_NO_REDIS, DATABASES, REDIS_URL, env, env_secret

# Without Redis the rate limits and single-use tokens are per process and tasks run inside the requests: never by
# accident (gunicorn, Celery and manage.py all stop here, with one line).
if not REDIS_URL and not ALLOW_NO_REDIS:
    sys.exit(
        "Missing required setting: set REDIS_URL (rate limits, single-use tokens and background tasks need Redis), "
        "or ALLOW_NO_REDIS=true for a one-machine install that does without it."
    )

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY")
# Database connections kept open between requests (measured 1.39-1.67x the requests a second), and checked before
# reuse so that a database restart costs no request an error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# Only tips from before issue 23 need these; once `manage.py tips_seal_existing` reports none left, they are retired
# (unset). `check --database default` names any such tip a missing key leaves unreadable (tips.E002).
FIELD_ENCRYPTION_KEYS = [k.strip() for k in env_secret("FIELD_ENCRYPTION_KEYS", default="").split(",") if k.strip()]
HASH_KEY = env_secret("HASH_KEY")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# ----- issue 22: media on shared object storage -----
from .base import MEDIA_DEFAULT_STORAGE  # noqa: E402 -- local disk or the shared bucket (base.py, MEDIA_STORAGE)

STORAGES["default"] = MEDIA_DEFAULT_STORAGE

"""The test suite. Uses DATABASE_URL and REDIS_URL when they are set (CI), SQLite and memory otherwise.

Only what differs from base.py for tests is here; each name is assigned once.
"""

from .base import *  # noqa: F403
from .base import REDIS_URL, client_mistake_logging, env

DEBUG = False
SECRET_KEY = "test-only-secret-key-with-enough-length-for-checks-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FIELD_ENCRYPTION_KEYS = ["JIv1GkYEuZje-jXLrE1nBNijECdVrwvcXq5s0163xWQ=", "tebLT9OoYQMlRpP-sAkK3-e0kzFq2XyTUARipsPzqA4="]
HASH_KEY = "test-hash-key"
# libsodium's smallest Argon2id costs: tests derive keys by the hundred (test_tip_keys checks the production ones).
TIPS_KEY_KDF_OPS = 1
TIPS_KEY_KDF_MEM_KIB = 8
TIPS_RECEIPT_KDF_OPS = 1
TIPS_RECEIPT_KDF_MEM_KIB = 8
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default="/tmp/taskforce-test-media")
AXES_FAILURE_LIMIT = 5  # whatever the environment says: tests count to five
# Only what quiets a client's mistake, as in production, so that tests see the same records (caplog).
LOGGING = {"version": 1, "disable_existing_loggers": False, **client_mistake_logging()}

# Ordinary tests run tasks in-process and keep mail in memory (django.core.mail.outbox). The real-worker tests
# (marker `worker`) run tasks in a separate Celery process on REDIS_URL: they turn eagerness off and give the
# worker queues of their own (named after TEST_CELERY_QUEUE) and a mail folder both processes can read.
CELERY_TASK_ALWAYS_EAGER = env.bool("TEST_CELERY_EAGER", default=True)
_QUEUE = env.str("TEST_CELERY_QUEUE", default="celery")
TASK_QUEUE_NAMES = {"urgent": f"{_QUEUE}-urgent", "default": _QUEUE, "bulk": f"{_QUEUE}-bulk"}
CELERY_TASK_DEFAULT_QUEUE = _QUEUE
CELERY_TASK_QUEUES = {_QUEUE: {}, f"{_QUEUE}-urgent": {}, f"{_QUEUE}-bulk": {}}
EMAIL_BACKEND = env.str("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env.str("TEST_EMAIL_FILE_PATH", default="/tmp/taskforce-test-mail")
if REDIS_URL:
    # Parallel runs share one Redis: each keeps its keys under its own prefix.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("TEST_CACHE_PREFIX", default="taskforce-test"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

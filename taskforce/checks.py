"""System checks for the task force's own configuration."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register()
def encryption_keys_check(app_configs, **kwargs):
    # FIELD_ENCRYPTION_KEYS may be empty: tips are sealed to their readers since issue 23, and the Fernet keys are
    # retired once `tips_seal_existing` resealed the older ones (tips.E002 names any tip still needing one).
    errors = []
    for key in settings.FIELD_ENCRYPTION_KEYS:
        try:
            Fernet(key)
        except (ValueError, TypeError):
            errors.append(
                Error(
                    "A key in FIELD_ENCRYPTION_KEYS is not a valid Fernet key.",
                    id="taskforce.E002",
                    hint="Make one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'",
                )
            )
    if not settings.HASH_KEY:
        errors.append(Error("HASH_KEY is empty.", id="taskforce.E003"))
    return errors


@register(Tags.caches, deploy=True)
def redis_check(app_configs, **kwargs):
    """A deployment without Redis: refused unless the operator opted in, and then told what it loses."""
    if settings.REDIS_URL:
        return []
    if not settings.ALLOW_NO_REDIS:
        return [
            Error(
                "REDIS_URL is not set.",
                hint="Rate limits, single-use tokens and background tasks need Redis. Set REDIS_URL, or "
                "ALLOW_NO_REDIS=true for a one-machine install that does without it.",
                id="taskforce.E004",
            )
        ]
    return [
        Warning(
            "REDIS_URL is not set (ALLOW_NO_REDIS=true): rate limits and single-use tokens are kept in each "
            "process's memory, so every gunicorn worker counts on its own and forgets at each restart; background "
            "tasks (mail, tip notices, reports) run inside the requests that queue them, and make them slower.",
            id="taskforce.W004",
        )
    ]

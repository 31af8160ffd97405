"""System checks for the task force's own configuration."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, register


@register()
def encryption_keys_check(app_configs, **kwargs):
    errors = []
    if not settings.FIELD_ENCRYPTION_KEYS:
        errors.append(Error("FIELD_ENCRYPTION_KEYS is empty.", id="taskforce.E001"))
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

"""Settings of the tips app, read at call time so tests can override them."""

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


def inbox_page_size() -> int:
    """Tips on one page of a handler's inbox; older ones are on the next pages, never cut off."""
    return _get("TIPS_INBOX_PAGE_SIZE", 50)


def rate_per_address() -> int:
    """Submissions (and follow-up code attempts that fail) allowed per address bucket per window."""
    return _get("TIPS_RATE_PER_ADDRESS", 5)


def rate_window_seconds() -> int:
    # Kept at most an hour: the hashed bucket must not outlive that.
    return min(_get("TIPS_RATE_WINDOW_SECONDS", 3600), 3600)


def rate_global() -> int:
    """Submissions allowed from everyone together per window (a flood guard)."""
    return _get("TIPS_RATE_GLOBAL", 200)


def followup_failures_per_address() -> int:
    return _get("TIPS_FOLLOWUP_FAILURES_PER_ADDRESS", 10)


def min_fill_seconds() -> int:
    return _get("TIPS_MIN_FILL_SECONDS", 3)


def form_token_max_age() -> int:
    return _get("TIPS_FORM_TOKEN_MAX_AGE", 3 * 3600)


def max_file_bytes() -> int:
    return _get("TIPS_MAX_FILE_BYTES", 5 * 1024 * 1024)


def max_files() -> int:
    return _get("TIPS_MAX_FILES", 3)


def retention_days() -> int:
    return _get("TIPS_RETENTION_DAYS", 90)


def purge_warning_days() -> int:
    return _get("TIPS_PURGE_WARNING_DAYS", 7)


def delivery_lease_seconds() -> int:
    return _get("TIPS_DELIVERY_LEASE_SECONDS", 300)

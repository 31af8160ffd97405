"""Settings of the tips app, read at call time so tests can override them."""

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


def inbox_page_size() -> int:
    """Tips on one page of a handler's inbox; older ones are on the next pages, never cut off."""
    return _get("TIPS_INBOX_PAGE_SIZE", 50)


def rate_per_address() -> int:
    """Submissions allowed per address bucket per window without a solved proof-of-work (no JavaScript)."""
    return _get("TIPS_RATE_PER_ADDRESS", 5)


def rate_window_seconds() -> int:
    # Kept at most an hour: the hashed bucket must not outlive that.
    return min(_get("TIPS_RATE_WINDOW_SECONDS", 3600), 3600)


def rate_global() -> int:
    """Accepted tips from everyone together per window before the form slows down and coordinators are told."""
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


def rate_per_address_solved() -> int:
    """Submissions allowed per address bucket per window when each comes with a solved proof-of-work: people who
    share one address (a shelter, a workplace, Tor) all get through."""
    return _get("TIPS_RATE_PER_ADDRESS_SOLVED", 30)


def followup_failures_solved() -> int:
    """Wrong receipt codes allowed per address bucket per window when each attempt solved a proof-of-work."""
    return _get("TIPS_FOLLOWUP_FAILURES_SOLVED", 50)


def busy_min_fill_seconds() -> int:
    """Once everyone together reached `rate_global()` accepted tips in the window: the wait asked of a form sent
    without a solved proof-of-work (a slow-down, never a refusal)."""
    return _get("TIPS_BUSY_MIN_FILL_SECONDS", 30)


def pow_cost() -> int:
    """PBKDF2 iterations per try of the proof-of-work (ALTCHA)."""
    return _get("TIPS_POW_COST", 5000)


def pow_key_prefix(*, busy: bool) -> str:
    """Hex prefix the derived key must start with: each hex digit makes the work 16 times longer on average."""
    return _get("TIPS_POW_KEY_PREFIX_BUSY", "000") if busy else _get("TIPS_POW_KEY_PREFIX", "00")

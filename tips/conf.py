"""Settings of the tips app, declared in taskforce/settings/base.py ("TIPS") and read at call time, so that tests
override them with the `settings` fixture."""

from django.conf import settings


def inbox_page_size() -> int:
    """Tips on one page of a handler's inbox; older ones are on the next pages, never cut off."""
    return settings.TIPS_INBOX_PAGE_SIZE


def unread_count_seconds() -> int:
    """How long the staff menu's count of tips with unread reporter activity is kept before it is counted again
    (sooner when a reporter writes or the handler opens a tip)."""
    return settings.TIPS_UNREAD_COUNT_SECONDS


def inbox_count_limit() -> int:
    """Matching tips the inbox counts at most; beyond, it says "more than" (taskforce.pagination)."""
    return settings.TIPS_INBOX_COUNT_LIMIT


def rate_per_address() -> int:
    """Submissions allowed per address bucket per window without a solved proof-of-work (no JavaScript)."""
    return settings.TIPS_RATE_PER_ADDRESS


def rate_window_seconds() -> int:
    # Kept at most an hour: the hashed bucket must not outlive that.
    return min(settings.TIPS_RATE_WINDOW_SECONDS, 3600)


def rate_global() -> int:
    """Accepted tips from everyone together per window before the form slows down and coordinators are told."""
    return settings.TIPS_RATE_GLOBAL


def followup_failures_per_address() -> int:
    return settings.TIPS_FOLLOWUP_FAILURES_PER_ADDRESS


def min_fill_seconds() -> int:
    return settings.TIPS_MIN_FILL_SECONDS


def form_token_max_age() -> int:
    return settings.TIPS_FORM_TOKEN_MAX_AGE


def max_file_bytes() -> int:
    return settings.TIPS_MAX_FILE_BYTES


def max_files() -> int:
    return settings.TIPS_MAX_FILES


def retention_days() -> int:
    return settings.TIPS_RETENTION_DAYS


def purge_warning_days() -> int:
    return settings.TIPS_PURGE_WARNING_DAYS


def purge_chunk() -> int:
    """Closed tips one run of the purge handles at most; the run queues the next while more are due."""
    return settings.TIPS_PURGE_CHUNK


def rate_per_address_solved() -> int:
    """Submissions allowed per address bucket per window when each comes with a solved proof-of-work: people who
    share one address (a shelter, a workplace, Tor) all get through."""
    return settings.TIPS_RATE_PER_ADDRESS_SOLVED


def followup_failures_solved() -> int:
    """Wrong receipt codes allowed per address bucket per window when each attempt solved a proof-of-work."""
    return settings.TIPS_FOLLOWUP_FAILURES_SOLVED


def busy_min_fill_seconds() -> int:
    """Once everyone together reached `rate_global()` accepted tips in the window: the wait asked of a form sent
    without a solved proof-of-work (a slow-down, never a refusal)."""
    return settings.TIPS_BUSY_MIN_FILL_SECONDS


def pow_cost() -> int:
    """PBKDF2 iterations per try of the proof-of-work (ALTCHA)."""
    return settings.TIPS_POW_COST


def pow_key_prefix(*, busy: bool) -> str:
    """Hex prefix the derived key must start with: each hex digit makes the work 16 times longer on average."""
    return settings.TIPS_POW_KEY_PREFIX_BUSY if busy else settings.TIPS_POW_KEY_PREFIX


def escalation_chunk() -> int:
    """Deliveries (or due reminders) one escalation or reminder run handles at most; the run queues the next."""
    return settings.TIPS_ESCALATION_CHUNK


def stale_days() -> int:
    """Days without activity after which an open tip is listed as stale for its hotline."""
    return settings.TIPS_STALE_DAYS

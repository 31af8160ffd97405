"""Settings of the training app, declared in taskforce/settings/base.py ("TRAINING") and read at call time, so that
tests override them with the `settings` fixture."""

from django.conf import settings


def remind_days_before() -> int:
    """How many days before a due date the 'due soon' reminder goes out."""
    return settings.TRAINING_REMIND_DAYS_BEFORE


def report_page_size() -> int:
    return settings.TRAINING_REPORT_PAGE_SIZE


def report_csv_chunk() -> int:
    """Rows read from the database at a time while the report's CSV streams."""
    return settings.TRAINING_REPORT_CSV_CHUNK


def reminder_chunk() -> int:
    """Reminders one run of an assignment's reminder task sends before it queues itself again."""
    return settings.TRAINING_REMINDER_CHUNK


def report_summary_seconds() -> int:
    """How long the report's counts (completed, overdue) are kept before they are counted again."""
    return settings.TRAINING_REPORT_SUMMARY_SECONDS


def report_csv_max_rows() -> int:
    """The largest report downloaded whole as CSV; a larger one is downloaded one course at a time."""
    return settings.TRAINING_REPORT_CSV_MAX_ROWS


def report_csv_seconds() -> int:
    """How long the report's CSV may take to write before the download is refused (below the web worker's timeout,
    so that a file is never cut short)."""
    return settings.TRAINING_REPORT_CSV_SECONDS

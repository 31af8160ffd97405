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


def lesson_image_max_bytes() -> int:
    return settings.TRAINING_LESSON_IMAGE_MAX_BYTES


def lesson_video_max_bytes() -> int:
    return settings.TRAINING_LESSON_VIDEO_MAX_BYTES


def caption_max_bytes() -> int:
    """The largest WebVTT caption file accepted for a lesson video."""
    return settings.TRAINING_CAPTION_MAX_BYTES


def invitation_days() -> int:
    """Days an invitation's link works."""
    return settings.TRAINING_INVITATION_DAYS


def signup_confirm_hours() -> int:
    """Hours a self-registration's confirmation link works."""
    return settings.TRAINING_SIGNUP_CONFIRM_HOURS


def invite_csv_max_bytes() -> int:
    return settings.TRAINING_INVITE_CSV_MAX_BYTES


def invite_csv_max_rows() -> int:
    return settings.TRAINING_INVITE_CSV_MAX_ROWS


def signup_rate_per_client() -> str:
    return settings.TRAINING_SIGNUP_RATE_PER_CLIENT


def signup_rate_per_email() -> str:
    return settings.TRAINING_SIGNUP_RATE_PER_EMAIL


def signup_rate_global() -> str:
    return settings.TRAINING_SIGNUP_RATE_GLOBAL


def scorm_max_files() -> int:
    """The most files (and folders) a SCORM package may hold."""
    return settings.TRAINING_SCORM_MAX_FILES


def scorm_max_bytes() -> int:
    """The largest a SCORM package may be once unpacked, all files together."""
    return settings.TRAINING_SCORM_MAX_BYTES


def scorm_max_file_bytes() -> int:
    """The largest one file of a SCORM package may be once unpacked."""
    return settings.TRAINING_SCORM_MAX_FILE_BYTES


def scorm_max_ratio() -> int:
    """How many times smaller than unpacked a file over 1 MiB may be in the zip (more: a zip bomb)."""
    return settings.TRAINING_SCORM_MAX_RATIO


def scorm_max_manifest_bytes() -> int:
    return settings.TRAINING_SCORM_MAX_MANIFEST_BYTES

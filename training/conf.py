"""Settings of the training app, each with a default."""

from django.conf import settings


def remind_days_before() -> int:
    """How many days before a due date the 'due soon' reminder goes out."""
    return getattr(settings, "TRAINING_REMIND_DAYS_BEFORE", 7)


def report_page_size() -> int:
    return getattr(settings, "TRAINING_REPORT_PAGE_SIZE", 100)

"""Settings of the action plan tracker, read from Django settings with defaults."""

from django.conf import settings


def report_frequency() -> str:
    """How often the scheduled progress report is due: "monthly", "quarterly" or "off"."""
    return getattr(settings, "ACTIONPLAN_REPORT_FREQUENCY", "monthly")


def report_plan_slugs() -> list[str] | None:
    """Plans that get scheduled reports; None means every active plan."""
    return getattr(settings, "ACTIONPLAN_REPORT_PLANS", None)


def csv_max_bytes() -> int:
    return getattr(settings, "ACTIONPLAN_CSV_MAX_BYTES", 1024 * 1024)


def evidence_max_bytes() -> int:
    return getattr(settings, "ACTIONPLAN_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)

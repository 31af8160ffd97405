"""Settings of the action plan tracker, declared in taskforce/settings/base.py ("ACTION PLAN") and read at call time,
so that tests override them with the `settings` fixture."""

from django.conf import settings


def report_frequency() -> str:
    """How often the scheduled progress report is due: "monthly", "quarterly" or "off"."""
    return settings.ACTIONPLAN_REPORT_FREQUENCY


def report_plan_slugs() -> list[str] | None:
    """Plans that get scheduled reports; None means every active plan."""
    return settings.ACTIONPLAN_REPORT_PLANS


def csv_max_bytes() -> int:
    return settings.ACTIONPLAN_CSV_MAX_BYTES


def evidence_max_bytes() -> int:
    return settings.ACTIONPLAN_EVIDENCE_MAX_BYTES


def item_recent_updates() -> int:
    """Latest status updates shown with an item (its page, the API); the rest are on its paged history."""
    return settings.ACTIONPLAN_ITEM_RECENT_UPDATES


def history_page_size() -> int:
    """Status updates on one page of an item's history page."""
    return settings.ACTIONPLAN_HISTORY_PAGE_SIZE


def fan_out_chunk() -> int:
    """Overdue milestones started per daily run (the shared fan-out chunk, NOTIFICATION_FANOUT_CHUNK)."""
    return settings.NOTIFICATION_FANOUT_CHUNK

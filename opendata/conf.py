"""Settings of the opendata app, declared in taskforce/settings/base.py ("OPEN DATA AND STATISTICS") and read at call
time, so that tests override them with the `settings` fixture."""

from django.conf import settings


def min_cell() -> int:
    """The smallest count a public statistic shows: smaller ones are hidden."""
    return settings.OPEN_DATA_MIN_CELL


def statistics_cache_seconds() -> int:
    """How long the computed statistics (numbers only) are kept in the cache."""
    return settings.OPEN_DATA_STATISTICS_CACHE_SECONDS


def partner_rate() -> str:
    """Requests one partner client may make, as DRF writes a rate ("600/hour")."""
    return settings.OPEN_DATA_PARTNER_RATE

"""Settings of the registry and publications, declared in taskforce/settings/base.py ("REGISTRY AND PUBLICATIONS")
and read at call time, so that tests override them with the `settings` fixture."""

from pathlib import Path

from django.conf import settings


def representations_days() -> int:
    """Days a named business has to make representations after being notified, before its entry may be published."""
    return settings.REGISTRY_REPRESENTATIONS_DAYS


def registry_page_size() -> int:
    return settings.REGISTRY_PAGE_SIZE


def registry_figures_seconds() -> int:
    """How long the registry's counted figures (by industry, by year) are shown before they are counted again."""
    return settings.REGISTRY_FIGURES_SECONDS


def publications_page_size() -> int:
    return settings.PUBLICATIONS_PAGE_SIZE


def export_chunk_size() -> int:
    """Rows fetched per database round trip (one keyset page) while writing the CSV and JSON downloads."""
    return settings.REGISTRY_EXPORT_CHUNK_SIZE


def snapshot_dir() -> Path:
    """The private folder of the whole registry's download files (empty setting: MEDIA_ROOT/registry-snapshots,
    which the proxy never serves)."""
    return Path(settings.REGISTRY_SNAPSHOT_DIR or Path(settings.MEDIA_ROOT) / "registry-snapshots")


def snapshot_accel_prefix() -> str:
    return settings.REGISTRY_SNAPSHOT_ACCEL_PREFIX


def snapshot_debounce_seconds() -> int:
    return settings.REGISTRY_SNAPSHOT_DEBOUNCE_SECONDS


def live_export_max_rows() -> int:
    """Largest filtered download written live; the whole registry is always the built file."""
    return settings.REGISTRY_LIVE_EXPORT_MAX_ROWS


def delist_chunk_size() -> int:
    return settings.REGISTRY_DELIST_CHUNK_SIZE


def search_max_length() -> int:
    return settings.REGISTRY_SEARCH_MAX_LENGTH


def subscription_confirm_max_age_days() -> int:
    return settings.SUBSCRIPTION_CONFIRM_MAX_AGE_DAYS


def subscription_resend_after_minutes() -> int:
    return settings.SUBSCRIPTION_RESEND_AFTER_MINUTES


def feed_items() -> int:
    return settings.PUBLICATIONS_FEED_ITEMS


def upload_max_bytes() -> int:
    """Largest PDF accepted for a publication or a source document."""
    return settings.PUBLICATIONS_UPLOAD_MAX_BYTES


# Subscription confirmations, counted per keyed hash of the client's address, per keyed hash of the address asked
# for, and for everyone together; the raw values are never kept.
def subscribe_rate_per_client() -> str:
    return f"{settings.REGISTRY_SUBSCRIBE_RATE_PER_CLIENT}/h"


def subscribe_rate_per_email() -> str:
    return f"{settings.REGISTRY_SUBSCRIBE_RATE_PER_EMAIL}/d"


def subscribe_rate_global() -> str:
    return f"{settings.REGISTRY_SUBSCRIBE_RATE_GLOBAL}/h"


def match_rate_per_client() -> str:
    return f"{settings.REGISTRY_MATCH_RATE_PER_CLIENT}/m"


def match_max_results() -> int:
    return settings.REGISTRY_MATCH_MAX_RESULTS


def match_pool() -> int:
    """Candidates each indexed query of the matcher reads at most, so an answer costs the same at any size."""
    return settings.REGISTRY_MATCH_POOL

"""Settings of the publications app, read from Django settings with defaults."""

from django.conf import settings

# Days a named business has to make representations after being notified, before its entry may be published.
REGISTRY_REPRESENTATIONS_DAYS: int = getattr(settings, "REGISTRY_REPRESENTATIONS_DAYS", 14)
# Entries per page on /registry/ and /publications/.
REGISTRY_PAGE_SIZE: int = getattr(settings, "REGISTRY_PAGE_SIZE", 25)
PUBLICATIONS_PAGE_SIZE: int = getattr(settings, "PUBLICATIONS_PAGE_SIZE", 20)
# Rows fetched per database round trip while streaming the CSV and JSON downloads.
REGISTRY_EXPORT_CHUNK_SIZE: int = getattr(settings, "REGISTRY_EXPORT_CHUNK_SIZE", 2000)
# The longest search text accepted; longer searches get a clear 400.
REGISTRY_SEARCH_MAX_LENGTH: int = getattr(settings, "REGISTRY_SEARCH_MAX_LENGTH", 200)
# How long a subscription confirmation link stays valid, and how soon a new one may be sent to the same address.
SUBSCRIPTION_CONFIRM_MAX_AGE_DAYS: int = getattr(settings, "SUBSCRIPTION_CONFIRM_MAX_AGE_DAYS", 7)
SUBSCRIPTION_RESEND_AFTER_MINUTES: int = getattr(settings, "SUBSCRIPTION_RESEND_AFTER_MINUTES", 60)
# Entries in the Atom feeds.
FEED_ITEMS: int = getattr(settings, "PUBLICATIONS_FEED_ITEMS", 50)
# Largest PDF accepted for a publication or a source document.
UPLOAD_MAX_BYTES: int = getattr(settings, "PUBLICATIONS_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


# Subscription confirmations, read at call time so tests can override them. Counted per keyed hash of the client's
# address, per keyed hash of the address asked for, and for everyone together; the raw values are never kept.
def subscribe_rate_per_client() -> str:
    return f"{getattr(settings, 'REGISTRY_SUBSCRIBE_RATE_PER_CLIENT', 5)}/h"


def subscribe_rate_per_email() -> str:
    return f"{getattr(settings, 'REGISTRY_SUBSCRIBE_RATE_PER_EMAIL', 3)}/d"


def subscribe_rate_global() -> str:
    return f"{getattr(settings, 'REGISTRY_SUBSCRIBE_RATE_GLOBAL', 100)}/h"

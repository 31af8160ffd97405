"""The benchmark profile plus the settings change the benchmark proposes, measured beside the current one.

With Redis down, kombu retries the broker connection for about two seconds before `delay()` gives up (its
default when the transport options name no `max_retries`), and the tip form waits that long for each delivery it
queues. Giving up at once is right here: the delivery stays pending and the sweeper queues it again.
"""

from .settings_bench import *  # noqa: F403
from .settings_bench import CELERY_BROKER_TRANSPORT_OPTIONS

CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "max_retries": 0}

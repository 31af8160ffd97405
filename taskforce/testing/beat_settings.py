"""The beat drills' tiny schedule (drills/tests/test_beat_failover.py): the production settings with one harmless
task (taskforce.testing.beat.tick) every BEAT_DRILL_INTERVAL seconds. Selected by
DJANGO_SETTINGS_MODULE=taskforce.testing.beat_settings in a drill's processes, never by production."""

from datetime import timedelta

from taskforce.settings.production import *  # noqa: F403
from taskforce.settings.production import env

CELERY_BEAT_SCHEDULE = {
    "beat-drill-tick": {
        "task": "taskforce.testing.beat.tick",
        "schedule": timedelta(seconds=env.float("BEAT_DRILL_INTERVAL", default=2)),
    }
}
CELERY_IMPORTS = ["taskforce.testing.beat"]

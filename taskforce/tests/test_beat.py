"""Every scheduled job names a task that exists, so beat never schedules into the void."""

from django.conf import settings

from taskforce.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    registered = set(app.tasks)
    missing = {
        name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if entry["task"] not in registered
    }
    assert not missing, f"beat schedule names unknown tasks: {missing}"

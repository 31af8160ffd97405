from celery import shared_task

from . import snapshots


@shared_task(name="opendata.tasks.snapshots_write", ignore_result=True)
def snapshots_write() -> int:
    """Daily (beat): the day's CSV and JSON of every dataset, written once (a second run writes nothing)."""
    return snapshots.snapshots_write()

from celery import shared_task

from . import snapshots, stats


@shared_task(name="opendata.tasks.snapshots_write", ignore_result=True)
def snapshots_write() -> int:
    """Daily (beat): the day's CSV and JSON of every dataset, written once (a second run writes nothing)."""
    return snapshots.snapshots_write()


@shared_task(name="opendata.tasks.statistics_freeze", ignore_result=True)
def statistics_freeze() -> int:
    """Daily (beat): freeze every complete period's statistics not frozen yet (a second run freezes nothing)."""
    return stats.statistics_freeze()

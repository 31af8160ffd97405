from celery import shared_task

from taskforce.queue import enqueue

from . import conf, services

DELIST_TASK = "publications.tasks.registry_delist_expired"


@shared_task(name=DELIST_TASK, ignore_result=True)
def registry_delist_expired(after_id: int = 0) -> int:
    """Daily (beat): one chunk of expired entries, then the next chunk as a task of its own, so that no run comes
    near the broker's visibility timeout however many entries fall due on one day."""
    delisted, next_after = services.registry_delist_expired(after_id=after_id, limit=conf.delist_chunk_size())
    if after_id == 0:
        services.announcements_sweep()  # and mail any recent change whose notice could not be queued
    if next_after is not None:
        enqueue(DELIST_TASK, next_after, on_commit=False)
    return delisted


@shared_task(name="publications.tasks.registry_change_announce", ignore_result=True)
def registry_change_announce(change_id: int) -> int:
    return services.change_announce(change_id=change_id)


@shared_task(name="publications.tasks.registry_snapshot_build", ignore_result=True)
def registry_snapshot_build(build_id: int) -> int:
    return len(services.registry_snapshot_build(build_id=build_id))


@shared_task(name="publications.tasks.registry_snapshots_daily", ignore_result=True)
def registry_snapshots_daily() -> int:
    return services.registry_snapshots_daily()

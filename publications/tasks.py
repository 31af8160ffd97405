from celery import shared_task

from . import services


@shared_task(name="publications.tasks.registry_delist_expired", ignore_result=True)
def registry_delist_expired() -> int:
    delisted = services.registry_delist_expired()
    services.announcements_sweep()  # and mail any recent change whose notice could not be queued
    return delisted


@shared_task(name="publications.tasks.registry_change_announce", ignore_result=True)
def registry_change_announce(change_id: int) -> int:
    return services.change_announce(change_id=change_id)

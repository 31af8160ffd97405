"""Thin Celery tasks: they take ids (never tip content) and call a service."""

from celery import shared_task

from taskforce.queue import enqueue

from . import services


@shared_task(name="tips.tasks.delivery_send", ignore_result=True)
def delivery_send(delivery_id: int) -> str:
    return services.delivery_send(delivery_id)


@shared_task(name="tips.tasks.deliveries_sweep", ignore_result=True)
def deliveries_sweep() -> int:
    due = services.deliveries_due()
    for delivery_id in due:
        enqueue("tips.tasks.delivery_send", delivery_id, on_commit=False)
    return len(due)


@shared_task(name="tips.tasks.tips_purge_closed", ignore_result=True)
def tips_purge_closed() -> dict:
    return services.tips_purge_closed()

from celery import shared_task

from . import notifications
from .queue import enqueue_each


@shared_task(name="taskforce.tasks.notification_send", ignore_result=True)
def notification_send(notification_id: int) -> str:
    return notifications.notification_deliver(notification_id)


@shared_task(name="taskforce.tasks.notifications_sweep", ignore_result=True)
def notifications_sweep() -> int:
    due = notifications.notifications_due()
    enqueue_each(notifications.SEND_TASK, due)
    return len(due)

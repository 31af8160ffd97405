from celery import shared_task

from . import notifications


@shared_task(name="taskforce.tasks.notification_send", ignore_result=True)
def notification_send(notification_id: int) -> str:
    return notifications.notification_deliver(notification_id)


@shared_task(name="taskforce.tasks.notifications_sweep", ignore_result=True)
def notifications_sweep() -> int:
    """Every two minutes (beat): at most NOTIFICATION_SWEEP_BATCH due mails re-queued, each on its own queue, and
    the fan-outs whose next run was refused resumed. Returns how many mails were due."""
    due = notifications.notifications_requeue()
    notifications.fan_outs_resume()
    return due

"""Thin Celery tasks: they take ids (never tip content) and call a service."""

from celery import shared_task

from . import escalation, reminders, services


@shared_task(name="tips.tasks.tips_purge_closed", ignore_result=True)
def tips_purge_closed() -> dict:
    return services.tips_purge_closed()


@shared_task(name="tips.tasks.escalations_run", ignore_result=True)
def escalations_run(after: int = 0) -> dict:
    return escalation.escalations_run(after=after)


@shared_task(name="tips.tasks.reminders_send", ignore_result=True)
def reminders_send(after: int = 0) -> dict:
    return reminders.reminders_send(after=after)

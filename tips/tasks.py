"""Thin Celery tasks: they take ids (never tip content) and call a service."""

from celery import shared_task

from . import services


@shared_task(name="tips.tasks.tips_purge_closed", ignore_result=True)
def tips_purge_closed() -> dict:
    return services.tips_purge_closed()

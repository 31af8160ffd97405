"""Thin Celery tasks: they call a service, which is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(name="training.tasks.assignments_remind")
def assignments_remind() -> int:
    """Daily: mail reminders before due dates and on overdue assignments (each once per person and kind)."""
    return services.assignments_remind()

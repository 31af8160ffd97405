"""Thin Celery tasks: they call a service, which is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(name="training.tasks.assignments_remind")
def assignments_remind() -> int:
    """Daily: queue one `assignment_remind` per assignment due soon or overdue."""
    return services.assignments_remind()


@shared_task(name="training.tasks.assignment_remind")
def assignment_remind(assignment_id: int) -> int:
    """One chunk of an assignment's reminders (each once per person and kind); queues the next chunk itself."""
    return services.assignment_remind(assignment_id=assignment_id)

"""Daily beat tasks. Each calls a service that is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(name="actionplan.tasks.milestones_flag_overdue")
def milestones_flag_overdue() -> int:
    return services.milestones_flag_overdue()


@shared_task(name="actionplan.tasks.report_generate_scheduled")
def report_generate_scheduled() -> list[int]:
    return [report.id for report in services.report_generate_scheduled()]

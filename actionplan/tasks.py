"""Daily beat tasks, and the fan-outs that tell many people about one event. Each calls a service that is safe
to run twice; a fan-out takes the event's id and the user id it resumes after (taskforce.notifications.fan_out)."""

from celery import shared_task

from . import services


@shared_task(name="actionplan.tasks.milestones_flag_overdue")
def milestones_flag_overdue() -> int:
    return services.milestones_flag_overdue()


@shared_task(name="actionplan.tasks.report_generate_scheduled")
def report_generate_scheduled() -> list[int]:
    return [report.id for report in services.report_generate_scheduled()]


@shared_task(name="actionplan.tasks.status_change_fan_out", ignore_result=True)
def status_change_fan_out(update_id: int, after: int = 0) -> bool:
    return services.status_change_fan_out(update_id=update_id, after=after)


@shared_task(name="actionplan.tasks.milestone_overdue_fan_out", ignore_result=True)
def milestone_overdue_fan_out(milestone_id: int, after: int = 0) -> bool:
    return services.milestone_overdue_fan_out(milestone_id=milestone_id, after=after)


@shared_task(name="actionplan.tasks.status_changes_sweep", ignore_result=True)
def status_changes_sweep() -> int:
    return services.status_changes_sweep()

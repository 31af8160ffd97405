"""The one way to queue background work: `enqueue("<app>.tasks.<fn>", *ids)`.

The task is named, not imported, so a service never imports its app's tasks (tasks import services, never the
other way round). It is resolved through the Celery app, so eager mode (CELERY_TASK_ALWAYS_EAGER in `make run`
and the tests) runs it in-process as before.

Queueing happens after the caller's transaction commits (`on_commit=True`, the default), so a rolled-back change
queues nothing and a worker never looks for a row that is not there yet. A broker that is down must not fail the
request: the publish error is logged in one line that names the task and the error's type only (its text may
name the broker's address; arguments are ids, but the line does not need them), and the work stays in the
database (a row still pending) for the sweeper that owns it.

Three queues keep urgent work from waiting behind bulk work: URGENT (a tip's handlers, account security mail),
DEFAULT, BULK (fan-outs, reminders, subscribers' notices). `enqueue(..., queue=BULK)` chooses one per call;
`route()` (CELERY_TASK_ROUTES) sends a task named in TASK_PRIORITIES to its queue when the call does not choose.
The queues' names are TASK_QUEUE_NAMES[priority], read when publishing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from importlib import import_module

from celery import Task
from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

URGENT, DEFAULT, BULK = "urgent", "default", "bulk"
PRIORITIES = (URGENT, DEFAULT, BULK)


def queue_name(priority: str) -> str:
    """The name of the queue that work of `priority` goes to."""
    return settings.TASK_QUEUE_NAMES[priority]


def route(name, args, kwargs, options, task=None, **kw) -> dict | None:
    """Celery's router (CELERY_TASK_ROUTES): a task named in TASK_PRIORITIES goes to its priority's queue; any
    other to the default queue. A queue chosen by the call (`enqueue(queue=...)`) wins over this."""
    priority = settings.TASK_PRIORITIES.get(name)
    return {"queue": queue_name(priority)} if priority else None


def task_named(name: str) -> Task:
    """The registered task `<module>.<fn>`, importing its module if the app has not discovered it yet."""
    from .celery import app  # noqa: PLC0415 -- loaded when used, after Django is set up

    if name not in app.tasks:
        import_module(name.rsplit(".", 1)[0])
    return app.tasks[name]


def enqueue(
    name: str, *args: int, on_commit: bool = True, eta: datetime | None = None, queue: str | None = None
) -> None:
    """Queue the task `name` with `args` (ids only, never content), after commit unless `on_commit=False`, on the
    queue of priority `queue` (URGENT, DEFAULT, BULK; None: the task's route).

    Never raises for a broker that is down: the row the task would work on stays pending for its sweeper.
    """
    task = task_named(name)  # an unknown name fails here, in the caller's transaction, not silently later
    if queue is not None:
        queue_name(queue)  # an unknown priority fails here too
    if on_commit:
        transaction.on_commit(lambda: _publish(task, args, eta, queue))
    else:
        _publish(task, args, eta, queue)


def enqueue_each(name: str, calls, *, queue: str | None = None) -> int:
    """For sweepers: queue the task once per call (an id, or a tuple of ids for a task taking several), now, and
    stop at the first publish the broker refuses (the rest stays pending for the next sweep, instead of waiting out
    one connection timeout per row). Returns how many were queued."""
    task = task_named(name)
    queued = 0
    for args in calls:
        if not _publish(task, args if isinstance(args, tuple) else (args,), None, queue):
            break
        queued += 1
    return queued


def _publish(task: Task, args: tuple, eta: datetime | None, queue: str | None = None) -> bool:
    options = {"queue": queue_name(queue)} if queue else {}
    try:
        task.apply_async(args, eta=eta, **options)
    except Exception as exc:  # noqa: BLE001 - whatever the transport raises, the sweeper will redo the work
        log.warning("Broker unavailable (%s); %s left for the sweeper", type(exc).__name__, task.name)
        return False
    return True

"""Fixtures of the fault drills: real workers pointed at a broker and a mail server of the drill's choosing."""

from __future__ import annotations

import os
import uuid

import pytest

from taskforce.testing.plugin import WorkerProcess, _worker_database_url, missing, worker_queue_names
from taskforce.testing.redis import PrivateRedis

from .services import SMTPServer

RETRY_BASE_SECONDS = 1
MAX_ATTEMPTS = 3
SMTP_TIMEOUT_SECONDS = 1


def _reset_broker_pools(app) -> None:
    """Forget pooled broker connections, so the next task goes to the broker_url just set."""
    app._pool = None
    app.amqp._producer_pool = None


class Workers:
    """Start real Celery worker processes on `broker_url`, on a queue of their own, sending mail through the real
    SMTP server on `smtp_port` (or to files when there is none). Retries: 1 s base, 3 attempts."""

    def __init__(self, *, env: dict, mail_dir):
        self.env = env
        self.mail_dir = mail_dir
        self.started: list[WorkerProcess] = []

    def start(self) -> WorkerProcess:
        self.started.append(WorkerProcess(self.env, self.mail_dir).start())
        return self.started[-1]

    def stop_all(self) -> None:
        for worker in self.started:
            worker.stop()


@pytest.fixture
def private_redis(tmp_path):
    if not PrivateRedis.available():
        missing("the redis-server program is not installed (apt-get install redis-server)")
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def drill_workers(transactional_db, tmp_path, settings):
    """`drill_workers(broker_url, smtp_port=None)` configures this test process and returns a `Workers`."""
    from taskforce.celery import app  # noqa: PLC0415 -- pytest loads plugins before Django is set up

    database_url = _worker_database_url()  # skips (or fails in CI) without PostgreSQL
    queue = f"drill-{uuid.uuid4().hex[:8]}"
    old = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url)
    made: list[Workers] = []

    def configure(broker_url: str, *, smtp_port: int | None = None) -> Workers:
        mail_dir = tmp_path / "mail"
        mail_dir.mkdir(exist_ok=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "taskforce.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": broker_url,
            "TEST_CELERY_EAGER": "0",
            "TEST_CELERY_QUEUE": queue,
            "TEST_CACHE_PREFIX": f"drill-{queue}",
            "NOTIFICATION_RETRY_BASE_SECONDS": str(RETRY_BASE_SECONDS),
            "NOTIFICATION_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
            "EMAIL_TIMEOUT": str(SMTP_TIMEOUT_SECONDS),
        }
        if smtp_port is None:
            env["TEST_EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
            env["TEST_EMAIL_FILE_PATH"] = str(mail_dir)
        else:
            env["TEST_EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
            env["EMAIL_HOST"], env["EMAIL_PORT"] = "127.0.0.1", str(smtp_port)
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_port
        settings.NOTIFICATION_RETRY_BASE_SECONDS = RETRY_BASE_SECONDS
        settings.NOTIFICATION_MAX_ATTEMPTS = MAX_ATTEMPTS
        settings.EMAIL_TIMEOUT = SMTP_TIMEOUT_SECONDS
        app.conf.task_always_eager = False
        app.conf.task_default_queue = queue
        app.conf.broker_url = broker_url
        settings.TASK_QUEUE_NAMES = worker_queue_names(queue)  # urgent and bulk work reach the drill's worker too
        _reset_broker_pools(app)
        made.append(Workers(env=env, mail_dir=mail_dir))
        return made[-1]

    yield configure
    for workers in made:
        workers.stop_all()
    import redis  # noqa: PLC0415 -- pytest loads plugins before Django is set up

    for workers in made:
        try:
            redis.Redis.from_url(workers.env["REDIS_URL"], socket_connect_timeout=1).delete(
                *worker_queue_names(queue).values()
            )
        except redis.RedisError:  # a private Redis already stopped
            pass
    app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url = old
    _reset_broker_pools(app)


@pytest.fixture
def smtp_server():
    """`smtp_server(mode="accept", reply="")` starts a real SMTP server (see drills.services.SMTPServer)."""
    servers = []

    def start(mode: str = "accept", reply: str = "") -> SMTPServer:
        servers.append(SMTPServer(mode, reply).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def shared_redis_url(redis_url):
    """The shared Redis (REDIS_URL) when a drill does not stop it: skips on a laptop without it, fails in CI."""
    return redis_url


@pytest.fixture
def seeded(transactional_db):
    """The real organizations, demo accounts (tip handlers among them), hotlines with their routing rules, and
    the action plan."""
    from actionplan import demo as actionplan_demo  # noqa: PLC0415 -- used by this test only
    from taskforce import demo as taskforce_demo  # noqa: PLC0415 -- used by this test only
    from tips import reference as tips_reference  # noqa: PLC0415 -- used by this test only

    taskforce_demo.seed(password="drill-password-unused-1")
    tips_reference.load()
    actionplan_demo.seed(password="drill-password-unused-1")

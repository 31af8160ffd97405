"""Fixtures of the fault drills: real workers pointed at a broker and a mail server of the drill's choosing."""

from __future__ import annotations

import contextlib
import shutil
import uuid

import pytest

from taskforce.testing import nginx
from taskforce.testing.plugin import Workers, _worker_database_url, missing

from .production import ROOT, Stack
from .services import SMTPServer

RETRY_BASE_SECONDS = 1
MAX_ATTEMPTS = 3
SMTP_TIMEOUT_SECONDS = 1
SMTP_MAIL = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def drill_workers(transactional_db, tmp_path, settings):
    """`drill_workers(broker_url, smtp_port=None)` configures this test process and returns the `Workers`
    (taskforce/testing/plugin.py) of that broker, on the drill's queue, sending mail through the real SMTP server
    on `smtp_port` (or to files when there is none). Retries: 1 s base, 3 attempts."""
    queue = f"drill-{uuid.uuid4().hex[:8]}"
    drill = {
        "TEST_CACHE_PREFIX": f"drill-{queue}",
        "NOTIFICATION_RETRY_BASE_SECONDS": str(RETRY_BASE_SECONDS),
        "NOTIFICATION_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
        "EMAIL_TIMEOUT": str(SMTP_TIMEOUT_SECONDS),
    }
    opened = contextlib.ExitStack()

    def configure(broker_url: str, *, smtp_port: int | None = None) -> Workers:
        mail = {}
        if smtp_port is not None:
            mail = {"TEST_EMAIL_BACKEND": SMTP_MAIL, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port)}
            settings.EMAIL_BACKEND = SMTP_MAIL
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_port
        settings.NOTIFICATION_RETRY_BASE_SECONDS = RETRY_BASE_SECONDS
        settings.NOTIFICATION_MAX_ATTEMPTS = MAX_ATTEMPTS
        settings.EMAIL_TIMEOUT = SMTP_TIMEOUT_SECONDS
        workers = Workers(settings, broker_url=broker_url, mail_dir=tmp_path / "mail", queue=queue, **drill, **mail)
        return opened.enter_context(workers)

    with opened:
        yield configure


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
    from tips import demo as tips_demo  # noqa: PLC0415 -- used by this test only
    from tips import reference as tips_reference  # noqa: PLC0415 -- used by this test only

    taskforce_demo.seed(password="drill-password-unused-1")
    tips_demo.handler_keys(password="drill-password-unused-1")  # a tip nobody could read is refused (issue 23)
    tips_reference.load()
    actionplan_demo.seed(password="drill-password-unused-1")


@pytest.fixture
def stack(make_stack):
    """The production profile (drills/production.py) on the seeded data, behind nginx; stopped after the test."""
    return make_stack()


@pytest.fixture
def make_stack(private_redis, seeded, tmp_path):
    """`make_stack(**options)`: the production profile started with Stack's options (one_sync_pool: the worker
    model before issue 22), on the seeded data, behind nginx; stopped after the test."""
    nginx.require_nginx()
    if not shutil.which("npm") and not (ROOT / "node_modules/altcha").exists():
        missing("the ALTCHA widget is not installed (npm ci)")
    _worker_database_url()  # PostgreSQL, or skip (fail in CI)
    started = []

    def make(**options) -> Stack:
        started.append(Stack(tmp_path, private_redis.url, **options))
        return started[-1].up()

    try:
        yield make
    finally:
        for running in started:
            running.down()

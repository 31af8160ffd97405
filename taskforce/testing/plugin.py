"""Fixtures every app's tests use: personas, real Redis and Celery worker, and a real browser.

Where a real service is missing, the tests that need it skip with a reason on a developer's machine and
fail in CI (CI=true), so nothing that CI is meant to check is ever skipped there.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from taskforce import roles

from .auth import login
from .factories import OrganizationFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FILE_MAIL = "django.core.mail.backends.filebased.EmailBackend"


def missing(reason: str):
    """Skip on a developer's machine, fail in CI."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _english_by_default():
    """A French request must not leave French active for the next test."""
    from django.utils import translation  # noqa: PLC0415 -- pytest loads plugins before Django is set up

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache  # noqa: PLC0415 -- pytest loads plugins before Django is set up

    try:
        cache.clear()
    except Exception:  # a stopped Redis is part of some fault drills
        pass
    yield


# ----- personas -----------------------------------------------------------------------------------------


@pytest.fixture
def org_a(db):
    return OrganizationFactory(name="Alberta Justice (test)", slug="org-a")


@pytest.fixture
def org_b(db):
    return OrganizationFactory(name="Hamilton Police (test)", slug="org-b", kind="police")


@pytest.fixture
def make_user(db):
    def make(*role_names, orgs=(), **kwargs):
        return UserFactory(roles=list(role_names), organizations=list(orgs), **kwargs)

    return make


def persona(*role_names: str, full_name: str, org: str | None = None, key: str | None = None):
    """A fixture for one person holding `role_names` in the organization the fixture named `org` gives (its item
    `key` when that fixture is a dict of organizations), or in none. An app's conftest declares its own:
    `learner = persona(roles.LEARNER, org="org_a", full_name="Léa Apprenante")`."""

    def person(make_user, request):
        orgs = []
        if org is not None:
            found = request.getfixturevalue(org)
            orgs = [found[key] if key is not None else found]
        return make_user(*role_names, orgs=orgs, full_name=full_name)

    where = f" in {org}" + (f"[{key!r}]" if key is not None else "") if org is not None else ""
    person.__doc__ = f"{full_name}: {', '.join(role_names) or 'no role'}{where}."
    return pytest.fixture(person)


coordinator = persona(roles.COORDINATOR, org="org_a", full_name="Cora Coordinator")
member_a = persona(roles.MEMBER, org="org_a", full_name="Ada Member")
member_b = persona(roles.MEMBER, org="org_b", full_name="Bob Member")
outsider = persona(full_name="Olive Outsider")


@pytest.fixture
def login_as(client):
    def do(user):
        return login(client, user)

    return do


# ----- real Redis and a real Celery worker ----------------------------------------------------------------


@contextlib.contextmanager
def broker_refusing():
    """Celery pointed at a broker that refuses connections, as when Redis is stopped; as before on leaving."""
    from taskforce.celery import app  # noqa: PLC0415 -- pytest loads plugins before Django is set up

    def forget_pooled_connections():
        app._pool = None
        app.amqp._producer_pool = None

    old = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    forget_pooled_connections()
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old
        forget_pooled_connections()


@pytest.fixture
def broker_down():
    """The whole test with the broker refusing connections (`broker_refusing`)."""
    with broker_refusing():
        yield


@pytest.fixture
def redis_url():
    url = settings.REDIS_URL
    if not url:
        missing("REDIS_URL is not set; this test needs the real Redis")
    import redis  # noqa: PLC0415 -- pytest loads plugins before Django is set up

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        missing(f"Redis at REDIS_URL does not answer: {exc}")
    return url


def _worker_database_url() -> str:
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        missing("a real worker shares the test database, which needs PostgreSQL (set DATABASE_URL)")
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def worker_env(*, queue: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of a real Celery process (worker or beat) of a test: the test database, this Redis, and the
    queues named after `queue` (settings/test.py), plus `extra`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "taskforce.settings.test",
        "DATABASE_URL": _worker_database_url(),
        "REDIS_URL": redis_url,
        "TEST_CELERY_EAGER": "0",
        "TEST_CELERY_QUEUE": queue,
        **extra,
    }


def worker_queue_names(queue: str) -> dict[str, str]:
    """The queue of each priority for a test worker started with TEST_CELERY_QUEUE=queue (settings/test.py)."""
    return {"urgent": f"{queue}-urgent", "default": queue, "bulk": f"{queue}-bulk"}


class WorkerProcess:
    """A real `celery worker` process on its own queue, reading the test database."""

    def __init__(self, env: dict, mail_dir: Path):
        self.env = env
        self.mail_dir = mail_dir
        self.proc: subprocess.Popen | None = None
        self.node = f"test-{uuid.uuid4().hex[:6]}@{socket.gethostname()}"  # for `celery inspect ping -d`

    def start(self):
        cmd = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "taskforce",
            "worker",
            "--loglevel=WARNING",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            # no -Q: a worker started without it consumes every queue (here the test's own three)
            "-n",
            self.node,
        ]
        self.proc = subprocess.Popen(
            cmd,
            env=self.env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        time.sleep(0.5)
        return self

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=20)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def sent_mail(self) -> list[str]:
        """Every mail the workers sent, one string each. Django's file backend names a file by the second and the
        backend object's id, so two mails of one worker in the same second may share a file: split on the line of
        79 dashes it writes after each message."""
        mails = []
        for path in sorted(self.mail_dir.glob("*")):
            mails += [m for m in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n") if m.strip()]
        return mails


def reset_broker_connections(app) -> None:
    """Forget the app's pooled broker connections, so a changed broker_url is used by the next publish
    (Celery acquires a producer even for eager tasks)."""
    app._pool = None
    app.amqp._producer_pool = None


class Workers:
    """Real Celery workers of one test on `broker_url`, on queues of their own (`queue`, a new name by default),
    mailing to files in `mail_dir` unless `extra_env` says otherwise. From opening to closing, this test process
    publishes its tasks there instead of running them in-process; `start()` starts one more worker."""

    def __init__(self, settings, *, broker_url: str, mail_dir: Path, queue: str = "", **extra_env: str):
        from taskforce.celery import app  # noqa: PLC0415 -- pytest loads plugins before Django is set up

        self.app, self.broker_url, self.mail_dir = app, broker_url, mail_dir
        self.queue = queue or f"test-{uuid.uuid4().hex[:8]}"
        self.queues = worker_queue_names(self.queue)
        mail_dir.mkdir(parents=True, exist_ok=True)
        files = {"TEST_EMAIL_BACKEND": FILE_MAIL, "TEST_EMAIL_FILE_PATH": str(mail_dir)}
        self.env = worker_env(queue=self.queue, redis_url=broker_url, **{**files, **extra_env})
        self.started: list[WorkerProcess] = []
        self._old = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url)
        app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url = False, self.queue, broker_url
        settings.TASK_QUEUE_NAMES = self.queues  # urgent and bulk work reach these workers too
        reset_broker_connections(app)

    def start(self) -> WorkerProcess:
        self.started.append(WorkerProcess(self.env, self.mail_dir).start())
        return self.started[-1]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for worker in self.started:
            worker.stop()
        import redis  # noqa: PLC0415 -- pytest loads plugins before Django is set up

        try:
            redis.Redis.from_url(self.broker_url, socket_connect_timeout=1).delete(*self.queues.values())
        except redis.RedisError:  # a private Redis the test has stopped
            pass
        self.app.conf.task_always_eager, self.app.conf.task_default_queue, self.app.conf.broker_url = self._old
        reset_broker_connections(self.app)


@pytest.fixture
def celery_worker(transactional_db, redis_url, tmp_path, settings):
    """Start real Celery workers: tasks queued by the test go through Redis to a separate process."""
    with Workers(settings, broker_url=redis_url, mail_dir=tmp_path / "mail") as workers:
        settings.EMAIL_BACKEND = FILE_MAIL
        settings.EMAIL_FILE_PATH = str(workers.mail_dir)
        yield workers.start


@pytest.fixture
def private_redis(tmp_path):
    """A `redis-server` of the test's own (taskforce/testing/redis.py), which the test may stop and start."""
    from .redis import PrivateRedis  # noqa: PLC0415 -- redis.py imports this module

    if not PrivateRedis.available():
        missing("the redis-server program is not installed (apt-get install redis-server)")
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


def wait_until(predicate, *, timeout: float = 30.0, interval: float = 0.2, message: str = "condition"):
    """Poll until `predicate()` is true. A bound on waiting for a real process, not a timing assertion."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


# ----- a real browser ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing("Debian's chromium is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- pytest loads plugins before Django is set up

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live test server that records every request and console error.

    At teardown it fails the test if any request went to a host other than the portal's.
    """
    from .browser import PageRecorder  # noqa: PLC0415 -- pytest loads plugins before Django is set up

    context = browser.new_context(base_url=live_server.url, locale="en-CA")
    recorder = PageRecorder(context, live_server.url)
    tab = context.new_page()
    recorder.attach(tab)
    tab.recorder = recorder
    yield tab
    context.close()
    recorder.assert_clean()

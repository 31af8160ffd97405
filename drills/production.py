"""The production profile, started by a drill: gunicorn with deploy/gunicorn.conf.py in the production settings on
the test's PostgreSQL database and a private Redis, a real Celery worker in the same profile, and Debian's nginx with
deploy/nginx/portal.conf in front (its ports and paths rewritten for the drill). People are real TCP clients bound to
distinct loopback addresses, talking to nginx only. Used by the proxy drill and the Lighthouse measurement, and by
the PgBouncer drill, which names a `database_url` through the pooler (with `pooler="pgbouncer"`, the setting that
goes with it) and more web workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from http.client import HTTPConnection
from pathlib import Path

from django.conf import settings

from taskforce.testing import nginx
from taskforce.testing.plugin import WorkerProcess, _worker_database_url, wait_until
from taskforce.testing.redis import free_port

ROOT = Path(settings.BASE_DIR)


def production_env(*, database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of the portal's production profile in a drill (web, worker and beat alike): the drill's
    secrets, database and Redis, mail kept in memory unless `extra` says otherwise, and `extra`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "taskforce.settings.production",
        "SECRET_KEY": "drill-only-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "HASH_KEY": settings.HASH_KEY,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECURE_SSL_REDIRECT": "false",  # the proxy speaks plain HTTP in a drill; TLS is the README's part
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "INFO",
        **extra,
    }
    for name in ("TEST_CELERY_EAGER", "TEST_CELERY_QUEUE", "TEST_CACHE_PREFIX"):
        env.pop(name, None)
    return env


_collected: list[bool] = []


def collect_static(env: dict) -> None:
    """`collectstatic` in the production profile (the manifest its storage needs, the proxy's error pages), once
    per test session: every drill serves the same checkout, and compressing every file takes minutes of CPU."""
    if not _collected:
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
        )
        _collected.append(True)


class Stack:
    """`one_sync_pool=True` is the configuration before issue 22, for a drill to compare: four sync workers, and the
    exports sent to the same pool as the pages."""

    def __init__(
        self,
        tmp: Path,
        redis_url: str,
        *,
        database_url: str = "",
        pooler: str = "",
        web_workers: int = 2,
        one_sync_pool: bool = False,
    ):
        self.tmp, self.procs = tmp, []
        self.one_sync_pool = one_sync_pool
        self.app_port, self.proxy_port = free_port(), free_port()
        self.exports_port = self.app_port if one_sync_pool else free_port()
        self.gunicorn: dict[str, subprocess.Popen] = {}
        self.env = production_env(
            database_url=database_url or _worker_database_url(),
            redis_url=redis_url,
            DATABASE_POOLER=pooler,
            ALLOWED_HOSTS="127.0.0.1,portal.example",
            TRUSTED_PROXIES="127.0.0.1",
            TRUSTED_PROXY_HOPS="1",
            GUNICORN_BIND=f"127.0.0.1:{self.app_port}",
            GUNICORN_WORKERS=str(web_workers),
            GUNICORN_THREADS="4",
            DRAIN_FILE=str(tmp / "drain"),
        )

    def start(self, *cmd, name: str, env: dict | None = None) -> subprocess.Popen:
        out = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        self.procs.append(
            subprocess.Popen(  # noqa: S603 - the drill's own commands
                cmd,
                env={**self.env, **(env or {})},
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        )
        return self.procs[-1]

    def start_gunicorn(self, name: str, port: int, **env: str) -> None:
        pidfile = str(self.tmp / f"{name}.pid")
        env = {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_PIDFILE": pidfile, **env}
        self.gunicorn[name] = self.start(sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", name=name,
                                         env=env)  # fmt: skip

    def answers(self) -> bool:
        try:
            conn = HTTPConnection("127.0.0.1", self.proxy_port, timeout=10)
            try:
                conn.request("GET", "/en/hotlines/")
                return conn.getresponse().status == 200
            finally:
                conn.close()
        except OSError:
            return False

    def nginx_conf(self) -> Path:
        portal = nginx.portal_conf(
            self.tmp, port=self.proxy_port, app_port=self.app_port, exports_port=self.exports_port
        )
        (self.tmp / "portal.conf").write_text(portal)
        return nginx.main_conf(self.tmp, f"include {self.tmp}/portal.conf;", connections=512)

    def up(self) -> Stack:
        collect_static(self.env)
        if self.one_sync_pool:
            self.start_gunicorn(
                "gunicorn", self.app_port, GUNICORN_WORKER_CLASS="sync", GUNICORN_WORKERS="4", GUNICORN_THREADS="1"
            )  # threads 1: gunicorn turns sync workers with threads into gthread
        else:  # the pages' pool and the exports' pool (deploy/nginx/portal.conf), the same config
            self.start_gunicorn("gunicorn", self.app_port)
            self.start_gunicorn("gunicorn-exports", self.exports_port, GUNICORN_WORKERS="1")
        # A real worker in the same profile, on the production default queue of the private Redis.
        self.worker = WorkerProcess({**self.env, "TEST_CELERY_QUEUE": "celery"}, self.tmp).start()
        conf = self.nginx_conf()
        args = [nginx.NGINX, "-p", str(self.tmp), "-c", str(conf), "-e", str(self.tmp / "nginx-startup.log")]
        subprocess.run([*args, "-t", "-q"], check=True)  # noqa: S603
        self.start(*args, name="nginx-stdout")
        wait_until(self.answers, timeout=60, interval=0.3, message="nginx and gunicorn to answer")
        return self

    def down(self) -> None:
        if getattr(self, "worker", None):
            self.worker.stop()
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    def logs(self) -> dict[str, str]:
        return {path.name: path.read_text(errors="replace") for path in sorted(self.tmp.glob("*.log"))}

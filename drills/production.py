"""The production profile, started by a drill: gunicorn with deploy/gunicorn.conf.py in the production settings on
the test's PostgreSQL database and a private Redis, a real Celery worker in the same profile, and Debian's nginx with
deploy/nginx/portal.conf in front (its ports and paths rewritten for the drill). People are real TCP clients bound to
distinct loopback addresses, talking to nginx only. Used by the proxy drill and the Lighthouse measurement."""

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


class Stack:
    """`one_sync_pool=True` is the configuration before issue 22, for a drill to compare: four sync workers, and the
    exports sent to the same pool as the pages."""

    collected = False  # collectstatic ran in this test session

    def __init__(self, tmp: Path, redis_url: str, *, one_sync_pool: bool = False):
        self.tmp, self.procs = tmp, []
        self.one_sync_pool = one_sync_pool
        self.app_port, self.proxy_port = free_port(), free_port()
        self.exports_port = self.app_port if one_sync_pool else free_port()
        self.gunicorn: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "taskforce.settings.production",
            "SECRET_KEY": "drill-only-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
            "HASH_KEY": settings.HASH_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,portal.example",
            "DATABASE_URL": _worker_database_url(),
            "REDIS_URL": redis_url,
            "SECURE_SSL_REDIRECT": "false",  # nginx speaks plain HTTP on loopback here; TLS is the README's part
            "TRUSTED_PROXIES": "127.0.0.1",
            "TRUSTED_PROXY_HOPS": "1",
            "GUNICORN_BIND": f"127.0.0.1:{self.app_port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "4",
            "DRAIN_FILE": str(tmp / "drain"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "INFO",
        }
        for name in ("TEST_CELERY_EAGER", "TEST_CELERY_QUEUE", "TEST_CACHE_PREFIX"):
            self.env.pop(name, None)

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
        if not Stack.collected:  # once a test session: minutes of CPU (compression), the same files every time
            subprocess.run(  # noqa: S603 - our own manage.py; the manifest the production storage needs
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=self.env, cwd=ROOT, check=True
            )
            Stack.collected = True
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

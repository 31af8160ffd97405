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


class Stack:
    def __init__(self, tmp: Path, redis_url: str, *, database_url: str = "", pooler: str = "", web_workers: int = 2):
        self.tmp, self.procs = tmp, []
        self.app_port, self.proxy_port = free_port(), free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "taskforce.settings.production",
            "SECRET_KEY": "drill-only-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
            "HASH_KEY": settings.HASH_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,portal.example",
            "DATABASE_URL": database_url or _worker_database_url(),
            "DATABASE_POOLER": pooler,
            "REDIS_URL": redis_url,
            "SECURE_SSL_REDIRECT": "false",  # nginx speaks plain HTTP on loopback here; TLS is the README's part
            "TRUSTED_PROXIES": "127.0.0.1",
            "TRUSTED_PROXY_HOPS": "1",
            "GUNICORN_BIND": f"127.0.0.1:{self.app_port}",
            "GUNICORN_WORKERS": str(web_workers),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "INFO",
        }
        for name in ("TEST_CELERY_EAGER", "TEST_CELERY_QUEUE", "TEST_CACHE_PREFIX"):
            self.env.pop(name, None)

    def start(self, *cmd, name: str) -> None:
        out = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        self.procs.append(
            subprocess.Popen(  # noqa: S603 - the drill's own commands
                cmd, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        )

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
        portal = nginx.portal_conf(self.tmp, port=self.proxy_port, app_port=self.app_port)
        (self.tmp / "portal.conf").write_text(portal)
        return nginx.main_conf(self.tmp, f"include {self.tmp}/portal.conf;", connections=512)

    def up(self) -> Stack:
        subprocess.run(  # noqa: S603 - our own manage.py; the manifest the production storage needs
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=self.env, cwd=ROOT, check=True
        )
        self.start(sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", name="gunicorn")
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

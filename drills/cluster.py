"""The portal on several machines, as deploy/ and the README's "Several machines" describe it, each machine a
network namespace (drills/hosts.py) on one bridge:

    people (10.222.0.100-139, the root namespace)
        |
    proxy  10.222.0.10   Debian's nginx, deploy/nginx/portal.conf with both web machines in its upstream
        |
    web1   10.222.0.11   gunicorn, deploy/gunicorn.conf.py, production settings: pages :8000, exports :8001
    web2   10.222.0.12   the same
    work1  10.222.0.21   celery worker, and the active beat
    work2  10.222.0.22   celery worker, and a standby beat
    redis  10.222.0.30   redis-server of the drill's own (broker, cache, beat's lock)
    s3     10.222.0.40   an S3-compatible server (moto's, from PyPI), the media's object storage
    db     10.222.0.1    the test's PostgreSQL database behind Debian's PgBouncer (transaction mode) on the bridge
    mail   10.222.0.1    a real SMTP server (aiosmtpd) that takes its time over each message

Every process runs the production profile from this checkout; only addresses differ from a real deployment.
"""

from __future__ import annotations

import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

from django.db import connection

from taskforce.testing import nginx
from taskforce.testing.pgbouncer import PgBouncer
from taskforce.testing.plugin import wait_until

from . import hosts
from .hosts import Network
from .production import ROOT, collect_static, production_env
from .services import SMTPServer

PROXY, WEB1, WEB2, WORK1, WORK2, REDIS, S3 = 10, 11, 12, 21, 22, 30, 40
POOLS = {"pages": (8000, 2), "exports": (8001, 1)}  # gunicorn pools of each web machine: port, workers
FAIL_TIMEOUT_SECONDS = 10  # nginx leaves a web machine out this long after a failed connection (portal.conf)
BUCKET = "portal-media"


class Cluster:
    def __init__(self, tmp: Path, *, mail_delay: float = 0.2, **extra_env: str):
        self.tmp = tmp
        self.net = Network()
        self.mail_delay = mail_delay
        self.extra_env = extra_env

    # ----- the machines ----------------------------------------------------------------------------------------

    def up(self) -> Cluster:
        net = self.net.up()
        self.people = net.client_addresses(100, 40)
        db = connection.settings_dict
        # PostgreSQL behind PgBouncer in transaction mode (deploy/pgbouncer/pgbouncer.ini), on the bridge.
        self.pgbouncer = PgBouncer(
            pool_size=6, server_port=int(db.get("PORT") or 5432), user=db.get("USER") or "postgres", listen=net.gateway
        ).start()
        self.smtp = SMTPServer(host=net.gateway, delay=self.mail_delay).start()
        self.hosts = {name: net.host(name, n) for name, n in (
            ("proxy", PROXY), ("web1", WEB1), ("web2", WEB2), ("work1", WORK1), ("work2", WORK2),
            ("redis", REDIS), ("s3", S3),
        )}  # fmt: skip
        self.redis_url = f"redis://{self._address('redis')}:6379/0"
        self.s3_url = f"http://{self._address('s3')}:9000"
        self.env = production_env(
            database_url=self.pgbouncer.url(db["NAME"]),
            DATABASE_POOLER="pgbouncer",
            redis_url=self.redis_url,
            ALLOWED_HOSTS=f"{self._address('proxy')},portal.example",
            TRUSTED_PROXIES=self._address("proxy"),
            TRUSTED_PROXY_HOPS="1",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=net.gateway,
            EMAIL_PORT=str(self.smtp.port),
            GUNICORN_WORKERS="2",
            MEDIA_STORAGE="s3",
            S3_BUCKET=BUCKET,
            S3_ENDPOINT_URL=self.s3_url,
            S3_REGION="us-east-1",
            S3_ACCESS_KEY_ID="drill-access-key",
            S3_SECRET_ACCESS_KEY="drill-secret-key",  # noqa: S106 - moto's server takes any
            **self.extra_env,
        )
        collect_static(self.env)
        self._start("redis", "redis-server", "--bind", self._address("redis"), "--port", "6379", "--save", "",
                    "--appendonly", "no", "--protected-mode", "no")  # fmt: skip
        self._start("s3", sys.executable, "-m", "moto.server", "-H", self._address("s3"), "-p", "9000")
        wait_until(self._bucket_made, timeout=60, interval=0.5, message="the S3 server to make the bucket")
        for web in ("web1", "web2"):
            self.start_web(web)
        for work in ("work1", "work2"):
            self.start_worker(work)
        # Beat on both worker machines: work1's takes the lock first, work2's stands by (README, "Several machines").
        self.beats_started = time.monotonic()
        self.start_beat("work1")
        wait_until(lambda: self.beat_holds("work1"), timeout=90, interval=0.5, message="work1's beat to take the lock")
        self.start_beat("work2")
        self._start_proxy()
        for web in ("web1", "web2"):
            wait_until(lambda web=web: self.web_answers(web), timeout=90, interval=0.5, message=f"{web} to answer")
        wait_until(self.answers, timeout=30, interval=0.3, message="the proxy to answer")
        return self

    def _bucket_made(self) -> bool:
        import boto3  # noqa: PLC0415 - the drill's S3 client
        import botocore.exceptions  # noqa: PLC0415

        client = boto3.client(
            "s3", endpoint_url=self.s3_url, region_name="us-east-1",
            aws_access_key_id="drill-access-key", aws_secret_access_key="drill-secret-key",  # noqa: S106
        )  # fmt: skip
        try:
            client.create_bucket(Bucket=BUCKET)
        except botocore.exceptions.EndpointConnectionError:
            return False
        except client.exceptions.BucketAlreadyOwnedByYou:
            pass
        self.s3 = client
        return True

    def objects(self) -> list[str]:
        listed = self.s3.list_objects_v2(Bucket=BUCKET)
        return [item["Key"] for item in listed.get("Contents", [])]

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def beat_holds(self, work: str) -> bool:
        return "beat: Acquired lock" in self.log(f"{work}-beat")

    def _address(self, name: str) -> str:
        return self.hosts[name].address

    def _start(self, host: str, *cmd: str, env: dict | None = None, log: str = "") -> subprocess.Popen:
        return self.hosts[host].start(*cmd, env=env or self.env, log=self.tmp / f"{log or host}.log", cwd=ROOT)

    def web_env(self, web: str) -> dict[str, str]:
        """The web machine's environment for deploy/drain-web: its drain file and both pools' pid files."""
        pids = " ".join(str(self.tmp / f"{web}-{pool}.pid") for pool in POOLS)
        return {**self.env, "DRAIN_FILE": str(self.tmp / f"{web}-drain"), "GUNICORN_PIDFILES": pids}

    def start_web(self, web: str) -> None:
        """Both gunicorn pools of deploy/gunicorn.conf.py: the pages and the exports (README, "Several machines")."""
        for pool, (port, workers) in POOLS.items():
            env = {
                **self.web_env(web),
                "GUNICORN_BIND": f"{self._address(web)}:{port}",
                "GUNICORN_WORKERS": str(workers),
                "GUNICORN_PIDFILE": str(self.tmp / f"{web}-{pool}.pid"),
            }
            self._start(web, sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", env=env,
                        log=f"{web}-{pool}")  # fmt: skip

    def start_worker(self, work: str) -> None:
        self._start(work, sys.executable, "-m", "celery", "-A", "taskforce", "worker", "--loglevel=INFO",
                    "--concurrency=2", "-n", f"worker@{work}", env=self.env, log=f"{work}-worker")  # fmt: skip

    def start_beat(self, work: str) -> None:
        self._start(work, sys.executable, "-m", "celery", "-A", "taskforce", "beat", "--loglevel=INFO",
                    "-s", str(self.tmp / f"{work}-beat-schedule"), env=self.env, log=f"{work}-beat")  # fmt: skip

    def _proxy_conf(self, *, down: tuple[str, ...] = ()) -> None:
        """deploy/nginx/portal.conf with both web machines in each upstream (`down` ones marked so)."""

        def upstream(port: int) -> str:
            lines = ["hash $remote_addr consistent;"]
            for web in ("web1", "web2"):
                state = " down" if web in down else ""
                lines.append(
                    f"server {self._address(web)}:{port} max_fails=1 fail_timeout={FAIL_TIMEOUT_SECONDS}s{state};"
                )
            return "\n    ".join(lines)

        portal = nginx.portal_conf(
            self.tmp,
            port=80,
            app_port=POOLS["pages"][0],
            exports_port=POOLS["exports"][0],
            replace=(
                ("listen 127.0.0.1:80;", f"listen {self._address('proxy')}:80;"),
                (f"server 127.0.0.1:{POOLS['pages'][0]};", upstream(POOLS["pages"][0])),
                (f"server 127.0.0.1:{POOLS['exports'][0]};", upstream(POOLS["exports"][0])),
                # With the media in the bucket, the portal serves /media/ (public folders only) itself: no media.conf.
                ("include /srv/portal/deploy/nginx/media[.]conf;", ""),
            ),
        )
        (self.tmp / "portal.conf").write_text(portal)

    def _nginx(self, *args: str) -> list[str]:
        conf = self.tmp / "nginx.conf"
        return [hosts.IP, "netns", "exec", self.hosts["proxy"].ns, nginx.NGINX, "-p", str(self.tmp), "-c", str(conf),
                "-e", str(self.tmp / "nginx-startup.log"), *args]  # fmt: skip

    def _start_proxy(self) -> None:
        self._proxy_conf()
        nginx.main_conf(self.tmp, f"include {self.tmp}/portal.conf;", connections=1024)
        subprocess.run(self._nginx("-t", "-q"), check=True)  # noqa: S603
        self._start("proxy", *self._nginx()[4:], log="proxy-nginx")

    def proxy_takes_out(self, *down: str) -> None:
        """On the proxy: the web machines `down` marked down (none: all back), and nginx reloaded, gracefully (its
        old workers finish the requests they hold). The first step of a rolling update with nginx, which has no
        active health checks (README, "Several machines")."""
        self._proxy_conf(down=down)
        subprocess.run(self._nginx("-t", "-q"), check=True)  # noqa: S603
        subprocess.run(self._nginx("-s", "reload"), check=True)  # noqa: S603

    def drain(self, web: str) -> subprocess.CompletedProcess:
        """deploy/drain-web on the web machine: /healthz says draining, then gunicorn stops once its requests end."""
        env = {**self.web_env(web), "DRAIN_WAIT": "1"}
        return subprocess.run(  # noqa: S603 - our own script
            [hosts.IP, "netns", "exec", self.hosts[web].ns, str(ROOT / "deploy/drain-web")],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    def resume(self, web: str) -> None:
        resume = [str(ROOT / "deploy/drain-web"), "resume"]
        subprocess.run(resume, env=self.web_env(web), check=True, capture_output=True)  # noqa: S603 - our own script

    # ----- asking ----------------------------------------------------------------------------------------------

    def _get(self, address: str, port: int, path: str, *, timeout: float = 10) -> int:
        try:
            conn = HTTPConnection(address, port, timeout=timeout, source_address=(self.net.gateway, 0))
            try:
                conn.request("GET", path, headers={"Host": self._address("proxy")})
                response = conn.getresponse()
                response.read()
                return response.status
            finally:
                conn.close()
        except OSError:
            return 0

    def web_answers(self, web: str) -> bool:
        return self._get(self._address(web), POOLS["pages"][0], "/healthz") == 200

    def answers(self) -> bool:
        return self._get(self._address("proxy"), 80, "/en/hotlines/") == 200

    @property
    def proxy(self) -> tuple[str, int]:
        return self._address("proxy"), 80

    def down(self) -> None:
        self.net.down()
        for part in ("smtp", "pgbouncer"):
            if hasattr(self, part):
                getattr(self, part).stop()

    def logs(self) -> dict[str, str]:
        return {path.name: path.read_text(errors="replace") for path in sorted(self.tmp.glob("*.log"))}

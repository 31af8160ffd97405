"""`make bench`: the portal's production profile under gunicorn on PostgreSQL and Redis, with generated data,
driven from a second process on loopback, beside a minimal baseline served the same way. Prints one report.

    python -m bench.run                 # the issue's scale (about 15-20 minutes on 2 cores)
    python -m bench.run --scale 0.1     # a tenth of it, for a quick look
    python -m bench.run --keep-data     # reuse the database of the previous run at the same scale

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and the `redis-server` program: the benchmark
starts a Redis of its own on a free port (it stops it during the "Redis down" measurement; the shared Redis on
6379 is never touched). Figures, not a pass/fail: the exit status is 0 whatever the targets say.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from . import report

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ----- processes ------------------------------------------------------------------------------------------------


class Process:
    """A child process in its own session, stopped with its children."""

    def __init__(self, name: str, cmd: list[str], env: dict, logfile: Path):
        self.name, self.cmd, self.env, self.logfile = name, cmd, env, logfile
        self.proc: subprocess.Popen | None = None

    def start(self) -> Process:
        handle = open(self.logfile, "ab")
        self.proc = subprocess.Popen(  # noqa: S603 - our own fixed commands
            self.cmd, env=self.env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    @property
    def pid(self) -> int:
        return self.proc.pid


class PrivateRedis(Process):
    def __init__(self, port: int, state: Path):
        cmd = [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(state),
        ]
        super().__init__("redis", cmd, dict(os.environ), state / "redis.log")
        self.port = port

    def start(self) -> PrivateRedis:
        super().start()
        wait_for(lambda: _redis_ping(self.port), what="the private redis-server")
        return self


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def wait_for(predicate, *, what: str, timeout: float = 60.0, interval: float = 0.2) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(interval)
    raise TimeoutError(f"bench: timed out waiting for {what}")


def http_ok(port: int, path: str) -> bool:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - http://127.0.0.1 only
            return response.status == 200
    except OSError:
        return False


def gunicorn(name: str, port: int, *, env: dict, settings: str, workers: int, state: Path, probe: str = "") -> Process:
    cmd = [
        PYTHON,
        "-m",
        "gunicorn",
        "taskforce.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "300",
        "--log-level",
        "warning",
    ]
    proc = Process(name, cmd, {**env, "DJANGO_SETTINGS_MODULE": settings}, state / f"{name}.log").start()
    probe = probe or ("/bench/action-plan/" if settings == "bench.settings_baseline" else "/healthz")
    wait_for(lambda: http_ok(port, probe), what=f"gunicorn ({name}) on port {port}")
    return proc


def worker_pid(master_pid: int) -> int:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return int(children[0])


def memory_kib(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


# ----- measurements ---------------------------------------------------------------------------------------------

TOKENS = 5000  # more tip form tokens than a measurement can use
TIP_FORM = {
    "what_happened": "Benchmark tip (fictional): workers at a farm cannot leave and their passports were taken.",
    "province": "AB",
    "city": "Brooks",
    "place": "A farm east of town (fictional)",
    "when": "Last week",
    "kind": "labour",
    "danger_now": "no",
    "people_description": "",
    "contact_preference": "",
}


def pages(search_word: str, entries: int) -> list[dict]:
    """The benchmarked pages: name, the portal's request, the baseline's request. The lists go through the
    first ten pages (as far as there are entries; the API's pages are the longer ones, 50 rows)."""
    registry_pages = [f"?page={n}" for n in range(1, max(1, min(10, entries // 50)) + 1)]
    return [
        {
            "name": "Registry list",
            "app": ["/en/registry/" + p for p in registry_pages],
            "base": ["/bench/registry/" + p for p in registry_pages],
        },
        {
            "name": "Registry search",
            "app": [f"/en/registry/?q={search_word}"],
            "base": [f"/bench/registry/?q={search_word}"],
        },
        {"name": "Action plan page", "app": ["/en/action-plan/"], "base": ["/bench/action-plan/"]},
        {"name": "Tip form GET", "app": ["/en/tips/report/"], "base": ["/bench/tips/report/"]},
        {
            "name": "Registry API list",
            "app": ["/api/registry/" + p for p in registry_pages],
            "base": ["/bench/api/registry/" + p for p in registry_pages],
        },
    ]


def drive(spec: dict, state: Path) -> dict:
    """Run the load generator as its own process and return its figures."""
    spec_file = state / "scenario.json"
    spec_file.write_text(json.dumps(spec))
    out = subprocess.run(  # noqa: S603 - our own load generator
        [PYTHON, "-m", "bench.load", str(spec_file)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def merge(parts: list[dict]) -> dict:
    """Figures of several slices of the same scenario taken together."""
    from .load import percentile  # noqa: PLC0415 -- loaded when used, after Django is set up

    values = sorted(v for part in parts for v in part.pop("latencies_ms"))
    seconds = sum(part["seconds"] for part in parts)
    statuses: dict = {}
    for part in parts:
        for code, n in part["statuses"].items():
            statuses[code] = statuses.get(code, 0) + n
    return {
        "name": parts[0]["name"],
        "count": len(values),
        "errors": sum(p["errors"] for p in parts),
        "statuses": statuses,
        "seconds": seconds,
        "rps": len(values) / seconds,
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
    }


def compare(portal_spec: dict, baseline_spec: dict, *, rounds: int, state: Path) -> tuple[dict, dict]:
    """Alternate short slices of the portal and the baseline, so that anything else the machine does weighs on
    both alike; each side gets `duration` seconds in all."""
    portal, baseline = [], []
    for _round in range(rounds):
        portal.append(drive({**portal_spec, "duration": portal_spec["duration"] / rounds}, state))
        baseline.append(drive({**baseline_spec, "duration": baseline_spec["duration"] / rounds}, state))
    return merge(portal), merge(baseline)


class Supervised:
    """The Celery worker, restarted when it exits, as systemd (Restart=always) or a container runtime would.
    Restarts are counted and reported: a worker that dies when Redis goes away is a finding."""

    def __init__(self, make):
        self.make = make
        self.process = make().start()
        self.restarts = 0

    def check(self) -> None:
        if self.process.proc.poll() is not None:
            log(f"the Celery worker exited (status {self.process.proc.returncode}); restarting it")
            self.restarts += 1
            self.process = self.make().start()

    def stop(self) -> None:
        self.process.stop()


def drain(*, sweep: bool, worker: Supervised, timeout: float = 900) -> float:
    """Wait until every delivery is made. With `sweep`, run the sweeper at once and then every 15 seconds (the
    beat runs it every minute); without, only when nothing moved for 15 seconds."""
    from taskforce.tasks import notifications_sweep as deliveries_sweep  # tip notices are notifications  # noqa: PLC0415 -- loaded when used, after Django is set up

    started = time.monotonic()
    if sweep:
        deliveries_sweep()
    last, still = deliveries_open(), time.monotonic()
    while last:
        if time.monotonic() - started > timeout:
            raise TimeoutError("bench: deliveries still open after the time limit")
        time.sleep(0.1)
        worker.check()
        now_open = deliveries_open()
        if now_open != last:
            last, still = now_open, time.monotonic()
        elif time.monotonic() - still > 15:
            deliveries_sweep()
            still = time.monotonic()
    return time.monotonic() - started


def count_queries(search_word: str) -> dict:
    """Queries per request, in-process with the test client and CaptureQueriesContext."""
    from django.db import connection  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django.test import Client  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- loaded when used, after Django is set up

    from tips.protection import form_token_new  # noqa: PLC0415 -- loaded when used, after Django is set up

    client = Client(HTTP_HOST="127.0.0.1")
    tokens = [form_token_new("report") for _ in range(2)]  # single use: one per POST
    time.sleep(3.2)  # the tip form's minimum fill time
    requests = [
        ("Registry list", "get", "/en/registry/?page=2", None),
        ("Registry search", "get", f"/en/registry/?q={search_word}", None),
        ("Action plan page", "get", "/en/action-plan/", None),
        ("Tip form GET", "get", "/en/tips/report/", None),
        ("Tip form POST", "post", "/en/tips/report/", None),
        ("Registry API list", "get", "/api/registry/", None),
    ]
    counts = {}
    for name, method, path, data in requests:
        for warm in range(2):
            if method == "post":
                data = {**TIP_FORM, "form_token": tokens[warm]}
            with CaptureQueriesContext(connection) as captured:
                response = getattr(client, method)(path, data, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"bench: {method.upper()} {path} answered {response.status_code}")
        counts[name] = len(captured)
    return counts


def export_memory(port: int, *, env: dict, state: Path) -> dict:
    """Peak resident memory of a fresh gunicorn worker streaming the whole registry CSV."""
    proc = gunicorn("export", port, env=env, settings="bench.settings_bench", workers=1, state=state)
    try:
        pid = worker_pid(proc.pid)
        http_ok(port, "/en/registry/")
        before = memory_kib(pid)
        started = time.monotonic()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/en/registry/business-registry.csv", headers={"X-Forwarded-Proto": "https"}
        )
        size = lines = 0
        with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310 - http://127.0.0.1 only
            while chunk := response.read(1 << 16):
                size += len(chunk)
                lines += chunk.count(b"\n")
        after = memory_kib(pid)
    finally:
        proc.stop()
    return {
        "rows": lines - 1,
        "bytes": size,
        "seconds": time.monotonic() - started,
        "rss_before_mib": before["VmHWM"] / 1024,
        "peak_mib": after["VmHWM"] / 1024,
        "growth_mib": (after["VmHWM"] - before["VmHWM"]) / 1024,
    }


def form_tokens(count: int) -> list[str]:
    """Tokens of the tip form, made by the tips app's own function with the production key, as the form page
    makes them; each is good for one submission."""
    from tips.protection import form_token_new  # noqa: PLC0415 -- loaded when used, after Django is set up

    return [form_token_new("report") for _ in range(count)]


def deliveries_open() -> int:
    """Handlers' notices of a tip not sent yet (routing itself happens in the tip's transaction)."""
    from taskforce.models import Notification  # noqa: PLC0415 -- loaded when used, after Django is set up

    open_states = [Notification.State.PENDING, Notification.State.SENDING]
    return Notification.objects.filter(template="tips_delivery", state__in=open_states).count()


# ----- the run --------------------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's data scale (default 1)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured per scenario (default 15)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per scenario (default 2)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="slices the portal and the baseline alternate in, per page (default 3)"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous clients (default 8)")
    parser.add_argument(
        "--workers",
        type=int,
        default=(os.cpu_count() or 2) * 2,
        help="gunicorn sync workers, for the portal and the baseline alike (default 2 x CPUs)",
    )
    parser.add_argument("--database", default="tf_bench", help="PostgreSQL database to (re)create (tf_bench)")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="PostgreSQL server URL without the database name",
    )
    parser.add_argument("--keep-data", action="store_true", help="reuse the database of the previous run")
    parser.add_argument(
        "--state-dir",
        default=str(Path(tempfile.gettempdir()) / "taskforce-bench"),
        help="logs, keys and results.json (default /tmp/taskforce-bench)",
    )
    return parser.parse_args(argv)


def secrets_for(state: Path, keep: bool) -> dict:
    path = state / "secrets.json"
    if keep and path.exists():
        return json.loads(path.read_text())
    from cryptography.fernet import Fernet  # noqa: PLC0415 -- loaded when used, after Django is set up

    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "HASH_KEY": secrets.token_urlsafe(32),
    }
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return values


def database(args) -> bool:
    """(Re)create the benchmark database. True when existing data is reused."""
    psql = ["psql", f"{args.postgres}/postgres", "-tAq", "-v", "ON_ERROR_STOP=1", "-c"]
    exists = (
        subprocess.run(  # noqa: S603 - psql with the name given on our command line
            [*psql, f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'"],  # noqa: S608
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        == "1"
    )
    if exists and args.keep_data:
        return True
    if exists:
        subprocess.run([*psql, f'DROP DATABASE "{args.database}" WITH (FORCE)'], check=True)  # noqa: S603
    subprocess.run([*psql, f'CREATE DATABASE "{args.database}"'], check=True)  # noqa: S603
    return False


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("redis-server"):
        raise SystemExit("bench: needs the redis-server program (apt-get install redis-server)")
    state = Path(args.state_dir)
    state.mkdir(parents=True, exist_ok=True)
    for old in state.glob("*.log"):
        old.unlink()
    kept = database(args)
    redis = PrivateRedis(free_port(), state).start()
    env = {
        **os.environ,
        **secrets_for(state, kept),
        "DATABASE_URL": f"{args.postgres}/{args.database}",
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "BENCH_STATIC_ROOT": str(state / "static"),
        "SITE_URL": "https://127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DEBUG", None)
    os.environ.update({**env, "DJANGO_SETTINGS_MODULE": "bench.settings_bench"})
    processes: list = [redis]
    results: dict = {"args": vars(args), "machine": machine()}
    started = time.monotonic()
    try:
        import django  # noqa: PLC0415 -- loaded when used, after Django is set up

        django.setup()
        from django.core.management import call_command  # noqa: PLC0415 -- loaded when used, after Django is set up

        from . import data  # noqa: PLC0415 -- loaded when used, after Django is set up

        log(f"database {args.database} ({'reused' if kept else 'new'}); private Redis on port {redis.port}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("seed_demo", password=secrets.token_urlsafe(16), verbosity=0)

        one, ten = 0.01 * args.scale, 0.1 * args.scale
        log(f"data at 1x ({one:g} of the issue's scale)")
        results["data_1x"] = data.grow_to(one, log=log)
        with data.only_first_entries(results["data_1x"]["registry"]):  # with --keep-data there may be more
            results["queries_1x"] = count_queries(data.SEARCH_WORD)
        log(f"data at 10x ({ten:g})")
        results["data_10x"] = data.grow_to(ten, log=log)
        with data.only_first_entries(results["data_10x"]["registry"]):
            results["queries_10x"] = count_queries(data.SEARCH_WORD)

        log("CSV export memory at 10x")
        with data.only_first_entries(results["data_10x"]["registry"]):  # with --keep-data there may be more
            results["export_small"] = export_memory(free_port(), env=env, state=state)
        log(f"data at full size ({args.scale:g})")
        results["data_full"] = data.grow_to(args.scale, log=log)
        from django.db import connection  # noqa: PLC0415 -- loaded when used, after Django is set up

        with connection.cursor() as cursor:  # as autovacuum would soon: fresh statistics and visibility map
            cursor.execute("VACUUM ANALYZE")
        log("CSV export memory at full size")
        results["export_large"] = export_memory(free_port(), env=env, state=state)

        app_port, base_port = free_port(), free_port()
        app = gunicorn("portal", app_port, env=env, settings="bench.settings_bench", workers=args.workers, state=state)
        processes.append(app)
        base = gunicorn(
            "baseline", base_port, env=env, settings="bench.settings_baseline", workers=args.workers, state=state
        )
        processes.append(base)
        proposed_port = free_port()
        processes.append(
            gunicorn(
                "proposed",
                proposed_port,
                env=env,
                settings="bench.settings_proposed",
                workers=args.workers,
                state=state,
            )
        )
        common = {
            "host": "127.0.0.1",
            "concurrency": args.concurrency,
            "duration": args.duration,
            "warmup": args.warmup,
        }
        results["pages"] = []
        for page in pages(data.SEARCH_WORD, results["data_full"]["registry"]):
            log(f"load: {page['name']}")
            portal, baseline = compare(
                {**common, "name": page["name"], "port": app_port, "paths": page["app"]},
                {**common, "name": page["name"], "port": base_port, "paths": page["base"]},
                rounds=args.rounds,
                state=state,
            )
            results["pages"].append({"name": page["name"], "portal": portal, "baseline": baseline})

        worker = Supervised(
            lambda: Process(
                "celery",
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "taskforce",
                    "worker",
                    "--loglevel=WARNING",
                    "--concurrency",
                    "2",
                    "--without-gossip",
                    "--without-mingle",
                ],
                {**env, "DJANGO_SETTINGS_MODULE": "bench.settings_bench"},
                state / "celery.log",
            )
        )
        processes.append(worker)
        drain(sweep=True, worker=worker)  # what the query counts queued
        post = {**common, "method": "POST", "form": TIP_FORM}
        log("load: tip form POST (baseline)")
        tip_base = merge(
            [drive({**post, "name": "Tip form POST", "port": base_port, "paths": ["/bench/tips/report/"]}, state)]
        )
        drain(sweep=False, worker=worker)
        log("load: tip form POST (Redis up)")
        tip_up = merge(
            [
                drive(
                    {
                        **post,
                        "name": "Tip form POST",
                        "port": app_port,
                        "paths": ["/en/tips/report/"],
                        "form_tokens": form_tokens(TOKENS),
                        "token_wait": 3.2,
                    },
                    state,
                )
            ]
        )
        results["open_after_burst"] = deliveries_open()
        results["drain_up_s"] = drain(sweep=False, worker=worker)
        results["pages"].insert(4, {"name": "Tip form POST", "portal": tip_up, "baseline": tip_base})

        log("load: tip form POST with Redis stopped")
        redis.stop()
        tip_down = merge(
            [
                drive(
                    {
                        **post,
                        "name": "Tip form POST (Redis down)",
                        "port": app_port,
                        "paths": ["/en/tips/report/"],
                        "form_tokens": form_tokens(TOKENS),
                        "token_wait": 3.2,
                    },
                    state,
                )
            ]
        )
        results["tip_down"] = tip_down
        log("load: tip form POST with Redis stopped, proposed broker setting")
        results["tip_down_proposed"] = merge(
            [
                drive(
                    {
                        **post,
                        "name": "Tip form POST (Redis down, proposed)",
                        "port": proposed_port,
                        "paths": ["/en/tips/report/"],
                        "form_tokens": form_tokens(TOKENS),
                        "token_wait": 3.2,
                    },
                    state,
                )
            ]
        )
        results["open_while_down"] = deliveries_open()
        redis.start()
        results["drain_down_s"] = drain(sweep=True, worker=worker)
        results["worker_restarts"] = worker.restarts
        results["total_minutes"] = (time.monotonic() - started) / 60
    finally:
        for process in reversed(processes):
            process.stop()
        (state / "results.json").write_text(json.dumps(results, indent=2, default=str))
        print(report.render(results))
    log(f"results in {state / 'results.json'}; logs in {state}")
    return 0


def machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: the portal's production profile under the README's gunicorn command, on PostgreSQL and Redis, with
generated data at 1x, 10x and 100x (100x = the issue's measurement), driven by `wrk`, each page beside its peers
(bench/views.py) in the same server and run. Prints one report (bench/report.py) and writes it as Markdown.

    python -m bench.run                                   # 1x, 10x, 100x; load measured at 100x
    python -m bench.run --scale 1 --duration 3            # a quick run, end to end
    python -m bench.run --registry-rows 1000000           # then the registry pages again at a million entries
    python -m bench.run --registry-rows 100000,1000000    # ... at each of these sizes in turn
    python -m bench.run --keep-data --only "registry"     # reuse the database; only the pages named so
    python -m bench.run --pgbouncer --only export         # gunicorn and a Celery worker through PgBouncer

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust authentication), the `redis-server` program (a Redis of
its own on a free port; the shared Redis on 6379 is never touched) and `wrk` (Debian package `wrk`). Figures, not
a pass/fail: the exit status is 0 whatever the targets say.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from . import report

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# The downloads measured under load: name -> (path, signed in as, format). When the exports become dated snapshot
# files, change the paths here (a redirect to the file is followed).
EXPORTS = {
    "Registry CSV export": ("/en/registry/business-registry.csv", None, "csv"),
    "Registry JSON export": ("/en/registry/business-registry.json", None, "json"),
    # A search's selection, written live by the web worker (at most REGISTRY_LIVE_EXPORT_MAX_ROWS; one generated
    # name in 200 has the word, bench/data.py): rows read by keyset pages during the request.
    "Registry live CSV export (search)": ("/en/registry/business-registry.csv?q=Ferncliff", None, "csv"),
    "Registry live JSON export (search)": ("/en/registry/business-registry.json?q=Ferncliff", None, "json"),
    # The open data downloads (issue 19): the registry's are its built files (a 302 there), the others written live.
    "Open data registry CSV": ("/en/data/business-registry.csv", None, "csv"),
    "Open data registry JSON": ("/en/data/business-registry.json", None, "json"),
    "Open data tips statistics CSV": ("/en/data/statistics-tips-by-month.csv", None, "csv"),
    "Open data tips statistics JSON": ("/en/data/statistics-tips-by-month.json", None, "json"),
    "Action plan CSV export": ("/en/action-plan/export.csv", None, "csv"),
    "Training report CSV export": ("/en/training/staff/report/csv/", "manager", "csv"),
}
CONCURRENT_DOWNLOADS = 3
STATUS_CHANGE_POSTS = 5
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
# What a journalist sends the registry matcher: a name as found (another legal form, a typo), a city, a province.
MATCH_BODY = {"name": "Ferncliff Maple Harbour 7 Limited", "city": "Calgary", "province": "AB", "limit": 5}
# Issue 23: the tip form's POST beside the same view storing its tip as before issue 23 (bench/legacy_submit.py),
# in the same run; the target is on the ratio of their p95 (bench/report.py).
TIP_FORM_PATH = "/en/tips/report/"
TIP_FORM_LEGACY_PATH = "/_bench/tips/report/legacy/"
TIP_FORM_PEER = "pre-issue-23"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# ----- processes ------------------------------------------------------------------------------------------------


class Process:
    """A child process in its own session, stopped with its children."""

    def __init__(self, name: str, cmd: list[str], env: dict, logfile: Path):
        self.name, self.cmd, self.env, self.logfile = name, cmd, env, logfile
        self.proc: subprocess.Popen | None = None

    def start(self) -> Process:
        handle = open(self.logfile, "ab")  # noqa: SIM115 - the child keeps it
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


def wait_for(predicate, *, what: str, timeout: float = 60.0, interval: float = 0.2) -> None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"bench: timed out waiting for {what}")


def private_redis(state: Path) -> tuple[Process, int]:
    port = free_port()
    cmd = ["redis-server", "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no", "--dir", str(state)]
    redis = Process("redis", cmd, dict(os.environ), state / "redis.log").start()

    def ping() -> bool:
        try:
            with socket.create_connection((HOST, port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    wait_for(ping, what="the private redis-server")
    return redis, port


def get(port: int, path: str, *, cookie: str = "", timeout: float = 60) -> tuple[int, bytes, dict]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"X-Forwarded-Proto": "https", **({"Cookie": cookie} if cookie else {})}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def gunicorn(port: int, *, env: dict, workers: int | None, state: Path) -> Process:
    """The README's command, `gunicorn -c deploy/gunicorn.conf.py` (its workers and gunicorn's default 30 s
    timeout), on a port of our own, with the benchmark's settings."""
    extra = {"GUNICORN_BIND": f"{HOST}:{port}", "DJANGO_SETTINGS_MODULE": "bench.settings_bench"}
    if workers:
        extra["GUNICORN_WORKERS"] = str(workers)
    cmd = [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
    proc = Process("gunicorn", cmd, {**env, **extra}, state / "gunicorn.log").start()

    def up() -> bool:
        try:
            return get(port, "/healthz", timeout=5)[0] == 200
        except OSError:
            return False

    wait_for(up, what=f"gunicorn on port {port}")
    return proc


def worker_pids(master: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def cpu_ticks(pids: list[int]) -> dict[int, int]:
    """utime + stime of each process (/proc/<pid>/stat fields 14 and 15), in clock ticks."""
    ticks = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])
    return ticks


def peak_rss_mib(pids: list[int]) -> float:
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


ACCESS_LINE = re.compile(rb'"(?:GET|POST|HEAD) [^"]*" (\d{3}) ')


def drain(master: int, *, timeout: float = 120.0) -> None:
    """Wait until the workers are idle: when wrk stops, the requests in flight and those queued in the listen
    backlog are still served (sync workers), and their cost must not fall on the next measurement."""
    started = time.monotonic()
    before = sum(cpu_ticks(worker_pids(master)).values())
    while time.monotonic() - started < timeout:
        time.sleep(0.3)
        now = sum(cpu_ticks(worker_pids(master)).values())
        if now - before <= 1:
            return
        before = now


class CpuMeter:
    """App CPU of the gunicorn workers over a measurement and until they are idle again, and the requests they served
    meanwhile (counted in gunicorn's access log, with their statuses: a request whose client gave up is served all
    the same). A worker killed meanwhile (timeout) takes its ticks with it: `restarts` says how many were."""

    def __init__(self, server: Process):
        self.master, self.log = server.pid, server.logfile

    def __enter__(self):
        drain(self.master)
        self.before = cpu_ticks(worker_pids(self.master))
        self.log_at = self.log.stat().st_size
        return self

    def __exit__(self, *exc):
        drain(self.master)
        after = cpu_ticks(worker_pids(self.master))
        self.ms = sum(after[p] - self.before.get(p, 0) for p in after) * 1000 / CLK_TCK
        self.restarts = len(set(self.before) - set(after))
        with open(self.log, "rb") as handle:
            handle.seek(self.log_at)
            codes = [m.group(1).decode() for m in ACCESS_LINE.finditer(handle.read())]
        self.served = len(codes)
        self.statuses = {code: codes.count(code) for code in sorted(set(codes))}


# ----- wrk ------------------------------------------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {%(paths)s}
local tokens = {%(tokens)s}
local body = "%(body)s"
local json_body = "%(json_body)s"
local out = "%(out)s"
local nthreads = %(threads)d
local threads = {}
local count = 0
wrk.headers["X-Forwarded-Proto"] = "https"
%(headers)s
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function request()
  local k = count * nthreads + tid
  count = count + 1
  local path = paths[(k %% #paths) + 1]
  if #tokens > 0 then
    return wrk.format("POST", path, nil, body .. tokens[(k %% #tokens) + 1])
  end
  if #json_body > 0 then
    return wrk.format("POST", path, nil, json_body)
  end
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local e = summary.errors
  local f = io.open(out, "w")
  f:write(string.format(
    '{"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50": %%.1f, "p95": %%.1f, "p99": %%.1f, "max": %%.1f}',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
  f:close()
end
"""


def _lua_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def wrk(
    port: int,
    paths: list[str],
    *,
    duration: float,
    connections: int,
    state: Path,
    cookie: str = "",
    form: dict | None = None,
    tokens: list[str] | None = None,
    json_body: dict | None = None,
) -> dict:
    """One wrk run; its Lua `done` writes the figures as JSON. Non-2xx/3xx answers count as status errors."""
    threads = min(2, connections)
    out = state / "wrk-result.json"
    out.unlink(missing_ok=True)
    headers = []
    if cookie:
        headers.append(f'wrk.headers["Cookie"] = "{_lua_string(cookie)}"')
    if form is not None:
        headers.append('wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"')
    if json_body is not None:
        headers.append('wrk.headers["Content-Type"] = "application/json"')
    script = WRK_SCRIPT % {
        "paths": ", ".join(f'"{_lua_string(p)}"' for p in paths),
        "tokens": ", ".join(f'"{_lua_string(t)}"' for t in tokens or []),
        "body": _lua_string(urlencode(form or {}) + "&form_token=") if form is not None else "",
        "json_body": _lua_string(json.dumps(json_body)) if json_body is not None else "",
        "out": _lua_string(str(out)),
        "threads": threads,
        "headers": "\n".join(headers),
    }
    script_file = state / "wrk-script.lua"
    script_file.write_text(script)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "60s",
        "-s",
        str(script_file),
        f"http://{HOST}:{port}/",
    ]
    subprocess.run(cmd, cwd=state, capture_output=True, text=True, check=True)  # noqa: S603 - wrk, our arguments
    figures = json.loads(out.read_text())
    seconds = figures["duration_us"] / 1e6
    errors = {k: figures[k] for k in ("connect", "read", "write", "status", "timeout") if figures[k]}
    return {
        "count": figures["requests"],
        "seconds": seconds,
        "rps": figures["requests"] / seconds if seconds else 0.0,
        "p50": figures["p50"] / 1000,
        "p95": figures["p95"] / 1000,
        "p99": figures["p99"] / 1000,
        "max": figures["max"] / 1000,
        "bytes": figures["bytes"],
        "errors": errors,
    }


def _summed(parts: list[dict], key: str) -> dict:
    """The counts under `key` (errors by kind, answers by status) of every part, added up."""
    total: Counter = Counter()
    for part in parts:
        total.update(part[key])
    return dict(total)


def merge(parts: list[dict]) -> dict:
    """Slices of one scenario together: counts add up; percentiles are the request-weighted mean of the slices'."""
    count = sum(p["count"] for p in parts)
    seconds = sum(p["seconds"] for p in parts)
    merged = {"count": count, "seconds": seconds, "rps": count / seconds if seconds else 0.0}
    for key in ("p50", "p95", "p99"):
        merged[key] = sum(p[key] * p["count"] for p in parts) / count if count else float("nan")
    merged["max"] = max(p["max"] for p in parts)
    merged["bytes_per_request"] = sum(p["bytes"] for p in parts) / count if count else 0
    merged["errors"] = _summed(parts, "errors")
    merged["cpu_ms"] = sum(p["cpu_ms"] for p in parts)
    merged["served"] = sum(p["served"] for p in parts)  # by the server, including those wrk stopped waiting for
    merged["cpu_ms_per_request"] = merged["cpu_ms"] / merged["served"] if merged["served"] else float("nan")
    merged["statuses"] = _summed(parts, "statuses")
    merged["worker_restarts"] = sum(p["worker_restarts"] for p in parts)
    merged["ok_statuses"] = parts[0]["ok_statuses"] if parts else ["2"]
    return merged


def measure(server: Process, port: int, paths: list[str], args, state: Path, **kwargs) -> dict:
    with CpuMeter(server) as cpu:
        figures = wrk(
            port, paths, duration=args.duration / args.rounds, connections=args.concurrency, state=state, **kwargs
        )
    return {
        **figures,
        "cpu_ms": cpu.ms,
        "served": cpu.served,
        "statuses": cpu.statuses,
        "worker_restarts": cpu.restarts,
        # A page answers 200; a redirect there is a failure (a session ended: the sign-in page was measured).
        # Only a form's POST answers with a redirect.
        "ok_statuses": ["2", "3"] if kwargs.get("form") is not None else ["2"],
    }


# ----- what is measured -----------------------------------------------------------------------------------------


def context(data) -> dict:
    """What the page list needs to know of the data: the search word, how deep the list goes, entries, the item."""
    from django.conf import settings  # noqa: PLC0415 -- loaded when used, after Django is set up

    from publications.models import PUBLIC_STATUSES, RegistryEntry  # noqa: PLC0415 -- loaded when used, after Django is set up

    public = RegistryEntry.objects.filter(status__in=PUBLIC_STATUSES).count()
    offered = min(public, settings.LIST_COUNT_LIMIT)
    generated = data.registry_count()
    item = data.bench_item()
    report_after, report_deep = data.report_middle()
    return {
        "report_after": report_after,
        "report_deep_page": report_deep,
        "public_entries": public,
        "search_word": data.SEARCH_WORD,
        "deep_page": max(1, math.ceil(offered / settings.REGISTRY_PAGE_SIZE)),
        "deep_api_page": max(1, math.ceil(offered / settings.REST_FRAMEWORK["PAGE_SIZE"])),
        "entries": [f"HT-0{i:07d}" for i in range(0, generated, max(1, generated // 8))][:8],
        "item": item.slug if item else "",
    }


def _compared(name: str, portal: str, peer: str, kind: str, tails=("",), who: str | None = None) -> dict:
    """A page measured against its two peers (bench/urls.py): `portal + tail` for each tail, and the same tails
    after `/_bench/<peer>/one-query/` and `/_bench/<peer>/<kind lowercased>/`."""
    page = {
        "name": name,
        "portal": [portal + tail for tail in tails],
        "peers": {
            "one query": [f"/_bench/{peer}/one-query/{tail}" for tail in tails],
            kind: [f"/_bench/{peer}/{kind.lower()}/{tail}" for tail in tails],
        },
    }
    return {**page, "as": who} if who else page


def pages(ctx: dict) -> list[dict]:
    """Each page: its name, the portal's paths, its peers' paths, who is signed in."""
    first = [f"?page={n}" for n in range(1, 6)]
    deep, deep_api, word, item = ctx["deep_page"], ctx["deep_api_page"], ctx["search_word"], ctx["item"]
    entries = [f"{e}/" for e in ctx["entries"]]
    return [
        _compared("Registry entry", "/en/registry/", "registry/entry", "DetailView", entries),
        _compared("Registry list", "/en/registry/", "registry", "ListView", first),
        _compared("Registry search", "/en/registry/", "registry", "ListView", [f"?q={word}"]),
        _compared("Registry deep page", "/en/registry/", "registry", "ListView", [f"?page={deep}"]),
        _compared("Registry API list", "/api/registry/", "api/registry", "ListAPIView", first),
        _compared("Registry API deep page", "/api/registry/", "api/registry", "ListAPIView", [f"?page={deep_api}"]),
        _compared("Tips inbox", "/en/tips/staff/inbox/", "tips/staff/inbox", "ListView", first, who="handler"),
        {
            "name": "Hotline statistics",
            "as": "coordinator",
            "portal": ["/en/tips/staff/statistics/?hotline=canadian-human-trafficking-hotline&period=90"],
            "peers": {},
        },
        _compared("Training report", "/en/training/staff/report/", "training/report", "ListView", who="manager"),
        # Issue 20: a page in the middle of the report (by keyset; its peers by OFFSET to the same depth) and the
        # overdue rows alone; the chart's counts cold and kept: "Training report chart" below the tables.
        {
            "name": "Training report later page",
            "as": "manager",
            "portal": [f"/en/training/staff/report/?after={ctx['report_after']}"],
            "peers": {
                "one query": [f"/_bench/training/report/one-query/?page={ctx['report_deep_page']}"],
                "ListView": [f"/_bench/training/report/listview/?page={ctx['report_deep_page']}"],
            },
        },
        _compared(
            "Training report overdue only",
            "/en/training/staff/report/",
            "training/report",
            "ListView",
            ["?show=overdue"],
            who="manager",
        ),
        _compared("Action item page", "/en/action-plan/", "action-plan", "DetailView", [f"{item}/"]),
        _compared("Action items API", "/api/action-items/", "api/action-items", "ListAPIView"),
        {"name": "Tip form GET", "portal": ["/en/tips/report/"], "peers": {}},
        # Issue 19: the safe public statistics (counts kept in the cache for the day: see "cold" in the report),
        # the open data catalogue and a data dictionary. No peer: the registry entry page is their reference.
        {"name": "Public statistics page", "portal": ["/en/statistics/"], "peers": {}},
        {"name": "Open data catalogue", "portal": ["/en/data/"], "peers": {}},
        {"name": "Open data dictionary", "portal": ["/en/data/statistics-tips-by-month/"], "peers": {}},
    ]


def selected(name: str, only: list[str]) -> bool:
    return not only or any(word in name.lower() for word in only)


def users() -> dict:
    """The demo accounts the signed-in pages are measured as (bench/data.py)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415 -- loaded when used, after Django is set up

    from taskforce.models import User  # noqa: PLC0415 -- loaded when used, after Django is set up

    from . import data  # noqa: PLC0415 -- loaded when used, after Django is set up

    found = {
        role: User.objects.get(email=email)
        for role, email in (
            ("handler", data.HANDLER),
            ("manager", data.MANAGER),
            ("member", data.MEMBER),
            ("coordinator", data.COORDINATOR),
        )
    }
    TOTPDevice.objects.get_or_create(user=found["handler"], name="bench", defaults={"confirmed": True})
    return found


def signed_in_client(user):
    """A test client signed in as `user` on the server (a real session row), with the one-time password verified
    for the roles that need it, as after a real sign-in."""
    from django.test import Client  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django_otp import DEVICE_ID_SESSION_KEY  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415 -- loaded when used, after Django is set up

    client = Client(HTTP_HOST=HOST)
    if user is None:
        return client
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def session_cookie(user) -> str:
    from django.conf import settings  # noqa: PLC0415 -- loaded when used, after Django is set up

    if user is None:
        return ""
    client = signed_in_client(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def form_tokens(count: int) -> list[str]:
    """The tip form's single-use tokens, made by the tips app's own function with the run's key."""
    from tips.protection import form_token_new  # noqa: PLC0415 -- loaded when used, after Django is set up

    return [form_token_new("report") for _ in range(count)]


def status_change_form(item) -> dict:
    """A status change of the item from what it is now (a new status and progress each time)."""
    from actionplan.models import Status  # noqa: PLC0415 -- loaded when used, after Django is set up

    item.refresh_from_db()
    status = Status.CHALLENGES if item.status == Status.ON_TRACK else Status.ON_TRACK
    return {
        "status": status,
        "progress": str((item.progress + 7) % 100),
        "reason": f"Benchmark status change to version {item.version + 1} (fictional).",
        "version": str(item.version),
    }


def _capture(client, method: str, path: str, data=None) -> dict:
    from django.db import connection  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- loaded when used, after Django is set up

    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data, secure=True)
        size = sum(len(chunk) for chunk in response) if response.streaming else len(response.content)
    return {"queries": len(captured), "status": response.status_code, "bytes": size}


def _capture_json(client, path: str, body: dict) -> dict:
    from django.db import connection  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- loaded when used, after Django is set up

    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, json.dumps(body), content_type="application/json", secure=True)
    found = response.json().get("results", []) if response.status_code == 200 else []
    return {
        "queries": len(captured),
        "status": response.status_code,
        "bytes": len(response.content),
        "candidates": len(found),
        "best": found[0]["score"] if found else None,
    }


def statistics_cold() -> dict:
    """The public statistics page with its counts not yet in the cache (the first view of the day), in-process:
    seconds and queries; then the same page once the counts are kept."""
    from django.core.cache import cache  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django.db import connection  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- loaded when used, after Django is set up

    client = signed_in_client(None)
    found = {}
    for label in ("cold", "cached"):
        if label == "cold":
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/en/statistics/", secure=True)
            found[label] = {
                "seconds": round(time.perf_counter() - started, 3),
                "queries": len(captured),
                "status": response.status_code,
            }
    return found


def report_chart_cold(who: dict) -> dict:
    """The training report's first page with its counts (the figures and the chart: one grouped query) not yet in
    the cache (the first view of the day), in-process: seconds and queries; then the same page once they are kept;
    and the grouped counts alone."""
    from django.core.cache import cache  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django.db import connection  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- loaded when used, after Django is set up
    from django.utils import timezone  # noqa: PLC0415 -- loaded when used, after Django is set up

    from training import selectors  # noqa: PLC0415 -- loaded when used, after Django is set up

    from . import data  # noqa: PLC0415 -- loaded when used, after Django is set up

    client = signed_in_client(who["manager"])
    client.get("/en/training/staff/report/", secure=True)  # the per-process caches
    found = {}
    for label in ("cold", "cached"):
        if label == "cold":
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/en/training/staff/report/", secure=True)
            found[label] = {
                "seconds": round(time.perf_counter() - started, 3),
                "queries": len(captured),
                "status": response.status_code,
            }
    organization = data.lead_organization()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        counted = selectors.report_completion(organization=organization, today=timezone.localdate())
        found["count"] = {
            "seconds": round(time.perf_counter() - started, 3),
            "queries": len(captured),
            "rows": sum(row["total"] for row in counted),
        }
    return found


def count_queries(ctx: dict, who: dict, only: list[str]) -> dict:
    """Queries (and bytes) per request of every measured page, in-process with the test client and
    CaptureQueriesContext; for GETs the second of two requests (the first fills the per-process caches)."""
    from . import data  # noqa: PLC0415 -- loaded when used, after Django is set up

    counts: dict = {}
    clients = {role: signed_in_client(user) for role, user in {None: None, **who}.items()}
    for page in pages(ctx):
        if selected(page["name"], only):
            client = clients[page.get("as")]
            _capture(client, "get", page["portal"][0])
            counts[page["name"]] = _capture(client, "get", page["portal"][0])
    if selected("Tip form POST", only):
        tokens = form_tokens(2)
        time.sleep(3.2)  # the tip form's minimum fill time
        counts["Tip form POST"] = _capture(clients[None], "post", TIP_FORM_PATH, {**TIP_FORM, "form_token": tokens[0]})
        counts[f"Tip form POST ({TIP_FORM_PEER})"] = _capture(
            clients[None], "post", TIP_FORM_LEGACY_PATH, {**TIP_FORM, "form_token": tokens[1]}
        )
    if selected("Registry match API POST", only):
        counts["Registry match API POST"] = _capture_json(clients[None], "/api/registry/match", MATCH_BODY)
    item = data.bench_item()
    if selected("Status change POST", only) and item is not None:
        path = f"/en/action-plan/staff/{item.slug}/update/"
        counts["Status change POST"] = _capture(clients["member"], "post", path, status_change_form(item))
    for name, (path, role, _kind) in EXPORTS.items():
        if selected(name, only):
            counts[name] = _capture(clients[role], "get", path)
    return counts


def status_changes(port: int, item, member) -> dict:
    """A handful of status change POSTs through the server, one after the other, signed in as a member of the
    item's lead organization: latency, answers, and the notifications each left to send."""
    from django.conf import settings  # noqa: PLC0415 -- loaded when used, after Django is set up

    from taskforce.models import Notification  # noqa: PLC0415 -- loaded when used, after Django is set up

    cookie = session_cookie(member)
    path = f"/en/action-plan/staff/{item.slug}/update/"
    origin = f"https://{HOST}:{port}"
    latencies, statuses = [], []
    notifications_before = Notification.objects.count()
    for _post in range(STATUS_CHANGE_POSTS):
        status, page, headers = get(port, path, cookie=cookie)
        token = CSRF_RE.search(page.decode(errors="replace"))
        csrf_cookie = re.search(rf"{re.escape(settings.CSRF_COOKIE_NAME)}=([^;]+)", headers.get("Set-Cookie", ""))
        if status != 200 or token is None:
            statuses.append(f"form {status}")
            continue
        cookies = cookie + (f"; {settings.CSRF_COOKIE_NAME}={csrf_cookie.group(1)}" if csrf_cookie else "")
        body = urlencode({**status_change_form(item), "csrfmiddlewaretoken": token.group(1)})
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        started = time.perf_counter()
        try:
            conn.request(
                "POST",
                path,
                body=body,
                headers={
                    "X-Forwarded-Proto": "https",
                    "Cookie": cookies,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": origin + path,
                },
            )
            response = conn.getresponse()
            response.read()
            statuses.append(str(response.status))
        except (OSError, http.client.HTTPException) as exc:
            statuses.append(type(exc).__name__)
        finally:
            latencies.append((time.perf_counter() - started) * 1000)
            conn.close()
    latencies.sort()
    return {
        "posts": len(statuses),
        "statuses": statuses,
        "ok": sum(1 for s in statuses if s in ("302", "303")),
        "p50": latencies[len(latencies) // 2] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "notifications_per_post": (Notification.objects.count() - notifications_before) / max(1, len(statuses)),
    }


def download(port: int, path: str, cookie: str, kind: str, expected_rows: int | None) -> dict:
    """One download to the end: status, bytes, lines, and whether the file is whole."""
    started = time.perf_counter()
    status, size, lines, error, tail = 0, 0, 0, "", b""
    conn = http.client.HTTPConnection(HOST, port, timeout=600)
    body = bytearray() if kind == "json" else None
    try:
        conn.request("GET", path, headers={"X-Forwarded-Proto": "https", **({"Cookie": cookie} if cookie else {})})
        response = conn.getresponse()
        status = response.status
        if status in (301, 302, 303, 307, 308):  # a snapshot file elsewhere: follow it once
            location = response.getheader("Location", "")
            response.read()
            conn.close()
            return download(port, location.split(f"{HOST}:{port}", 1)[-1], cookie, kind, expected_rows)
        while chunk := response.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
            tail = (tail + chunk)[-1:]
            if body is not None:
                body.extend(chunk)
    except (OSError, http.client.HTTPException) as exc:
        error = type(exc).__name__
    finally:
        conn.close()
    rows = None
    if kind == "csv":
        rows = lines - 1 if tail == b"\n" else lines  # the header line is not a row
    elif body is not None and not error:
        try:
            parsed = json.loads(bytes(body))
            if isinstance(parsed, dict) and isinstance(parsed.get("rows"), list):  # the open data JSON: {…, "rows": []}
                rows = len(parsed["rows"])
            elif isinstance(parsed, dict):
                rows = len(next(v for v in parsed.values() if isinstance(v, list)))
            else:
                rows = len(parsed)
        except (ValueError, StopIteration):
            error = error or "invalid JSON"
    complete = status == 200 and not error and rows is not None and (expected_rows is None or rows == expected_rows)
    return {
        "status": status,
        "bytes": size,
        "lines": lines,
        "rows": rows,
        "expected_rows": expected_rows,
        "complete": complete,
        "error": error,
        "seconds": time.perf_counter() - started,
    }


def exports_under_load(server: Process, port: int, cookies: dict, expected: dict, only: list[str]) -> dict:
    """Each export downloaded CONCURRENT_DOWNLOADS times at once."""
    results = {}
    for name, (path, role, kind) in EXPORTS.items():
        if not selected(name, only):
            continue
        log(f"export: {name} x {CONCURRENT_DOWNLOADS}")
        out: list = [None] * CONCURRENT_DOWNLOADS

        def one(n: int, path=path, role=role, kind=kind, name=name, out=out) -> None:
            out[n] = download(port, path, cookies.get(role, ""), kind, expected.get(name))

        with CpuMeter(server) as cpu:
            threads = [threading.Thread(target=one, args=(n,)) for n in range(CONCURRENT_DOWNLOADS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        results[name] = {
            "downloads": out,
            "cpu_ms": cpu.ms,
            "worker_restarts": cpu.restarts,
            "peak_rss_mib": peak_rss_mib(worker_pids(server.pid)),
        }
    return results


def load_all(server: Process, port: int, ctx: dict, who: dict, args, state: Path, *, only: list[str]) -> list[dict]:
    """Every page under wrk, the portal and its peers alternating in `rounds` slices."""
    results = []
    for page in pages(ctx):
        if not selected(page["name"], only):
            continue
        log(f"load: {page['name']}")
        cookie = session_cookie(who.get(page.get("as")))  # fresh: handlers' sessions end after 30 idle minutes
        for paths in (page["portal"], *page["peers"].values()):  # warm every worker's imports and caches
            wrk(port, paths, duration=args.warmup, connections=args.concurrency, state=state, cookie=cookie)
        slices: dict = {"portal": [], **{peer: [] for peer in page["peers"]}}
        for _round in range(args.rounds):
            slices["portal"].append(measure(server, port, page["portal"], args, state, cookie=cookie))
            for peer, paths in page["peers"].items():
                slices[peer].append(measure(server, port, paths, args, state, cookie=cookie))
        results.append({"name": page["name"], **{key: merge(parts) for key, parts in slices.items()}})
    if selected("Tip form POST", only):
        log("load: Tip form POST")
        paths = {"portal": TIP_FORM_PATH, TIP_FORM_PEER: TIP_FORM_LEGACY_PATH}
        warm = {key: form_tokens(int(args.warmup * 400) + 200) for key in paths}
        per_slice = int(args.duration / args.rounds * 400) + 200  # more single-use tokens than a slice can use
        tokens = {key: [form_tokens(per_slice) for _round in range(args.rounds)] for key in paths}
        time.sleep(3.2)  # the tip form's minimum fill time
        for key, path in paths.items():  # warm every worker's imports and caches, both ways
            wrk(port, [path], duration=args.warmup, connections=args.concurrency, state=state, form=TIP_FORM,
                tokens=warm[key])  # fmt: skip
        slices: dict = {key: [] for key in paths}
        for n in range(args.rounds):  # the portal and its pre-issue-23 baseline alternate
            for key, path in paths.items():
                slices[key].append(measure(server, port, [path], args, state, form=TIP_FORM, tokens=tokens[key][n]))
        results.append({"name": "Tip form POST", **{key: merge(parts) for key, parts in slices.items()}})
    if selected("Registry match API POST", only):
        log("load: Registry match API POST")
        wrk(port, ["/api/registry/match"], duration=args.warmup, connections=args.concurrency, state=state,
            json_body=MATCH_BODY)  # fmt: skip
        parts = [
            measure(server, port, ["/api/registry/match"], args, state, json_body=MATCH_BODY)
            for _round in range(args.rounds)
        ]
        results.append({"name": "Registry match API POST", "portal": merge(parts)})
    return results


def registry_snapshots_build(worker_env: dict | None = None, state: Path | None = None) -> dict:
    """The whole registry's download files, built as the background task builds them (the public downloads serve
    the newest): how long it took, and each file's rows and size. With `worker_env` (--pgbouncer), the task runs in
    a real Celery worker (solo pool: the task runs in its main process) started with that environment, and the
    worker's peak resident memory is reported; otherwise in this process."""
    from publications import services  # noqa: PLC0415 -- loaded when used, after Django is set up
    from publications.models import RegistrySnapshot, RegistrySnapshotBuild  # noqa: PLC0415 -- loaded when used, after Django is set up

    log(f"registry download files: building{' in a Celery worker' if worker_env else ''}")
    build = RegistrySnapshotBuild.objects.create()
    peak = None
    if worker_env is None:
        started = time.monotonic()
        snapshots = services.registry_snapshot_build(build_id=build.id)
        seconds = time.monotonic() - started
    else:
        from taskforce.queue import enqueue_each  # noqa: PLC0415 -- loaded when used, after Django is set up

        cmd = [PYTHON, "-m", "celery", "-A", "taskforce", "worker", "--pool=solo", "--loglevel=WARNING",
               "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"bench-{os.getpid()}@%h"]  # fmt: skip
        worker = Process("celery", cmd, worker_env, state / "celery.log").start()
        try:
            time.sleep(8)  # the worker's start, before the clock starts
            started = time.monotonic()
            enqueue_each("publications.tasks.registry_snapshot_build", [build.id])
            done = (RegistrySnapshotBuild.State.DONE, RegistrySnapshotBuild.State.FAILED)
            wait_for(
                lambda: RegistrySnapshotBuild.objects.filter(id=build.id, state__in=done).exists(),
                what="the Celery worker's registry build",
                timeout=3600,
                interval=0.5,
            )
            seconds = time.monotonic() - started
            peak = peak_rss_mib([worker.pid])
        finally:
            worker.stop()
        snapshots = list(RegistrySnapshot.objects.filter(build_id=build.id))
    log(f"registry download files: built in {seconds:.1f} s")
    return {
        "seconds": round(seconds, 1),
        "worker_peak_rss_mib": peak,
        "files": [{"format": s.format, "rows": s.rows, "bytes": s.bytes} for s in snapshots],
    }


def expected_export_rows() -> dict:
    from publications.models import PUBLIC_STATUSES, RegistryEntry  # noqa: PLC0415 -- loaded when used, after Django is set up

    public = RegistryEntry.objects.filter(status__in=PUBLIC_STATUSES).count()
    return {
        "Registry CSV export": public,
        "Registry JSON export": public,
        "Registry live CSV export (search)": _live_rows(),
        "Registry live JSON export (search)": _live_rows(),
        "Open data registry CSV": public,
        "Open data registry JSON": public,
    }


def _live_rows() -> int:
    """The entries the live exports' search selects, counted as the download counts them."""
    from publications import selectors  # noqa: PLC0415 -- loaded when used, after Django is set up
    from publications.forms import RegistryFilterForm  # noqa: PLC0415 -- loaded when used, after Django is set up

    path = EXPORTS["Registry live CSV export (search)"][0]
    form = RegistryFilterForm(dict(part.split("=", 1) for part in path.split("?", 1)[1].split("&")))
    assert form.is_valid(), form.errors  # noqa: S101 - the benchmark's own query
    return selectors.registry_search(**form.filters()).count()


def measure_server(label: str, env: dict, args, state: Path, *, only: list[str]) -> dict:
    """Start the server, measure pages, the status change and the exports, stop it."""
    from . import data  # noqa: PLC0415 -- loaded when used, after Django is set up

    ctx = context(data)
    who = users()
    port = free_port()
    server = gunicorn(port, env=env, workers=args.workers, state=state)
    try:
        workers = len(worker_pids(server.pid))
        log(f"{label}: gunicorn with {workers} workers on port {port}")
        result = {"label": label, "context": ctx, "workers": workers}
        result["pages"] = load_all(server, port, ctx, who, args, state, only=only)
        item = data.bench_item()
        if selected("Status change POST", only) and item is not None:
            log(f"status change: {STATUS_CHANGE_POSTS} POSTs")
            result["status_change"] = status_changes(port, item, who["member"])
        cookies = {role: session_cookie(user) for role, user in who.items()}
        if any(selected(name, only) for name in EXPORTS):
            result["snapshot_build"] = registry_snapshots_build(env if args.pgbouncer else None, state)
        result["exports"] = exports_under_load(server, port, cookies, expected_export_rows(), only)
        result["errors_logged"] = sum(
            1
            for line in (state / "gunicorn.log").read_text(errors="replace").splitlines()
            if "Traceback" in line or "WORKER TIMEOUT" in line
        )
    finally:
        server.stop()
    return result


# ----- the run --------------------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale",
        default="1,10,100",
        help="data scales, comma-separated; 100 = the issue's measurement (default 1,10,100; fractions allowed)",
    )
    parser.add_argument(
        "--load-every-scale", action="store_true", help="measure the load at every scale (default: the largest)"
    )
    parser.add_argument(
        "--registry-rows",
        default="",
        help="then grow the registry to this many rows and measure it again (comma-separated: each size in turn)",
    )
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured per page and peer (default 15)")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of unrecorded load before each page")
    parser.add_argument(
        "--rounds", type=int, default=1, help="slices the portal and its peers alternate in, per page (default 1)"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers (default: deploy/gunicorn.conf.py's, 2 x CPUs)"
    )
    parser.add_argument("--only", default="", help="comma-separated words: measure only the pages whose name has one")
    parser.add_argument("--database", default="", help="PostgreSQL database to (re)create (default tf_bench_<scales>)")
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL without the database"
    )
    parser.add_argument("--keep-data", action="store_true", help="reuse the database of the previous run")
    parser.add_argument(
        "--pgbouncer",
        type=int,
        nargs="?",
        const=4,
        default=0,
        metavar="POOL",
        help="gunicorn and a Celery worker (which then builds the registry files) reach PostgreSQL through Debian's "
        "pgbouncer in transaction mode with this many server connections (default 4; DATABASE_POOLER=pgbouncer)",
    )
    parser.add_argument(
        "--state-dir",
        default=str(Path(tempfile.gettempdir()) / "taskforce-bench"),
        help="logs, keys, results.json and report.md (default /tmp/taskforce-bench)",
    )
    args = parser.parse_args(argv)
    args.scales = sorted(float(s) for s in args.scale.split(",") if s.strip())
    args.registry_sizes = sorted(int(n) for n in args.registry_rows.replace("_", "").split(",") if n.strip())
    args.registry_rows = args.registry_sizes[-1] if args.registry_sizes else 0
    args.only_words = [w.strip().lower() for w in args.only.split(",") if w.strip()]
    args.database = args.database or "tf_bench_" + "_".join(f"{s:g}".replace(".", "p") for s in args.scales)
    return args


def secrets_for(state: Path, keep: bool) -> dict:
    path = state / "secrets.json"
    if keep and path.exists():
        return json.loads(path.read_text())
    from cryptography.fernet import Fernet  # noqa: PLC0415 -- loaded when used

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
    if not re.fullmatch(r"[a-z0-9_]+", args.database):
        raise SystemExit("bench: --database takes lower-case letters, digits and _ only")
    psql = ["psql", f"{args.postgres}/postgres", "-tAq", "-v", "ON_ERROR_STOP=1", "-c"]
    exists = (
        subprocess.run(  # noqa: S603 - psql with a checked name
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


def analyze() -> None:
    from django.db import connection  # noqa: PLC0415 -- loaded when used, after Django is set up

    with connection.cursor() as cursor:  # as autovacuum would soon: fresh statistics and visibility map
        cursor.execute("VACUUM ANALYZE")


def main(argv=None) -> int:
    args = parse_args(argv)
    for program, package in (("redis-server", "redis-server"), ("wrk", "wrk"), ("psql", "postgresql-client")):
        if not shutil.which(program):
            raise SystemExit(f"bench: needs the {program} program (apt-get install {package})")
    state = Path(args.state_dir)
    state.mkdir(parents=True, exist_ok=True)
    for old in state.glob("*.log"):
        old.unlink()
    kept = database(args)
    redis, redis_port = private_redis(state)
    bouncer = None
    if args.pgbouncer:
        from taskforce.testing.pgbouncer import PgBouncer  # noqa: PLC0415 -- only with --pgbouncer

        bouncer = PgBouncer(pool_size=args.pgbouncer, server_port=int(args.postgres.rsplit(":", 1)[1])).start()
        log(f"pgbouncer on port {bouncer.port}, transaction mode, {args.pgbouncer} server connections")
    env = {
        **os.environ,
        **secrets_for(state, kept),
        "DATABASE_URL": f"{args.postgres}/{args.database}",
        "REDIS_URL": f"redis://{HOST}:{redis_port}/0",
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "BENCH_STATIC_ROOT": str(state / "static"),
        "SITE_URL": f"https://{HOST}",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DEBUG", None)
    env.pop("GUNICORN_WORKERS", None)
    os.environ.update({**env, "DJANGO_SETTINGS_MODULE": "bench.settings_bench"})
    # This process (migrations, data, COPY) reaches PostgreSQL directly; the servers through the pooler.
    server_env = env if bouncer is None else {
        **env, "DATABASE_URL": bouncer.url(args.database), "DATABASE_POOLER": "pgbouncer"}  # fmt: skip
    results: dict = {"args": {k: v for k, v in vars(args).items()}, "machine": machine(), "started": time.time()}
    started = time.monotonic()
    try:
        import django  # noqa: PLC0415 -- loaded when used, after the environment is set

        django.setup()
        logging.getLogger("axes").setLevel(logging.WARNING)  # the sessions the benchmark signs in, one line each
        from django.core.management import call_command  # noqa: PLC0415 -- loaded when used, after Django is set up

        from . import data  # noqa: PLC0415 -- loaded when used, after Django is set up

        log(f"database {args.database} ({'reused' if kept else 'new'}); private Redis on port {redis_port}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("seed_demo", password=secrets.token_urlsafe(16), verbosity=0)
        who = users()
        results["data"], results["queries"], results["runs"] = {}, {}, []
        for scale in args.scales:
            label = f"{scale:g}x"
            log(f"data at {label}")
            results["data"][label] = data.grow_to(scale, log=log)
            analyze()
            log(f"queries per request at {label}")
            results["queries"][label] = count_queries(context(data), who, args.only_words)
            if selected("Public statistics page", args.only_words):
                results.setdefault("statistics_cold", {})[label] = statistics_cold()
            if selected("Training report chart", args.only_words):
                results.setdefault("report_chart_cold", {})[label] = report_chart_cold(who)
            if args.load_every_scale or scale == args.scales[-1]:
                results["runs"].append(measure_server(label, server_env, args, state, only=args.only_words))
        results["registry_load_s"] = 0.0
        for size in args.registry_sizes:
            label = f"{size:,} registry rows"
            log(f"registry up to {size:,} rows")
            t0 = time.monotonic()
            data.registry_to(size)
            results["registry_load_s"] += time.monotonic() - t0
            analyze()
            only = args.only_words or ["registry"]
            results["queries"][label] = count_queries(context(data), who, only)
            if selected("Public statistics page", only):
                results.setdefault("statistics_cold", {})[label] = statistics_cold()
            results["runs"].append(measure_server(label, server_env, args, state, only=only))
            (state / "results.json").write_text(json.dumps(results, indent=2, default=str))  # each size as it ends
        if not args.registry_sizes:
            del results["registry_load_s"]
        results["total_minutes"] = (time.monotonic() - started) / 60
    finally:
        redis.stop()
        if bouncer is not None:
            bouncer.stop()
        (state / "results.json").write_text(json.dumps(results, indent=2, default=str))
        text = report.render(results)
        (state / "report.md").write_text(text + "\n")
        print(text)
    log(f"results in {state / 'results.json'}, report in {state / 'report.md'}, logs in {state}")
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
        "load_average": os.getloadavg(),
    }


if __name__ == "__main__":
    sys.exit(main())

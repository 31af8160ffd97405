"""The portal through PgBouncer in transaction mode (issue 22's proof for the database connections).

The drill starts Debian's pgbouncer (taskforce/testing/pgbouncer.py: deploy/pgbouncer/pgbouncer.ini with a pool of
TWO server connections) in front of the test's PostgreSQL, and the production profile (drills/production.py:
gunicorn with six workers, a real Celery worker, nginx in front) with DATABASE_URL naming pgbouncer and
DATABASE_POOLER=pgbouncer. At once: reporters send tips, the tip handler reads their inbox, readers download a
search's selection of the registry live (CSV and JSON, several keyset pages each), and the worker mails the handlers
and builds the whole-registry download files. Everything works, pgbouncer's own console never shows more than two
server connections while it serves many more client connections, and nothing is logged as an error.

The second test shows why DATABASE_POOLER=pgbouncer turns Django's server-side cursors off: with them on (the
setting absent), QuerySet.iterator() declares a cursor in one transaction and fetches from it in the next, which
pgbouncer runs on whichever server connection is free: "cursor … does not exist". With the setting, the same
code reads every row.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from taskforce.testing import nginx
from taskforce.testing import pgbouncer as pgbouncer_module
from taskforce.testing.plugin import _worker_database_url, missing, wait_until

from ..production import ROOT, Stack
from .helpers import CODE_RE, REPORT_URL, tip_form
from .test_behind_the_proxy import Person, solve
from .test_lighthouse import PASSWORD, signed_in

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

POOL = 2  # server connections pgbouncer may open to the database
WEB_WORKERS = 6
REPORTERS = [f"127.0.0.{n}" for n in range(60, 66)]
REGISTRY_ROWS = 6000  # generated entries: a province's selection spans several keyset pages (2,000 rows each)
LIVE = "/en/registry/business-registry.{}?province=AB"


@pytest.fixture
def bouncer():
    if not pgbouncer_module.available():
        missing("Debian's pgbouncer is not installed (apt-get install pgbouncer)")
    _worker_database_url()  # PostgreSQL, or skip (fail in CI)
    running = pgbouncer_module.PgBouncer(pool_size=POOL).start()
    yield running
    running.stop()


@pytest.fixture
def pooled_stack(private_redis, seeded, bouncer, tmp_path):
    """The production profile on the seeded data, every process reaching PostgreSQL through pgbouncer."""
    nginx.require_nginx()
    database = connection.settings_dict["NAME"]
    running = Stack(
        tmp_path,
        private_redis.url,
        database_url=bouncer.url(database),
        pooler="pgbouncer",
        web_workers=WEB_WORKERS,
    )
    try:
        yield running.up()
    finally:
        running.down()


class Watch:
    """Samples pgbouncer's console while the test runs: the most client and server connections of the database."""

    def __init__(self, bouncer, database: str):
        self.bouncer, self.database = bouncer, database
        self.clients = self.servers = 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            clients, servers = self.bouncer.connections(self.database)
            self.clients, self.servers = max(self.clients, clients), max(self.servers, servers)
            time.sleep(0.1)

    def __enter__(self):
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(timeout=10)


def fetch(port: int, path: str, *, cookie: str = "") -> tuple[int, dict, bytes]:
    from http.client import HTTPConnection  # noqa: PLC0415 -- used here only

    conn = HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_the_production_profile_works_through_pgbouncer_on_two_server_connections(pooled_stack, bouncer):
    from bench import data  # noqa: PLC0415 -- the benchmark's generator: published entries written with COPY
    from publications import selectors  # noqa: PLC0415 -- used by this test only
    from publications.forms import RegistryFilterForm  # noqa: PLC0415
    from taskforce.models import Notification  # noqa: PLC0415
    from tips.models import Tip  # noqa: PLC0415

    data.registry_to(REGISTRY_ROWS)
    public = selectors.registry_public().count()
    form = RegistryFilterForm({"province": "AB"})
    assert form.is_valid()
    selection = selectors.registry_search(**form.filters()).count()
    assert selection > settings.REGISTRY_EXPORT_CHUNK_SIZE  # the live download reads several keyset pages

    port, database = pooled_stack.proxy_port, connection.settings_dict["NAME"]
    people = {address: Person(address, port) for address in REPORTERS}
    forms = {address: people[address].open_form(REPORT_URL) for address in REPORTERS}
    with ThreadPoolExecutor(max_workers=len(REPORTERS)) as pool:
        solved = dict(zip(forms, pool.map(lambda f: solve(f["challenge"]), forms.values()), strict=True))
    handler = signed_in(port, "handler@demo.example", PASSWORD)
    time.sleep(3.5)  # the tip form's minimum fill time (a bound on waiting, not a measurement)

    def send(address):
        fields = {**tip_form(REPORTERS.index(address)), "form_token": forms[address]["form_token"]}
        return people[address].request("POST", REPORT_URL, data={**fields, "altcha": solved[address]})

    def inbox(_n):
        return fetch(port, "/en/tips/staff/inbox/", cookie=handler.header())

    def live(file_format):
        return fetch(port, LIVE.format(file_format))

    # The whole registry's files: the first download queues the worker's build (503), later ones get the file.
    status, headers, _body = fetch(port, "/en/registry/business-registry.csv")
    assert status == 503 and "Retry-After" in headers, status

    with Watch(bouncer, database) as watch, ThreadPoolExecutor(max_workers=16) as pool:
        tips = pool.map(send, REPORTERS)
        pages = pool.map(inbox, range(8))
        downloads = pool.map(live, ["csv", "json"] * 3)
        tips, pages, downloads = list(tips), list(pages), list(downloads)
        wait_until(
            lambda: fetch(port, "/en/registry/business-registry.csv")[0] == 200,
            timeout=180,
            interval=1,
            message="the worker to build the registry's files through pgbouncer",
        )
        wait_until(
            lambda: (
                Tip.objects.count() == len(REPORTERS)
                and Notification.objects.exists()
                and not Notification.objects.exclude(state=Notification.State.SENT).exists()
            ),
            timeout=120,
            interval=0.5,
            message="the worker to send every handler's notice of the tips through pgbouncer",
        )

    # Tips: every reporter got a receipt; the handler's inbox opened every time.
    for address, (status, page) in zip(REPORTERS, tips, strict=True):
        assert status == 200, (address, status, page[:400])
        assert CODE_RE.search(page), address
    assert [status for status, _headers, _body in pages] == [200] * 8
    status, _headers, page = inbox("after")  # the handler sees the new tips (newest first)
    assert status == 200 and any(
        reference.encode() in page for reference in Tip.objects.values_list("reference", flat=True)
    )
    # The live selection, CSV and JSON: whole, every row once.
    for (status, headers, body), file_format in zip(downloads, ["csv", "json"] * 3, strict=True):
        assert status == 200, (file_format, status, body[:300])
        assert headers["X-Row-Count"] == str(selection)
        if file_format == "csv":
            rows = list(csv.reader(io.StringIO(body.decode())))[1:]
        else:
            parsed = json.loads(body)
            rows = parsed if isinstance(parsed, list) else next(v for v in parsed.values() if isinstance(v, list))
        assert len(rows) == selection, file_format
    # The whole registry built by the worker: every published entry in the file served.
    status, headers, body = fetch(port, "/en/registry/business-registry.csv")
    assert status == 200 and headers["X-Row-Count"] == str(public)
    assert len(list(csv.reader(io.StringIO(body.decode())))) == public + 1

    # Many client connections, never more than the pool's server connections.
    assert watch.servers <= POOL, (watch.clients, watch.servers)
    assert watch.clients >= WEB_WORKERS + 1 > POOL, (watch.clients, watch.servers)
    logs = pooled_stack.logs()
    for name in ("gunicorn.log",):
        assert "Traceback" not in logs[name] and "does not exist" not in logs[name], logs[name][-3000:]
    assert re.search(r"WORKER TIMEOUT", logs["gunicorn.log"]) is None
    print(f"\nthrough pgbouncer: at most {watch.clients} client and {watch.servers} server connections")  # noqa: T201 - a figure


ITERATE = """
import json, django, psycopg2
django.setup()
from taskforce.models import Organization
ids = Organization.objects.order_by("id").values_list("id", flat=True).iterator(chunk_size=1)
first = next(ids)  # the query's first transaction ends: its server connection goes back to the pool
other = psycopg2.connect(OTHER)  # another process begins a transaction, on that free server connection
other.cursor().execute("SELECT 1")
print(json.dumps([first, *ids]))  # the rest of the rows, on whichever server connection is free
"""


def test_without_the_setting_server_side_cursors_fail_through_pgbouncer(bouncer, seeded):
    from taskforce.models import Organization  # noqa: PLC0415 -- used by this test only

    expected = list(Organization.objects.order_by("id").values_list("id", flat=True))
    assert len(expected) > 2
    url = bouncer.url(connection.settings_dict["NAME"])
    other = f"host=127.0.0.1 port={bouncer.port} user={bouncer.user} dbname={connection.settings_dict['NAME']}"

    def iterate(pooler: str) -> subprocess.CompletedProcess:
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "taskforce.settings.test",
            "DATABASE_URL": url,
            "DATABASE_POOLER": pooler,
        }
        script = ITERATE.replace("OTHER", repr(other))
        return subprocess.run(  # noqa: S603 - our own script
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )

    old = iterate("")
    assert old.returncode != 0
    assert re.search(r'cursor "_django_curs_\w+" does not exist', old.stderr), old.stderr[-2000:]

    new = iterate("pgbouncer")
    assert new.returncode == 0, new.stderr[-2000:]
    assert json.loads(new.stdout) == expected

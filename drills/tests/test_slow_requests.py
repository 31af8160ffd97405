"""Slow requests cannot starve the health check and the tip form (issue 22, worker model).

The production profile behind nginx (drills/production.py). Eight people start a download of a registry selection
while the database holds the registry table locked (what a long export does to the request: it waits on the
database); their requests stay under way until the drill releases the lock. Meanwhile a load balancer asks
/healthz and a person opens the tip form.

Before (four sync workers, exports and pages in one pool) the eight downloads took every worker and the probe and
the tip form got no answer at all. Now the exports wait in their own pool and the pages' pool has threads free."""

from __future__ import annotations

import select
import socket
import time
from http.client import HTTPConnection

import psycopg2
import pytest
from django.db import connection

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SLOW = 8  # more than the old four sync workers
PROBE_SECONDS = 10  # well under gunicorn's 30 s worker timeout, which ends the old sync workers' stuck requests
EXPORT = "/en/registry/business-registry.csv?q=a"  # a live selection: it reads the registry table


class RegistryLocked:
    """Another session holds the registry table locked: every query of it waits until `release()`."""

    def __init__(self):
        s = connection.settings_dict
        self.db = psycopg2.connect(
            dbname=s["NAME"], user=s.get("USER") or "postgres", password=s.get("PASSWORD") or None,
            host=s.get("HOST") or "127.0.0.1", port=s.get("PORT") or 5432,
        )  # fmt: skip
        with self.db.cursor() as cursor:
            cursor.execute("LOCK TABLE publications_registryentry IN ACCESS EXCLUSIVE MODE")

    def release(self):
        if not self.db.closed:
            self.db.rollback()
            self.db.close()


def start_downloads(port: int, count: int) -> list[socket.socket]:
    """`count` people ask for the export; their sockets stay open, unread, until the drill reads the answers."""
    people = []
    for i in range(count):
        person = socket.create_connection(("127.0.0.1", port), source_address=(f"127.0.1.{i + 1}", 0), timeout=120)
        person.sendall(f"GET {EXPORT} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        people.append(person)
    return people


def status_line(person: socket.socket) -> bytes:
    return person.recv(64).split(b"\r\n")[0]


def answer(port: int, method: str, path: str) -> int | None:
    """The status, or None when nothing answers within PROBE_SECONDS (what a load balancer takes as down)."""
    conn = HTTPConnection("127.0.0.1", port, timeout=PROBE_SECONDS, source_address=("127.0.2.1", 0))
    try:
        conn.request(method, path)
        return conn.getresponse().status
    except TimeoutError:
        return None
    finally:
        conn.close()


def hold_downloads_and_probe(stack) -> tuple[int | None, int | None, list[bytes]]:
    locked = RegistryLocked()
    try:
        people = start_downloads(stack.proxy_port, SLOW)
        time.sleep(2)  # the requests reach the application and wait on the lock
        healthz, tip_form = (
            answer(stack.proxy_port, "HEAD", "/healthz"),
            answer(stack.proxy_port, "GET", "/en/tips/report/"),
        )
        answered, _w, _x = select.select(people, [], [], 0)
        assert not answered, "the downloads were not held by the database"  # they were under way all along
    finally:
        locked.release()
    answers = [status_line(person) for person in people]
    for person in people:
        person.close()
    return healthz, tip_form, answers


def test_eight_slow_downloads_leave_the_health_check_and_the_tip_form_answering(make_stack):
    stack = make_stack()
    healthz, tip_form, downloads = hold_downloads_and_probe(stack)
    assert healthz == 200
    assert tip_form == 200
    # ... and the downloads were real and under way: each finishes once the database lets it.
    assert downloads == [b"HTTP/1.1 200 OK"] * SLOW


def test_before_one_pool_of_four_sync_workers_starved_them(make_stack):
    """The worker model before issue 22, the same drill: neither the probe nor the tip form gets an answer."""
    stack = make_stack(one_sync_pool=True)
    healthz, tip_form, _downloads = hold_downloads_and_probe(stack)
    assert healthz is None
    assert tip_form is None

"""Draining a web node for a rolling update (deploy/drain-web): the health check turns it out of rotation, the
requests under way finish, then gunicorn stops taking connections and exits. The production profile behind nginx
(drills/production.py); a request is kept under way by a lock on the registry table (as in test_slow_requests)."""

from __future__ import annotations

import socket
import subprocess
import time
from http.client import HTTPConnection

import pytest

from drills.production import ROOT
from taskforce.testing.plugin import wait_until

from .test_slow_requests import RegistryLocked, status_line

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def healthz(port: int) -> int:
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("HEAD", "/healthz")
        return conn.getresponse().status
    finally:
        conn.close()


def test_drain_turns_the_health_check_off_lets_requests_finish_then_stops(make_stack):
    stack = make_stack()
    assert healthz(stack.proxy_port) == 200
    locked = RegistryLocked()
    try:
        person = socket.create_connection(("127.0.0.1", stack.proxy_port), timeout=120)
        person.sendall(b"GET /en/registry/?q=a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        pidfiles = " ".join(str(stack.tmp / f"{name}.pid") for name in stack.gunicorn)
        env = {**stack.env, "GUNICORN_PIDFILES": pidfiles, "DRAIN_WAIT": "2"}
        drain = subprocess.Popen(["sh", "deploy/drain-web"], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)  # noqa: S603, S607
        # The load balancer's check fails at once; the node still serves whatever reaches it meanwhile.
        wait_until(lambda: healthz(stack.proxy_port) == 503, timeout=10, message="/healthz to say draining")
        # Then gunicorn has its SIGTERM (it closes its listening sockets), but waits for the request under way.
        wait_until(lambda: "Handling signal: term" in (stack.tmp / "gunicorn.log").read_text(errors="replace"),
                   timeout=30, message="gunicorn's graceful stop")  # fmt: skip
        time.sleep(1)
        assert drain.poll() is None and stack.gunicorn["gunicorn"].poll() is None
    finally:
        locked.release()
    assert status_line(person) == b"HTTP/1.1 200 OK"  # the request under way finished
    person.close()
    assert drain.wait(timeout=60) == 0, drain.stdout.read()
    assert all(proc.poll() is not None for proc in stack.gunicorn.values())
    # After the update: `resume` puts the node back (the health check answers for a node that runs).
    subprocess.run(["sh", "deploy/drain-web", "resume"], env=stack.env, cwd=ROOT, check=True)  # noqa: S603, S607
    assert not (stack.tmp / "drain").exists()

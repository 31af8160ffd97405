"""Several machines, failing one at a time under load, without losing a tip (issue 22's proof).

drills/cluster.py builds the deployment of the README's "Several machines" from network namespaces: a proxy host
(Debian's nginx), two web hosts (gunicorn), two worker hosts (a Celery worker each; beat on both, one holding the
lock, the other standing by), a Redis host, an S3-compatible host (moto's server) holding the media, the test's
PostgreSQL database and a real SMTP server. People are real TCP clients at 40 addresses, talking to the proxy only.
While 30 reporters each send two tips and four readers browse public pages:

1. web1 loses power: the proxy routes around it; every reporter ends with a receipt and every receipt opens a
   stored tip; the only errors are answers to requests web1 held when it died, and those reporters' forms, sent
   again, are taken by web2 (a tip sent twice is filed twice at worst, never lost).
2. work1 (a worker, and the beat holding the lock) loses power while mails are being sent: every mail is sent,
   duplicates at most for the messages the SMTP server had accepted when the worker died (at-least-once, README);
   the standby beat on work2 takes over within the lock's timeout and no scheduled run happens twice.
3. the object storage host is unplugged: a tip with a file comes back with everything typed and a clear message,
   nothing half-saved; plugged back, the same form is taken.

The figures (requests, tips, mails, duplicates, failover time) are printed and written to the file named by
SEVERAL_MACHINES_FIGURES when it is set; the README's "Reliability" section quotes them.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection

import pytest
import urllib3
from PIL import Image

from drills import hosts
from drills.cluster import Cluster
from taskforce.testing import nginx
from taskforce.testing.plugin import wait_until

from .helpers import CODE_RE, REPORT_URL, TOKEN_RE, tip_form

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REPORTERS, TIPS_EACH, READERS = 30, 2, 4
ROLLING_REPORTERS = 10
READERS_STOP = threading.Event()  # set between phases, and when the cluster is taken down
READER_PAGES = ["/en/", "/en/hotlines/", "/en/action-plan/", "/en/registry/", "/fr/", "/en/tips/report/"]
MIN_FILL = 1
LEASE, SWEEP = 5, 3  # seconds: a mail's sending lease, and the sweeper's interval (beat), shortened for the drill
LOCK, LOOP = 6, 1  # seconds: beat's lock, and how often beats renew or ask for it (production: 30 and 5)


@pytest.fixture
def cluster(seeded, tmp_path):
    nginx.require_nginx()
    hosts.require_namespaces()
    running = Cluster(
        tmp_path,
        TIPS_MIN_FILL_SECONDS=str(MIN_FILL),
        TIPS_RATE_PER_ADDRESS="50",  # the drill is not about the limits (drills/tests/test_behind_the_proxy.py is)
        NOTIFICATION_SENDING_LEASE_SECONDS=str(LEASE),
        NOTIFICATION_SWEEP_SECONDS=str(SWEEP),
        BEAT_LOCK_TIMEOUT=str(LOCK),
        BEAT_MAX_LOOP_INTERVAL=str(LOOP),
    )
    try:
        yield running.up()
    finally:
        READERS_STOP.set()  # readers of a failed run stop too
        running.down()


class Log:
    """Every answer people got: (started, finished, method, path, status); 0 is a connection that failed."""

    def __init__(self):
        self.rows: list[tuple[float, float, str, str, int]] = []
        self.lock = threading.Lock()

    def add(self, *row) -> None:
        with self.lock:
            self.rows.append(row)

    def errors(self) -> list[tuple[float, float, str, str, int]]:
        return [row for row in self.rows if row[4] == 0 or row[4] >= 500]


class Person:
    def __init__(self, address: str, proxy: tuple[str, int], log: Log):
        self.address, self.proxy, self.log = address, proxy, log

    def request(self, method: str, path: str, data: dict | None = None, files: dict | None = None) -> tuple[int, str]:
        started = time.monotonic()
        status, page = 0, ""
        body, headers = None, {}
        if files:
            body, content_type = urllib3.encode_multipart_formdata({**data, **files})
            headers = {"Content-Type": content_type}
        elif data is not None:
            body, headers = urllib.parse.urlencode(data), {"Content-Type": "application/x-www-form-urlencoded"}
        try:
            conn = HTTPConnection(*self.proxy, timeout=60, source_address=(self.address, 0))
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                status, page = response.status, response.read().decode(errors="replace")
            finally:
                conn.close()
        except (OSError, http.client.HTTPException):  # refused, reset, or the answer cut short: a failed request
            status, page = 0, ""
        self.log.add(started, time.monotonic(), method, path, status)
        return status, page

    def report(self, n: int) -> str:
        """One tip, as a person sends it: open the form, fill it in, send it; when the answer is an error page or
        nothing, go back (the browser keeps the form, token included) and send it again; when the form comes back
        filled in, send it again. Returns the receipt code."""
        for _attempt in range(20):
            status, page = self.request("GET", REPORT_URL)
            if status == 200:
                break
            time.sleep(1)
        data = {**tip_form(n), "form_token": TOKEN_RE.search(page).group(1)}
        time.sleep(MIN_FILL + 0.2)
        for _attempt in range(20):
            status, page = self.request("POST", REPORT_URL, data)
            if status == 200 and (match := CODE_RE.search(page)):
                return match.group(1)
            if status == 409 and (match := TOKEN_RE.search(page)):
                assert f"Drill tip {n}:" in page, "the form came back without what was typed"
                data["form_token"] = match.group(1)
                time.sleep(MIN_FILL + 0.2)
                continue
            if status == 409 and "This tip was already sent" in page:
                # The machine that took the first sending died before answering: the tip is stored, its receipt
                # code could not be shown again (counted, and the stored tips counted below).
                return ""
            assert status in (0, 502, 503, 504), f"tip {n}: {status} {page[:300]}"
            time.sleep(1)
        raise AssertionError(f"tip {n} was never taken")

    def browse(self, stop: threading.Event) -> None:
        n = 0
        while not stop.is_set():
            status, _page = self.request("GET", READER_PAGES[n % len(READER_PAGES)])
            if status == 0:
                stop.wait(0.5)  # as a person waits before reloading
            n += 1


def readers_start(readers: list[Person]) -> tuple[threading.Event, list[threading.Thread]]:
    """People browsing public pages until the event is set (by the test, or by the cluster's teardown)."""
    READERS_STOP.clear()
    threads = [threading.Thread(target=p.browse, args=(READERS_STOP,), daemon=True) for p in readers]
    for thread in threads:
        thread.start()
    return READERS_STOP, threads


def test_several_machines_fail_one_at_a_time_without_losing_a_tip(cluster):
    from taskforce.models import Notification  # noqa: PLC0415 -- used by this test only
    from tips import selectors, services  # noqa: PLC0415
    from tips.models import Tip  # noqa: PLC0415

    log = Log()
    people = [Person(address, cluster.proxy, log) for address in cluster.people]
    figures: dict[str, object] = {}

    # ----- 0. a rolling update under load: each web machine in turn taken out, drained, restarted, put back ---
    stop, readers = readers_start(people[REPORTERS : REPORTERS + READERS])
    rolled = time.monotonic()
    with ThreadPoolExecutor(max_workers=ROLLING_REPORTERS) as pool:
        futures = [pool.submit(p.report, 3000 + i) for i, p in enumerate(people[:ROLLING_REPORTERS])]
        for web in ("web2", "web1"):
            cluster.proxy_takes_out(web)
            drained = cluster.drain(web)
            assert drained.returncode == 0, drained.stdout + drained.stderr
            assert not cluster.web_answers(web)  # stopped: its requests under way had finished
            cluster.start_web(web)  # the new release
            cluster.resume(web)
            wait_until(lambda web=web: cluster.web_answers(web), timeout=90, interval=0.5, message=f"{web} back")
            cluster.proxy_takes_out()
        rolling_codes = [future.result(timeout=300) for future in futures]
    stop.set()
    for reader in readers:
        reader.join(timeout=90)
    rolling_rows = [row for row in log.rows if row[0] >= rolled]
    assert len(rolling_codes) == ROLLING_REPORTERS
    assert not log.errors(), f"errors during the rolling update: {log.errors()[:5]}"
    figures["rolling_update"] = {"requests": len(rolling_rows), "tips": len(rolling_codes), "errors": 0}

    # ----- 1. a web machine loses power under load ------------------------------------------------------------
    stop, readers = readers_start(people[REPORTERS : REPORTERS + READERS])
    killed_at, phase_started = None, time.monotonic()
    with ThreadPoolExecutor(max_workers=REPORTERS) as pool:
        futures = [
            pool.submit(lambda p, i: [p.report(i * TIPS_EACH + k) for k in range(TIPS_EACH)], person, i)
            for i, person in enumerate(people[:REPORTERS])
        ]
        wait_until(
            lambda: Tip.objects.count() >= ROLLING_REPORTERS + REPORTERS // 2, timeout=120, message="tips to arrive"
        )
        killed_at = time.monotonic()
        cluster.hosts["web1"].power_off()
        codes = [code for future in futures for code in future.result(timeout=600)]
    time.sleep(2)
    stop.set()
    for reader in readers:
        reader.join(timeout=90)

    sent = REPORTERS * TIPS_EACH
    shown = [code for code in codes if code]
    assert len(codes) == sent and len(set(shown)) == len(shown)
    for code in shown:  # every receipt a person was shown opens a stored tip
        assert selectors.tip_by_receipt_hash(services.receipt_hash(code)) is not None, code
    stored = Tip.objects.count() - ROLLING_REPORTERS
    assert stored >= sent  # none lost, those told "already sent" included
    errors = log.errors()
    # Only what web1 held when it died failed: every error answered a request started before the power went off.
    late = [row for row in errors if row[0] > killed_at + 0.5]
    assert not late, f"errors after web1 went down: {late[:5]}"
    phase = [row for row in log.rows if row[0] >= phase_started]
    figures["web"] = {
        "requests": len(phase),
        "tip_posts": sum(1 for row in phase if row[2] == "POST"),
        "tips_sent_by_people": sent,
        "tips_stored": stored,
        "tips_filed_twice": stored - sent,
        "taken_receipt_not_shown_again": codes.count(""),
        "errors_answered": len(errors),
        "errors_by_status": dict(Counter(row[4] for row in errors)),
    }
    assert stored - sent <= len(errors)  # a tip is filed twice at worst only after an error, never silently

    all_sent = lambda: not Notification.objects.exclude(state=Notification.State.SENT).exists()  # noqa: E731
    wait_until(all_sent, timeout=300, interval=1, message="every notice of the tips to be sent")
    assert len(cluster.smtp.inbox.accepted) == Notification.objects.count()  # each notice mailed once

    # ----- 2. a worker machine, with the beat holding the lock, loses power while mails are being sent --------
    notices_before, accepted_before = Notification.objects.count(), len(cluster.smtp.inbox.accepted)
    assert cluster.beat_holds("work1") and not cluster.beat_holds("work2")
    with ThreadPoolExecutor(max_workers=REPORTERS) as pool:
        codes = list(pool.map(lambda p: p.report(1000 + people.index(p)), people[:REPORTERS]))
    wait_until(
        lambda: len(cluster.smtp.inbox.accepted) >= accepted_before + 5,
        timeout=120,
        interval=0.1,
        message="the second wave's mails to be on their way",
    )
    cut_at, sending = time.monotonic(), Notification.objects.filter(state=Notification.State.SENDING).count()
    cluster.hosts["work1"].power_off()
    wait_until(lambda: cluster.beat_holds("work2"), timeout=60, interval=0.2, message="work2's beat to take over")
    beat_failover = time.monotonic() - cut_at
    wait_until(all_sent, timeout=300, interval=1, message="every notice to be sent by work2")
    notices = Notification.objects.count() - notices_before
    accepted = len(cluster.smtp.inbox.accepted) - accepted_before
    # At least once: a message the SMTP server had accepted when its worker died, before the worker could note it
    # sent, is sent again (at most one per process of the worker that died); nothing is lost.
    assert notices <= accepted <= notices + 2
    # One scheduled run at a time: the sweeper's runs sent by both beats, over the whole drill, at most one per
    # interval (two beats sending each would double it).
    sweeps = sum(
        cluster.log(f"{work}-beat").count("Sending due task notifications-sweep") for work in ("work1", "work2")
    )
    elapsed = time.monotonic() - cluster.beats_started
    assert sweeps <= elapsed / SWEEP + 2, (sweeps, elapsed)
    figures["worker"] = {
        "tips": len(codes),
        "notices": notices,
        "mails_accepted": accepted,
        "mails_sent_twice": accepted - notices,
        "notices_in_flight_at_the_cut": sending,
        "beat_failover_seconds": round(beat_failover, 1),
        "sweeper_runs": sweeps,
        "sweeper_runs_at_most": int(elapsed / SWEEP) + 1,
    }

    # ----- 3. the object storage is unreachable -------------------------------------------------------------
    reporter = people[REPORTERS + READERS]
    tips_before, objects_before = Tip.objects.count(), len(cluster.objects())
    status, page = reporter.request("GET", REPORT_URL)
    data = {**tip_form(2000), "form_token": TOKEN_RE.search(page).group(1)}
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(picture, "JPEG")
    photo = {"files": ("photo.jpg", picture.getvalue(), "image/jpeg")}
    time.sleep(MIN_FILL + 0.2)
    cluster.hosts["s3"].unplug()
    status, page = reporter.request("POST", REPORT_URL, data, photo)
    (cluster.tmp / "storage-unplugged.html").write_text(page)
    assert status == 503, page[:500]
    assert "Drill tip 2000:" in page  # everything typed
    assert "We could not store your files just now" in page  # and what happened
    assert Tip.objects.count() == tips_before  # nothing half-saved
    cluster.hosts["s3"].plug()
    data["form_token"] = TOKEN_RE.search(page).group(1)
    time.sleep(MIN_FILL + 0.2)
    status, page = reporter.request("POST", REPORT_URL, data, photo)
    assert status == 200 and CODE_RE.search(page), page[:500]
    assert Tip.objects.count() == tips_before + 1
    assert len(cluster.objects()) == objects_before + 1  # the file, in the bucket (ciphertext: tips' own tests)
    figures["storage"] = {"unplugged_answer": 503, "tips_half_saved": 0}

    text = json.dumps(figures, indent=2)
    print(text)
    if target := os.environ.get("SEVERAL_MACHINES_FIGURES"):
        with open(target, "w") as out:
            out.write(text)

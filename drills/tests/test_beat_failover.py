"""Beat on two machines: each scheduled run happens once, and a standby takes over when the active beat dies.

Two real `celery beat` processes in the production profile (RedBeat, settings "issue 22") on a private Redis, with a
tiny schedule (taskforce/testing/beat_settings.py: one harmless task every INTERVAL seconds that notes each run in
Redis) and a real worker. The drill counts the runs the worker made, and reads each beat's own log for what it sent.
The lock is shortened for the drill (LOCK_TIMEOUT, LOOP); production's 30 s + 5 s are the same mechanism.

The same drill with Celery's default file scheduler (what `celery beat` did before) shows every run doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import redis

from drills.production import ROOT, production_env
from taskforce.testing.beat import RUNS_KEY
from taskforce.testing.plugin import WorkerProcess, _worker_database_url, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

INTERVAL = 2  # seconds between the scheduled runs
LOCK_TIMEOUT = 6  # BEAT_LOCK_TIMEOUT
LOOP = 1  # BEAT_MAX_LOOP_INTERVAL: how often the active beat renews the lock and a standby asks for it
FAILOVER = LOCK_TIMEOUT + LOOP  # the stated bound: the lock lapses, then a standby's next try takes it
STARTUP = 5  # a beat process that already waits for the lock needs no start, but a loaded 2-CPU machine lags
WINDOW = 6  # intervals counted at a time


class Beats:
    def __init__(self, tmp, redis_url: str, scheduler: str = ""):
        self.tmp, self.redis_url, self.scheduler = tmp, redis_url, scheduler
        self.env = {
            **production_env(database_url=_worker_database_url(), redis_url=redis_url),
            "DJANGO_SETTINGS_MODULE": "taskforce.testing.beat_settings",
            "BEAT_DRILL_INTERVAL": str(INTERVAL),
            "BEAT_LOCK_TIMEOUT": str(LOCK_TIMEOUT),
            "BEAT_MAX_LOOP_INTERVAL": str(LOOP),
        }
        self.procs: dict[str, subprocess.Popen] = {}
        self.worker = WorkerProcess(self.env, tmp)

    def start(self, name: str) -> None:
        cmd = [sys.executable, "-m", "celery", "-A", "taskforce", "beat", "--loglevel=INFO"]
        cmd += ["-s", str(self.tmp / f"{name}-schedule"), "--pidfile", str(self.tmp / f"{name}.pid")]
        if self.scheduler:
            cmd += ["--scheduler", self.scheduler]
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        self.procs[name] = subprocess.Popen(  # noqa: S603 - our own celery beat
            cmd, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def sent(self, name: str) -> int:
        return self.log(name).count("Sending due task beat-drill-tick")

    def holder(self) -> str | None:
        """The beat whose log says it took the lock (and that still runs)."""
        held = [n for n, p in self.procs.items() if p.poll() is None and "beat: Acquired lock" in self.log(n)]
        assert len(held) <= 1, f"two beats hold the lock: {held}"
        return held[0] if held else None

    def runs(self) -> list[float]:
        return [float(v) for v in redis.Redis.from_url(self.redis_url).lrange(RUNS_KEY, 0, -1)]

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def stop(self) -> None:
        for name in self.procs:
            self.kill(name)
        self.worker.stop()

    def health(self) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "beat_health"], env=self.env, cwd=ROOT, capture_output=True, text=True
        )

    def counted(self, start: float, intervals: int) -> int:
        """Wait `intervals` intervals from `start` (and a moment for the worker), then count the runs inside."""
        end = start + intervals * INTERVAL
        time.sleep(max(0.0, end - time.time()) + 1)
        return sum(start <= t < end for t in self.runs())


@pytest.fixture
def beats(private_redis, tmp_path):
    started = []

    def make(scheduler: str = "") -> Beats:
        started.append(Beats(tmp_path, private_redis.url, scheduler))
        return started[-1]

    yield make
    for each in started:
        each.stop()


def test_two_beats_run_each_scheduled_job_once_and_the_standby_takes_over(beats):
    drill = beats()
    drill.worker.start()
    drill.start("beat-a")
    drill.start("beat-b")
    wait_until(lambda: drill.holder(), timeout=60, message="a beat to take the lock")
    wait_until(lambda: drill.runs(), timeout=60, message="the first scheduled run")
    active = drill.holder()
    standby = "beat-b" if active == "beat-a" else "beat-a"
    wait_until(lambda: "beat: Starting..." in drill.log(standby), timeout=60, message="the second beat to start")

    # The worker's health check answers for this worker, and fails for a worker that is not there.
    ping = [sys.executable, "-m", "celery", "-A", "taskforce", "inspect", "ping", "--timeout", "5", "-d"]
    run = {"env": drill.env, "cwd": ROOT, "capture_output": True}
    assert subprocess.run([*ping, drill.worker.node], **run).returncode == 0  # noqa: S603
    assert subprocess.run([*ping, "nobody@nowhere"], **run).returncode != 0  # noqa: S603
    # ... and the beat's: the lock is held and renewed.
    assert drill.health().returncode == 0, drill.health().stderr

    # Both beats run: one run per interval, all sent by the beat holding the lock.
    runs = drill.counted(time.time(), WINDOW)
    assert WINDOW - 1 <= runs <= WINDOW + 1, f"{runs} runs in {WINDOW} intervals of {INTERVAL} s"
    assert drill.sent(standby) == 0
    assert drill.sent(active) == len(drill.runs())

    # SIGKILL the active beat: its lock lapses and the standby takes it within FAILOVER seconds.
    killed_at = time.time()
    drill.kill(active)
    sent_before = drill.sent(active)
    # Meanwhile the beat health check sees the lock go stale (alert), before the standby has taken it.
    wait_until(lambda: drill.health().returncode == 1, timeout=FAILOVER, interval=0.5,
               message="beat_health to see the stale lock")  # fmt: skip
    wait_until(lambda: drill.holder() == standby, timeout=FAILOVER + STARTUP, interval=0.1,
               message=f"the standby to take the lock within {FAILOVER} s")  # fmt: skip
    took_over = time.time() - killed_at
    print(f"failover: the standby took the lock {took_over:.1f} s after the active beat was killed")
    wait_until(lambda: max(drill.runs()) > killed_at + 0.5, timeout=INTERVAL + STARTUP, message="the standby's run")
    first = min(t for t in drill.runs() if t > killed_at + 0.5)
    assert first - killed_at <= FAILOVER + INTERVAL + STARTUP

    # The standby runs the schedule once per interval from then on; the killed beat sends nothing more.
    runs = drill.counted(first, WINDOW)
    assert WINDOW - 1 <= runs <= WINDOW + 1, f"{runs} runs in {WINDOW} intervals after the failover"
    assert drill.sent(active) == sent_before
    # Nothing doubled anywhere: every run the worker made was sent by exactly one beat, once.
    assert len(drill.runs()) == drill.sent(active) + drill.sent(standby)
    # Nothing missed beyond the failover window: from the first run to the last, one run per interval, less the
    # runs that fell inside the failover (the standby makes one catch-up run on taking over, not one per missed).
    span = max(drill.runs()) - min(drill.runs())
    assert span / INTERVAL - took_over / INTERVAL - 2 <= len(drill.runs()) - 1 <= span / INTERVAL + 1

    # No beat left: the lock lapses and the health check fails.
    drill.kill(standby)
    wait_until(lambda: "No beat holds" in drill.health().stderr, timeout=LOCK_TIMEOUT + STARTUP, interval=0.5,
               message="beat_health to see no beat")  # fmt: skip


def test_two_beats_with_the_old_file_scheduler_run_every_job_twice(beats):
    """What two `celery beat` on two machines did before RedBeat: each sends the whole schedule."""
    drill = beats(scheduler="celery.beat:PersistentScheduler")
    drill.worker.start()
    drill.start("beat-a")
    drill.start("beat-b")
    wait_until(lambda: drill.sent("beat-a") and drill.sent("beat-b"), timeout=60, message="both beats to send")
    runs = drill.counted(time.time(), WINDOW)
    assert runs >= 2 * WINDOW - 2, f"{runs} runs in {WINDOW} intervals"
    assert drill.sent("beat-a") >= WINDOW - 1 and drill.sent("beat-b") >= WINDOW - 1

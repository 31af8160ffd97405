"""`manage.py beat_health`: exit 0 when some beat holds the scheduler's lock and renewed it lately, 1 otherwise.

The active beat (RedBeat, settings "issue 22") renews its lock in Redis on every tick, at most BEAT_MAX_LOOP_INTERVAL
seconds apart, to BEAT_LOCK_TIMEOUT seconds. A lock that is missing, or whose time left has fallen by more than
two loop intervals, means no beat is sending the schedule: alert (a standby takes over once the lock lapses).
Standbys wait for the lock by design, so this checks the cluster's scheduler, not one process: run it from
monitoring, not as a per-machine restart trigger (systemd restarts a beat process that exits).
"""

import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Exit 0 when a celery beat holds the scheduler lock and renewed it lately, 1 otherwise."

    def handle(self, *args, **options):
        if not settings.REDIS_URL:
            raise CommandError("No REDIS_URL: beat runs with Celery's file scheduler and has no lock to check.")
        key = settings.CELERY_REDBEAT_LOCK_KEY
        try:
            client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
            left_ms = client.pttl(key)
        except redis.RedisError as error:
            raise CommandError(f"Redis does not answer: {error}") from error
        if left_ms < 0:
            raise CommandError(f"No beat holds the scheduler lock ({key}).")
        since_renewal = settings.BEAT_LOCK_TIMEOUT - left_ms / 1000
        allowed = 2 * settings.BEAT_MAX_LOOP_INTERVAL + 1
        if since_renewal > allowed:
            raise CommandError(
                f"The scheduler lock was last renewed {since_renewal:.1f} s ago (more than {allowed} s): "
                "the active beat has stopped; a standby takes over when the lock lapses."
            )
        self.stdout.write(f"ok: a beat holds the scheduler lock, renewed {since_renewal:.1f} s ago")

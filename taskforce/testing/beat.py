"""The beat drills' harmless task: each run notes its time in Redis (a list under RUNS_KEY), so a drill counts the
runs a schedule produced. Scheduled by taskforce/testing/beat_settings.py."""

import time

import redis
from celery import shared_task
from django.conf import settings

RUNS_KEY = "beat-drill:runs"


@shared_task(name="taskforce.testing.beat.tick", ignore_result=True)
def tick() -> None:
    redis.Redis.from_url(settings.REDIS_URL).rpush(RUNS_KEY, repr(time.time()))

"""The production profile needs Redis unless the operator says otherwise, and keeps database connections open.

Without REDIS_URL the rate limits and single-use tokens were silently kept per process and tasks ran inside the
requests; connections were opened and closed for every request (issue 16: 1.39-1.67x the requests a second kept
open)."""

import subprocess
import sys

from django.conf import settings

from .test_settings import PROD_ENV, run_manage

WITHOUT_REDIS = {k: v for k, v in PROD_ENV.items() if k != "REDIS_URL"}
REFUSAL = (
    "Missing required setting: set REDIS_URL (rate limits, single-use tokens and background tasks need Redis), "
    "or ALLOW_NO_REDIS=true for a one-machine install that does without it."
)
SHOW_DATABASE = "from django.conf import settings; d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"


def test_check_deploy_refuses_a_production_without_redis_with_one_line_saying_why():
    result = run_manage("check", "--deploy", env=WITHOUT_REDIS)
    assert result.returncode != 0
    assert [line for line in result.stderr.splitlines() if line] == [REFUSAL]


def test_check_deploy_passes_with_redis():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_web_server_and_the_worker_do_not_start_without_redis():
    for entry in ("import taskforce.wsgi", "import taskforce.celery; from django.conf import settings; settings.DEBUG"):
        env = {k: v for k, v in WITHOUT_REDIS.items() if k != "DJANGO_SETTINGS_MODULE"}
        result = subprocess.run(
            [sys.executable, "-c", entry],
            cwd=settings.BASE_DIR,
            env={"PATH": "/usr/bin:/bin", **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode != 0, entry
        assert result.stderr.strip().splitlines()[-1] == REFUSAL, entry


def test_an_operator_may_opt_out_of_redis_and_is_told_what_is_lost():
    env = {**WITHOUT_REDIS, "ALLOW_NO_REDIS": "true"}
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode == 0, result.stderr
    assert "taskforce.W004" in result.stderr + result.stdout
    assert "rate limits and single-use tokens are kept in each process's memory" in result.stderr + result.stdout
    assert run_manage("check", "--deploy", "--fail-level", "WARNING", env=env).returncode != 0


def test_production_keeps_database_connections_open_and_checks_them():
    result = run_manage("shell", "--no-imports", "-c", SHOW_DATABASE, env=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True"]


def test_the_operator_can_change_how_long_connections_stay_open():
    env = {**PROD_ENV, "CONN_MAX_AGE": "0", "CONN_HEALTH_CHECKS": "false"}
    result = run_manage("shell", "--no-imports", "-c", SHOW_DATABASE, env=env)
    assert result.stdout.split() == ["0", "False"], result.stderr


def test_development_and_tests_close_their_connections():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0
    dev = run_manage(
        "shell", "--no-imports", "-c", SHOW_DATABASE, env={"DJANGO_SETTINGS_MODULE": "taskforce.settings.dev"}
    )
    assert dev.stdout.split() == ["0", "False"], dev.stderr

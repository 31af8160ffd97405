"""Issue 22: behind PgBouncer in transaction mode (DATABASE_POOLER=pgbouncer) the portal turns Django's server-side
cursors off, since a cursor declared in one transaction is fetched from in the next, which PgBouncer may run on
another server connection (drills/tests/test_pgbouncer.py shows the failure and the portal working through it).
Connections to PgBouncer stay open between requests and are checked before reuse, as in production."""

from .test_settings import PROD_ENV, run_manage

THROUGH_PGBOUNCER = {**PROD_ENV, "DATABASE_URL": "postgres://taskforce@10.0.0.5:6432/taskforce"}  # never connected to
SHOW_DATABASE = (
    "from django.conf import settings; d = settings.DATABASES['default']; "
    "print(d['ENGINE'], d['PORT'], d.get('DISABLE_SERVER_SIDE_CURSORS', False), d['CONN_MAX_AGE'], "
    "d['CONN_HEALTH_CHECKS'])"
)


def database_settings(env: dict) -> list[str]:
    result = run_manage("shell", "--no-imports", "-c", SHOW_DATABASE, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_through_pgbouncer_server_side_cursors_are_off_and_connections_kept_and_checked():
    shown = database_settings({**THROUGH_PGBOUNCER, "DATABASE_POOLER": "pgbouncer"})
    assert shown == ["django.db.backends.postgresql", "6432", "True", "60", "True"]


def test_straight_to_postgresql_server_side_cursors_stay_on():
    assert database_settings(THROUGH_PGBOUNCER)[2] == "False"


def test_an_unknown_pooler_stops_startup_with_one_line():
    result = run_manage("check", env={**THROUGH_PGBOUNCER, "DATABASE_POOLER": "pgpool"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == ["DATABASE_POOLER must be empty or 'pgbouncer', not 'pgpool'."]

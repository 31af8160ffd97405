"""Fixtures of the outside-in checks: one seeded demo database for the whole package, a live server on it,
and test clients signed in as each persona."""

import io

import pytest
from django.core.management import call_command
from django.db import connections

from quality.samples import PASSWORD, PERSONAS, fill_demo_gaps, user
from taskforce.testing.auth import login


def _flush():
    for alias in connections:
        call_command("flush", interactive=False, verbosity=0, database=alias)


def _seed() -> list[str]:
    from quality.walk import clear_cache  # noqa: PLC0415 -- used by this test only

    clear_cache()
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    return fill_demo_gaps()


def _refuse_a_real_database():
    """pytest-django sets up test databases only for sessions with a django_db-marked test: without one the
    connection points at the real database, which this fixture would flush. Every module here is marked."""
    for alias in connections:
        name = str(connections[alias].settings_dict["NAME"])
        if not (name.startswith("test_") or "memory" in name or name.startswith("file:memorydb")):
            pytest.fail(f"refusing to seed and flush {name!r}: it is not a test database (mark the test django_db)")


class DemoData:
    """The seeded demo database. `problems` lists what could not be made for the samples."""

    def __init__(self):
        self.problems = _seed()

    def reset(self):
        """Start again from the demo data alone, after a check that committed changes (the API fuzzing)."""
        _flush()
        self.problems = _seed()


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo data, committed once for every module of this package, and removed after the last one so
    that no other app's tests ever see it."""
    with django_db_blocker.unblock():
        _refuse_a_real_database()
        _flush()  # a reused test database may hold the leftovers of an interrupted run
        data = DemoData()
        yield data
        _flush()
        from quality.walk import clear_cache  # noqa: PLC0415 -- used by this test only

        clear_cache()


@pytest.fixture(scope="module")
def live_url(demo):
    """A live server on the seeded database (pytest-django's own `live_server` would flush it after each test)."""
    from pytest_django.live_server_helper import LiveServer  # noqa: PLC0415 -- used by this test only

    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server.url
    server._live_server_modified_settings.disable()
    server.stop()


def persona_client(persona: str):
    """A Django test client signed in as the persona's demo account (one-time password step completed)."""
    from django.test import Client  # noqa: PLC0415 -- used by this test only

    client = Client()
    email = PERSONAS[persona]
    if email:
        login(client, user(email), PASSWORD)
    return client

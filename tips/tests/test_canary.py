"""A canary string typed into a tip (text, contact details, a file, messages) must be found nowhere at rest:
not in any raw database column, not under MEDIA_ROOT, not in the logs, not in Celery task arguments."""

import logging
from pathlib import Path

import pytest
from celery.signals import before_task_publish, task_prerun
from django.apps import apps
from django.db import connection

from taskforce.testing.auth import login
from tips.models import Tip

from .factories import follow_up, pdf_bytes, receipt_code, report_post
from .test_uploads import jpeg_with_exif, upload

pytestmark = pytest.mark.django_db

CANARY = "CANARY-7f3a9c-Quokka"
TEXT_TYPES = ("char", "text", "clob", "blob", "bytea", "binary", "json")


def raw_text_columns():
    """Every text or binary column of every table of the tips app, and of the notifications tables."""
    models = list(apps.get_app_config("tips").get_models()) + [
        apps.get_model("taskforce", "Notification"),
        apps.get_model("taskforce", "NotificationAttempt"),
    ]
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            for column in connection.introspection.get_table_description(cursor, table):
                type_name = str(connection.introspection.get_field_type(column.type_code, column)).lower()
                if any(t in type_name for t in TEXT_TYPES):
                    yield table, column.name


def raw_values():
    with connection.cursor() as cursor:
        for table, column in raw_text_columns():
            cursor.execute(f'SELECT "{column}" FROM "{table}"')  # noqa: S608
            for (value,) in cursor.fetchall():
                yield table, column, value


def found_in(value) -> bool:
    if value is None:
        return False
    data = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
    return CANARY.encode() in data or CANARY.lower().encode() in data.lower()


@pytest.fixture
def task_arguments():
    seen = []

    def on_publish(sender=None, body=None, headers=None, **kwargs):
        seen.append(repr((body, headers)))

    def on_run(sender=None, args=None, kwargs=None, **extra):
        seen.append(repr((args, kwargs)))

    before_task_publish.connect(on_publish, weak=False)
    task_prerun.connect(on_run, weak=False)
    yield seen
    before_task_publish.disconnect(on_publish)
    task_prerun.disconnect(on_run)


def test_canary_is_nowhere_at_rest(
    client, hotlines, handler_national, settings, caplog, task_arguments, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    pdf = pdf_bytes(author=CANARY, text=CANARY)
    with django_capture_on_commit_callbacks(execute=True):
        response = report_post(
            client,
            what_happened=f"I saw {CANARY} at the farm",
            city=f"Brooks {CANARY}",
            place=CANARY,
            when=CANARY,
            people_description=f"a truck {CANARY}",
            contact_preference=f"call {CANARY}@example.org",
            files=[upload("a.pdf", pdf), upload(f"{CANARY}.jpg", jpeg_with_exif(CANARY), "image/jpeg")],
        )
    assert response.status_code == 200
    code = receipt_code(response)
    with django_capture_on_commit_callbacks(execute=True):
        follow_up(client, code, body=f"more about {CANARY}")
        tip = Tip.objects.get()
        login(client, handler_national)
        detail = client.get(f"/en/tips/staff/inbox/{tip.id}/")
        client.post(f"/en/tips/staff/inbox/{tip.id}/reply/", {"reply-body": f"answer {CANARY}"})
        client.post(f"/en/tips/staff/inbox/{tip.id}/note/", {"note-body": f"note {CANARY}"})
    # The handler does read it, so the test would see the canary if it were stored in clear.
    assert CANARY in detail.content.decode()
    assert tip.files.count() == 2 and tip.messages.count() == 3 and task_arguments

    columns = list(raw_text_columns())
    assert ("tips_tip", "what_happened") in columns and ("tips_tipmessage", "body") in columns
    leaks = [(table, column) for table, column, value in raw_values() if found_in(value)]
    assert leaks == []
    media = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(media) == 2 and not any(found_in(p.read_bytes()) for p in media)
    assert not found_in(caplog.text)
    assert not any(found_in(args) for args in task_arguments)

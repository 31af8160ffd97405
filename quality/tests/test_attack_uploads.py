"""Standing attacks on request bodies and uploads: every URL of the portal (from the URL map, so a new endpoint
meets them too) refuses an oversized body before reading it, for a visitor and for a signed-in administrator;
the files people send are served as downloads only."""

import uuid

import pytest
from django.urls import NoReverseMatch

from quality.urlmap import path_for, routes
from taskforce import roles
from taskforce.testing.auth import login
from taskforce.tests.test_limits import MB, StreamedBody, _post

pytestmark = pytest.mark.django_db

DUMMIES = ("1", "x", str(uuid.UUID(int=1)))


def _some_path(route) -> str | None:
    """The route with any value its converters accept: the body limit is checked before the view looks."""
    for value in DUMMIES:
        try:
            return path_for(route, dict.fromkeys(route.params, value))
        except NoReverseMatch:
            continue
    return None


@pytest.fixture(params=["anonymous", "administrator"])
def visitor(request, client, make_user):
    if request.param == "administrator":
        admin = make_user(roles.COORDINATOR)
        admin.is_staff = admin.is_superuser = True
        admin.save()
        login(client, admin)
    return client


def test_every_url_refuses_a_300_mb_body_unread(visitor, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    findings, checked = [], 0
    for route in routes():
        path = _some_path(route) if route.name else None
        if path is None:
            continue
        body = StreamedBody(300 * MB, tmp_path)
        response = _post(visitor, path, body)
        checked += 1
        if response.status_code != 413 or body.read_bytes or body.most_on_disk:
            findings.append(f"{path}: {response.status_code}, read {body.read_bytes} bytes")
    assert checked > 100
    assert not findings, "FINDING: oversized bodies not refused before reading:\n" + "\n".join(findings)


def test_every_url_refuses_a_streamed_body_past_its_limit(client, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    findings = []
    for route in routes():
        path = _some_path(route) if route.name else None
        if path is None:
            continue
        body = StreamedBody(300 * MB, tmp_path)
        response = _post(client, path, body, chunked=True)
        if response.status_code != 413 or body.read_bytes > 17 * MB or body.most_on_disk:
            findings.append(f"{path}: {response.status_code}, read {body.read_bytes} bytes")
    assert not findings, "FINDING: chunked bodies not stopped at the limit:\n" + "\n".join(findings)

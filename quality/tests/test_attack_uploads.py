"""Standing attacks on request bodies and uploads: every URL of the portal (from the URL map, so a new endpoint
meets them too) refuses an oversized body before reading it, for a visitor and for a signed-in administrator;
the files people send are served as downloads only."""

import uuid

import pytest
from django.urls import NoReverseMatch

from quality.urlmap import path_for, routes
from taskforce import roles
from taskforce.testing import nginx
from taskforce.testing.auth import login
from taskforce.testing.redis import free_port
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
        if response.status_code != 413 or body.read_bytes > 21 * MB or body.most_on_disk:
            findings.append(f"{path}: {response.status_code}, read {body.read_bytes} bytes")
    assert not findings, "FINDING: chunked bodies not stopped at the limit:\n" + "\n".join(findings)


# ----- the proxy's /media/ (deploy/nginx/media.conf), with Debian's nginx --------------------------------------


@pytest.fixture
def media_proxy(tmp_path):
    """Debian's nginx serving a MEDIA_ROOT with the portal's snippet, on a free port."""
    from django.conf import settings as django_settings  # noqa: PLC0415 -- used by this test only

    nginx.require_nginx()
    media = tmp_path / "media"
    for folder, name, data in [
        ("publications/2026", "report.pdf", b"%PDF-1.4 public report"),
        ("training/images/2026", "page.html", b"<script>alert(1)</script>"),
        ("training/captions/2026", "0123abcd.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"),
        ("tips", "0123.bin", b"ciphertext"),
        ("actionplan/evidence/2026/12", "minutes.pdf", b"%PDF-1.4 evidence"),
        ("registry/sources/2026", "draft.pdf", b"%PDF-1.4 draft source"),
    ]:
        (media / folder).mkdir(parents=True, exist_ok=True)
        (media / folder / name).write_bytes(data)
    snippet = (django_settings.BASE_DIR / "deploy/nginx/media.conf").read_text()
    (tmp_path / "media.conf").write_text(snippet.replace("/srv/portal/media", str(media)))
    port = free_port()
    server = f"server {{ listen 127.0.0.1:{port}; include {tmp_path}/media.conf; }}"
    process = nginx.start(nginx.main_conf(tmp_path, server, connections=16), port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def _fetch(url: str):
    import urllib.error  # noqa: PLC0415 -- used by this test only
    import urllib.request  # noqa: PLC0415 -- used by this test only

    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 -- a local test server
            return answer.status, answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def test_the_proxy_serves_public_media_as_downloads_only(media_proxy):
    for path in ("/media/publications/2026/report.pdf", "/media/training/images/2026/page.html"):
        status, headers = _fetch(media_proxy + path)
        assert status == 200, path
        assert headers["Content-Disposition"] == "attachment" and headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in headers["Content-Security-Policy"]
    assert (
        _fetch(media_proxy + "/media/training/images/2026/page.html")[1]["Content-Type"] == "application/octet-stream"
    )


def test_the_proxy_serves_lesson_captions_as_webvtt(media_proxy):
    """A <track> needs text/vtt (training/captions.py): served from the portal's origin, as a download like the
    other public media."""
    status, headers = _fetch(media_proxy + "/media/training/captions/2026/0123abcd.vtt")
    assert status == 200 and headers["Content-Type"] == "text/vtt"
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path",
    [
        "/media/tips/0123.bin",
        "/media/actionplan/evidence/2026/12/minutes.pdf",
        "/media/registry/sources/2026/draft.pdf",
        "/media/publications/../tips/0123.bin",
        "/media/publications/%2e%2e/tips/0123.bin",
    ],
)
def test_the_proxy_never_serves_what_people_sent(media_proxy, path):
    assert _fetch(media_proxy + path)[0] in (400, 404)


# ----- a real server: gunicorn removes the chunk framing, the portal stops reading at the limit -----------------


@pytest.fixture
def gunicorn_url():
    import os  # noqa: PLC0415 -- used by this test only
    import subprocess  # noqa: PLC0415 -- used by this test only
    import sys  # noqa: PLC0415 -- used by this test only

    from django.conf import settings as django_settings  # noqa: PLC0415 -- used by this test only

    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "taskforce.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "taskforce.settings.test"}
    process = subprocess.Popen(
        command, cwd=django_settings.BASE_DIR, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    nginx.wait_for(port)
    yield ("127.0.0.1", port)
    process.terminate()
    process.wait(timeout=10)


def test_a_real_gunicorn_answers_413_to_an_endless_chunked_body(gunicorn_url):
    """A 300 MiB body streamed in chunks, with no length: the answer comes while it is still being sent, and the
    connection closes after a few megabytes (the limit plus what the sockets hold)."""
    import socket  # noqa: PLC0415 -- used by this test only
    import threading  # noqa: PLC0415 -- used by this test only

    connection = socket.create_connection(gunicorn_url)
    answer = bytearray()

    def read():
        try:
            while data := connection.recv(65536):
                answer.extend(data)
        except OSError:
            pass

    reader = threading.Thread(target=read)
    reader.start()
    connection.sendall(
        b"POST /en/registry/subscribe/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: multipart/form-data; boundary=x\r\n\r\n"
    )
    sent = 0
    try:
        while sent < 300 * MB:
            connection.sendall(b"10000\r\n" + b"0" * 65536 + b"\r\n")
            sent += 65536
    except OSError:
        pass
    reader.join(timeout=10)
    connection.close()
    assert bytes(answer).startswith(b"HTTP/1.1 413 "), bytes(answer[:80])
    assert sent < 32 * MB


def test_a_real_gunicorn_reads_a_refused_body_a_proxy_would_send_whole(gunicorn_url):
    """A body over the limit but within the drain bound, sent whole as nginx sends a body it has buffered: the
    portal reads and discards it, so the whole body is taken and the 413 arrives intact (no reset, no 502)."""
    import socket  # noqa: PLC0415 -- used by this test only

    size = 24 * MB
    body = b"0" * size
    connection = socket.create_connection(gunicorn_url, timeout=30)
    connection.sendall(
        b"POST /en/registry/subscribe/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    sent, answer = 0, bytearray()
    try:
        for start in range(0, len(body), 65536):
            connection.sendall(body[start : start + 65536])
            sent += 65536
        connection.shutdown(socket.SHUT_WR)
        while data := connection.recv(65536):
            answer.extend(data)
    except OSError:
        pass
    connection.close()
    assert sent >= size, f"the connection broke after {sent} bytes"
    assert bytes(answer).startswith(b"HTTP/1.1 413 "), bytes(answer[:80])
    assert b"What you sent is too large" in bytes(answer)

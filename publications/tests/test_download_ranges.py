"""Resuming a download of the whole registry (issue 16). Behind nginx, with deploy/nginx/portal.conf and the
download view's real answer, a byte range is answered honestly: 206 with Content-Range, 416 past the end, and the
file's checksum and row count reach the reader. When Django sends the file itself it says it answers no ranges,
and sends the whole file."""

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from taskforce.testing import nginx
from taskforce.testing.redis import free_port

from .factories import build_downloads, make_entry

pytestmark = pytest.mark.django_db
URL = "/en/registry/business-registry.csv"


@pytest.fixture
def served_file(editor, snapshot_dir):
    for _ in range(3):
        make_entry(created_by=editor)
    (snapshot,) = [s for s in build_downloads() if s.format == "csv"]
    return (snapshot_dir / snapshot.file_name).read_bytes()


def test_django_sending_the_file_itself_says_it_answers_no_ranges_and_sends_it_whole(client, served_file):
    for asked in ({}, {"HTTP_RANGE": "bytes=0-9"}, {"HTTP_RANGE": "bytes=999999-"}, {"HTTP_RANGE": "rubbish"}):
        response = client.get(URL, **asked)
        assert response.status_code == 200 and response["Accept-Ranges"] == "none"
        assert b"".join(response.streaming_content) == served_file
        assert "Content-Range" not in response


def test_a_live_selection_says_it_answers_no_ranges(client, served_file):
    response = client.get(URL, {"province": "ON"}, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 200 and response["Accept-Ranges"] == "none"


class Replay(BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers with the download view's headers (set on the class by the test)."""

    headers_to_send: list[tuple[str, str]] = []

    def do_GET(self):  # noqa: N802 -- the standard library's name
        self.send_response(200)
        for name, value in self.headers_to_send:
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx_in_front(tmp_path):
    """nginx with deploy/nginx/portal.conf as it is, the download files in a folder of the test's; returns (port,
    snapshot folder)."""
    nginx.require_nginx()
    folder = tmp_path / "served-by-nginx"
    folder.mkdir()
    app = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    port = free_port()
    files = ("/srv/portal/media/registry-snapshots/", f"{folder}/")
    (tmp_path / "portal.conf").write_text(
        nginx.portal_conf(tmp_path, port=port, app_port=app.server_address[1], replace=(files,))
    )
    process = nginx.start(nginx.main_conf(tmp_path, f"include {tmp_path}/portal.conf;", connections=64), port)
    yield port, folder
    process.terminate()
    process.wait(timeout=10)
    app.shutdown()
    app.server_close()


def _get(port: int, headers=None):
    import http.client  # noqa: PLC0415 -- used by this test only

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", URL, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        connection.close()


def test_behind_nginx_a_byte_range_is_answered_206_and_one_past_the_end_416(
    client, served_file, snapshot_dir, settings, nginx_in_front
):
    port, folder = nginx_in_front
    settings.REGISTRY_SNAPSHOT_ACCEL_PREFIX = "/_registry-files/"
    answer = client.get(URL)
    assert answer.status_code == 200 and answer.content == b"" and "Accept-Ranges" not in answer  # nginx says
    for name in snapshot_dir.iterdir():
        shutil.copy(name, folder / name.name)
    Replay.headers_to_send = [(k, v) for k, v in answer.items() if k.lower() not in ("content-length",)]
    size = len(served_file)

    status, headers, body = _get(port)
    assert status == 200 and body == served_file and headers["Accept-Ranges"] == "bytes"
    for name in ("X-Row-Count", "X-Checksum-SHA256", "Digest", "Content-Disposition"):  # passed on by nginx
        assert headers[name] == answer[name], name
    assert headers["X-Content-Type-Options"] == "nosniff"

    status, headers, body = _get(port, {"Range": "bytes=10-"})  # resuming after the first 10 bytes
    assert status == 206 and body == served_file[10:]
    assert headers["Content-Range"] == f"bytes 10-{size - 1}/{size}" and headers["X-Row-Count"] == "3"

    status, headers, body = _get(port, {"Range": "bytes=0-9"})
    assert status == 206 and body == served_file[:10] and headers["Content-Range"] == f"bytes 0-9/{size}"

    status, headers, _ = _get(port, {"Range": f"bytes={size}-"})  # past the end
    assert status == 416 and headers["Content-Range"] == f"bytes */{size}"

"""Debian's nginx with deploy/nginx/portal.conf in front of a stand-in application: what nginx answers itself
(a NUL byte in the path, a body over client_max_body_size, the application down) is the portal's own page with
the hotline (JSON under /api/), never nginx's bare page; and the application learns the host with its port."""

import http.client
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.staticfiles import finders

from taskforce.testing import nginx
from taskforce.testing.redis import free_port


class EchoHost(BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers with the Host header the proxy passed on."""

    def do_GET(self):  # noqa: N802 -- the standard library's name
        body = self.headers.get("Host", "").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _error_pages_folder(tmp_path) -> str:
    """One folder holding errors/<status>.html (rendered) and errors/<status>.json (static), as STATIC_ROOT would."""
    folder = tmp_path / "errors"
    folder.mkdir()
    for name in ("400", "404", "413", "502", "504"):
        for kind in ("html", "json"):
            shutil.copy(finders.find(f"errors/{name}.{kind}"), folder / f"{name}.{kind}")
    return str(folder)


def _start_nginx(tmp_path, app_port: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    # The pages collectstatic writes into STATIC_ROOT, served here from where the finders find them.
    errors = ("/srv/portal/staticfiles/errors/", f"{_error_pages_folder(tmp_path)}/")
    (tmp_path / "portal.conf").write_text(nginx.portal_conf(tmp_path, port=port, app_port=app_port, replace=(errors,)))
    conf = nginx.main_conf(tmp_path, f"include {tmp_path}/portal.conf;", connections=64)
    return nginx.start(conf, port), port


@pytest.fixture
def proxy(tmp_path):
    """(nginx port, stand-in application port); the application answers until `stop` is called."""
    nginx.require_nginx()
    app = ThreadingHTTPServer(("127.0.0.1", 0), EchoHost)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    process, port = _start_nginx(tmp_path, app.server_address[1])
    yield port, app
    process.terminate()
    process.wait(timeout=10)
    app.server_close()


def _request(port: int, method: str, path: str, body: bytes | None = None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read().decode(errors="replace")
    finally:
        connection.close()


def test_the_application_learns_the_host_with_its_port(proxy):
    """Absolute links (API, feeds) are built from the Host the proxy passes on: it must keep the port."""
    port, _app = proxy
    status, _headers, body = _request(port, "GET", "/en/registry/")
    assert status == 200
    assert body == f"127.0.0.1:{port}", f"FINDING: behind the proxy the application sees Host {body!r}"


def _assert_our_page(status, headers, body, expected_status, where):
    assert status == expected_status, f"{where}: {status}"
    assert "1-833-900-1010" in body, f"FINDING: {where} answers nginx's own page: {body[:200]!r}"
    assert "nginx" not in body.lower()
    assert "911" in body
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", "")


def _assert_json(status, headers, body, expected_status, where):
    import json  # noqa: PLC0415 -- used by this test only

    assert status == expected_status, f"{where}: {status}"
    assert headers.get("Content-Type", "").startswith("application/json"), f"FINDING: {where} answers {body[:200]!r}"
    assert set(json.loads(body)) == {"detail"}


def test_a_nul_byte_in_the_path_gets_our_400_page(proxy):
    port, _app = proxy
    _assert_our_page(*_request(port, "GET", "/en/registry/HT-DEMO001%00/"), 400, "a NUL byte in the path")
    _assert_json(*_request(port, "GET", "/api/registry/HT-DEMO001%00/"), 400, "a NUL byte in an API path")


def test_a_request_line_longer_than_nginx_reads_gets_our_page(proxy):
    port, _app = proxy
    status, headers, body = _request(port, "GET", "/en/registry/?page=" + "9" * 12000)
    _assert_our_page(status, headers, body, 414, "a request line over nginx's buffers")
    assert headers.get("Referrer-Policy") == "no-referrer", "the same referrer policy as every other page"


def test_a_body_over_the_proxy_limit_gets_our_413_page(proxy):
    port, _app = proxy
    big = b"a" * (21 * 1024 * 1024)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    _assert_our_page(*_request(port, "POST", "/en/tips/report/", big, headers), 413, "a body over the limit")
    _assert_json(*_request(port, "POST", "/api/registry/", big, headers), 413, "an API body over the limit")


def test_the_application_down_gets_our_502_page(proxy):
    port, app = proxy
    app.shutdown()
    app.server_close()
    _assert_our_page(*_request(port, "GET", "/en/registry/"), 502, "the application down")
    _assert_json(*_request(port, "GET", "/api/registry/"), 502, "the API down")


def test_what_nginx_refuses_itself_is_our_404_page(proxy):
    """The error pages' own folder from outside, and the uploads nginx never serves (media.conf): our 404."""
    port, _app = proxy
    _assert_our_page(*_request(port, "GET", "/errors/400.html"), 404, "the error pages' folder from outside")
    _assert_our_page(*_request(port, "GET", "/media/tips/0123.bin"), 404, "a tip file under /media/")

"""HTTP as proxies, load balancers and browsers use it: HEAD wherever GET works, nothing private kept in a cache,
security headers on static files too, and a Server header that names no software."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from publications.tests.factories import build_downloads

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/healthz", "/en/", "/fr/", "/en/action-plan/", "/en/registry/", "/api/registry/"])
def test_head_answers_like_get_without_a_body(client, path):
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head["Content-Length"] == str(len(get.content))  # what GET would send, and no body


def test_head_on_a_streamed_export_produces_nothing(client, settings, tmp_path):
    settings.REGISTRY_SNAPSHOT_DIR = str(tmp_path)
    build_downloads()  # the whole registry's file, as the background task builds it
    response = client.head("/en/registry/business-registry.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content) == b""


def test_head_is_still_refused_where_get_is(client):
    assert client.head("/en/accounts/logout/").status_code == 405


def test_signed_in_pages_are_never_stored_public_ones_may_be(client, coordinator, login_as):
    assert "no-store" not in client.get("/en/action-plan/").get("Cache-Control", "")
    login_as(coordinator)
    for path in ("/en/staff/", "/en/action-plan/", "/en/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], path


def test_token_answers_are_never_stored_and_vary_by_authorization(client, coordinator):
    from taskforce.accounts.services import api_token_issue  # noqa: PLC0415 -- used by this test only

    key = api_token_issue(user=coordinator)
    response = client.get("/api/action-items/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]
    anonymous = client.get("/api/registry/")
    assert "Authorization" in anonymous["Vary"], "a cache must not serve the anonymous answer to a token"


def test_static_files_carry_the_security_headers(settings):
    from django.test import Client  # noqa: PLC0415 -- used by this test only

    settings.WHITENOISE_USE_FINDERS = True  # WhiteNoise serves from the finders, as from STATIC_ROOT in production
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/portal.css")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("no-referrer", "same-origin")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not Path(sys.executable).with_name("gunicorn").exists(), reason="gunicorn is not installed")
def test_gunicorn_with_the_deploy_config_answers_head_and_names_no_software(tmp_path):
    """The README's production command: gunicorn -c deploy/gunicorn.conf.py taskforce.wsgi."""
    import http.client  # noqa: PLC0415 -- used by this test only

    port = _free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "taskforce.settings.production",
        "SECRET_KEY": "a-production-secret-key-that-is-long-enough-for-the-deploy-check-1234567890",
        "FIELD_ENCRYPTION_KEYS": "Sfgq-PGkBz_zp9paJzngz7j5k7wOF4yjaNljATihjig=",
        "HASH_KEY": "a-production-hash-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "ALLOW_NO_REDIS": "true",  # one process, no broker: what this test starts
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "taskforce.wsgi"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("HEAD", "/healthz")
                response = conn.getresponse()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        body = response.read()
        assert response.status == 200 and body == b""
        assert "gunicorn" not in (response.getheader("Server") or "").lower()
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=10)
    # gunicorn warns on every HEAD answer that carries a body: a load balancer's probes would flood the log.
    assert b"no-body response" not in errors, errors.decode()[-500:]

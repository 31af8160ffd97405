"""Readiness, liveness and drain (issue 22): what a load balancer and an operator's rolling update rely on."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_head_with_no_body(client):
    response = client.head("/healthz")
    assert response.status_code == 200 and response.content == b""


def test_readiness_fails_when_the_broker_is_down_but_liveness_answers(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    assert client.get("/healthz").status_code == 503
    live = client.get("/healthz?live")
    assert live.status_code == 200 and live.json() == {"status": "alive"}
    assert client.head("/healthz?live").status_code == 200


def test_a_drain_file_turns_readiness_off_and_leaves_liveness_on(client, settings, tmp_path):
    settings.DRAIN_FILE = str(tmp_path / "drain")
    assert client.get("/healthz").status_code == 200  # named, but not there: serving
    (tmp_path / "drain").touch()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json() == {"status": "draining"}
    assert client.head("/healthz").status_code == 503
    assert client.get("/healthz?live").status_code == 200
    # the node still serves the requests that reach it (those under way, and the proxy's until it notices)
    assert client.get("/en/hotlines/").status_code == 200
    (tmp_path / "drain").unlink()
    assert client.get("/healthz").status_code == 200


def test_no_drain_file_named_means_never_draining(client, settings):
    settings.DRAIN_FILE = ""
    assert client.get("/healthz").status_code == 200

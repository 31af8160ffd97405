"""Public pages: languages, security headers, no cookies, styled errors, health."""

import pytest
from django.test import override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("kaboom")


from taskforce.urls import urlpatterns as portal_urlpatterns  # noqa: E402

urlpatterns = [path("boom/", boom), *portal_urlpatterns]


@pytest.mark.parametrize("path", ["/en/", "/fr/", "/en/privacy/", "/fr/accessibility/"])
def test_public_pages_carry_security_headers_and_no_cookie(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
    assert not response.cookies, f"{path} set cookies: {list(response.cookies)}"


def test_every_public_page_shows_safety_lines(client):
    html = client.get("/en/").content.decode()
    assert "In immediate danger? Call 911" in html
    assert "Leave this site quickly" in html
    assert "1-833-900-1010" in html
    assert 'href="/en/privacy/"' in html and 'href="/en/accessibility/"' in html


def test_unprefixed_path_redirects_by_browser_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA").headers["Location"] == "/fr/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-CA").headers["Location"] == "/en/"


def test_language_link_keeps_the_page(client):
    html = client.get("/en/privacy/").content.decode()
    assert 'href="/fr/privacy/"' in html


def test_french_home_is_in_french(client):
    html = client.get("/fr/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "En danger immédiat? Composez le 911" in html
    assert "Quitter ce site rapidement" in html


def test_404_is_styled_and_keeps_the_hotline(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html and "1-833-900-1010" in html


@override_settings(ROOT_URLCONF=__name__)
def test_500_is_styled_and_shows_no_traceback(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "kaboom" not in html and "Traceback" not in html


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["broker"] in ("ok", "in-process")


def test_healthz_is_503_when_the_broker_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "unavailable"}


def test_api_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn." not in html and "unpkg" not in html


def test_api_json_nested_too_deeply_is_a_parse_error_not_a_crash():
    import io  # noqa: PLC0415 -- used by this test only

    from rest_framework.exceptions import ParseError  # noqa: PLC0415 -- used by this test only

    from taskforce.parsers import JSONParser  # noqa: PLC0415 -- used by this test only

    body = ("[" * 5000 + "]" * 5000).encode()
    with pytest.raises(ParseError):
        JSONParser().parse(io.BytesIO(body), "application/json", {})

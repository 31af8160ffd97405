"""PostgreSQL out of reach: the drill puts a TCP proxy of its own between Django and the database server and cuts
it (the shared server is never stopped). Pages answer with the styled 503 page that still gives the hotline
numbers, /healthz says so, and a write cut off half-way leaves nothing behind."""

import time

import pytest
from django.core.signals import request_started
from django.db import close_old_connections, connections
from django.db.models.signals import post_save
from django.test import Client

from taskforce.testing.auth import login
from taskforce.testing.plugin import missing

from ..services import TCPProxy
from .helpers import REPORT_URL, TOKEN_RE, tip_form

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = ["/en/registry/", "/en/action-plan/", "/en/hotlines/", "/en/publications/"]


@pytest.fixture
def database(transactional_db, seeded):
    """Django's connection goes through a proxy the test can cut. Restored (and reconnected) afterwards."""
    conn = connections["default"]
    if conn.vendor != "postgresql":
        missing("this drill cuts the road to PostgreSQL (set DATABASE_URL)")
    original = (conn.settings_dict["HOST"], conn.settings_dict["PORT"])
    proxy = TCPProxy(original[0] or "127.0.0.1", int(original[1] or 5432)).start()
    conn.close()
    conn.settings_dict["HOST"], conn.settings_dict["PORT"] = "127.0.0.1", proxy.port
    yield proxy
    proxy.restore()
    conn.close()
    conn.settings_dict["HOST"], conn.settings_dict["PORT"] = original
    proxy.stop()


@pytest.fixture
def client():
    """The test client, with two things put back as a real server has them: connections that failed are dropped at
    the start of each request (Django's handler does it; the test client turns it off), and an exception that
    would become a 500 page comes back as that page instead of being raised into the test."""
    request_started.connect(_drop_failed_connections)
    yield Client(raise_request_exception=False)
    request_started.disconnect(_drop_failed_connections)


def _drop_failed_connections(**kwargs):
    close_old_connections()


def assert_unavailable_page(response):
    html = response.content.decode()
    assert response.status_code == 503, f"{response.request['PATH_INFO']} answered {response.status_code}"
    assert "temporarily unavailable" in html
    assert "1-833-900-1010" in html and 'href="tel:18339001010"' in html
    assert response["Retry-After"] and "no-store" in response["Cache-Control"]


def assert_refused_with_the_text_kept(response):
    """A tip that could not be saved: 503, the form given back with what the person typed, the national line."""
    page = response.content.decode()
    assert response.status_code == 503, page[:300]
    assert tip_form(1)["what_happened"] in page and "1-833-900-1010" in page
    assert "no-store" in response["Cache-Control"] and not response.cookies


def test_public_pages_answer_503_with_the_hotlines_while_the_database_is_out_of_reach(client, database):
    for path in PUBLIC_PAGES:
        assert client.get(path).status_code == 200

    database.cut()
    for path in PUBLIC_PAGES:
        assert_unavailable_page(client.get(path))
    french = client.get("/fr/registry/")
    assert french.status_code == 503 and 'lang="fr"' in french.content.decode()
    # The tip form needs no database to be drawn: a person can still write (and is told, on sending, to call).
    form = client.get(REPORT_URL)
    assert form.status_code == 200 and "1-833-900-1010" in form.content.decode()

    database.restore()
    for path in PUBLIC_PAGES:
        assert client.get(path).status_code == 200


def test_a_signed_in_coordinator_also_gets_the_unavailable_page(client, database, coordinator):
    login(client, coordinator)
    assert client.get("/en/action-plan/").status_code == 200

    database.cut()
    assert_unavailable_page(client.get("/en/action-plan/"))


def test_healthz_reports_the_database_and_recovers(client, database):
    assert client.get("/healthz").json()["database"] == "ok"

    database.cut()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable" and response.json()["status"] == "unavailable"

    database.restore()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"


def _opened_form(client) -> str:
    token = TOKEN_RE.search(client.get(REPORT_URL).content.decode()).group(1)
    from tips import conf  # noqa: PLC0415 -- used by this test only

    time.sleep(conf.min_fill_seconds() + 0.2)
    return token


def test_a_tip_sent_while_the_database_is_out_of_reach_is_refused_clearly_and_nothing_is_saved(client, database):
    from tips.models import Tip  # noqa: PLC0415 -- used by this test only

    token = _opened_form(client)
    database.cut()
    assert_refused_with_the_text_kept(client.post(REPORT_URL, {**tip_form(1), "form_token": token}))
    database.restore()
    assert not Tip.objects.exists()


@pytest.fixture
def cut_after_first_save(database):
    """Cut the database road right after the first row of `model` is written, inside the request's transaction."""
    receivers = []

    def arm(model):
        def cut(sender, **kwargs):
            post_save.disconnect(cut, sender=model)
            database.cut()

        receivers.append((cut, model))
        post_save.connect(cut, sender=model, weak=False)

    yield arm
    for receiver, model in receivers:
        post_save.disconnect(receiver, sender=model)


def test_a_tip_cut_off_half_way_through_saving_leaves_nothing_half_saved(client, database, cut_after_first_save):
    from tips.models import AccessLogEntry, Delivery, Tip  # noqa: PLC0415 -- used by this test only

    token = _opened_form(client)
    cut_after_first_save(Tip)

    assert_refused_with_the_text_kept(client.post(REPORT_URL, {**tip_form(1), "form_token": token}))

    database.restore()
    assert not Tip.objects.exists()
    assert not Delivery.objects.exists() and not AccessLogEntry.objects.exists()


def test_an_action_plan_update_cut_off_half_way_leaves_the_item_as_it_was(client, database, cut_after_first_save):
    from actionplan.models import ActionItem, Status, StatusUpdate  # noqa: PLC0415 -- used by this test only
    from taskforce import roles  # noqa: PLC0415 -- used by this test only
    from taskforce.models import User  # noqa: PLC0415 -- used by this test only

    item = (
        ActionItem.objects.filter(parent__isnull=True, lead_organization__memberships__user__groups__name=roles.MEMBER)
        .select_related("lead_organization", "plan")
        .first()
    )
    assert item is not None, "the demo data has an item led by an organization with a member"
    before = (item.status, item.progress, item.version, StatusUpdate.objects.filter(item=item).count())
    member = User.objects.filter(groups__name=roles.MEMBER, memberships__organization=item.lead_organization).first()
    login(client, member)
    page = client.get(f"/en/action-plan/staff/{item.url_key}/update/")
    assert page.status_code == 200
    new_status = Status.CHALLENGES if item.status != Status.CHALLENGES else Status.ON_TRACK
    cut_after_first_save(StatusUpdate)

    response = client.post(
        f"/en/action-plan/staff/{item.url_key}/update/",
        {"status": new_status, "progress": item.progress, "reason": "Drill: cut half-way.", "version": item.version},
    )

    assert_unavailable_page(response)
    database.restore()
    item.refresh_from_db()
    after = (item.status, item.progress, item.version, StatusUpdate.objects.filter(item=item).count())
    assert after == before

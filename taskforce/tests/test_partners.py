"""Partner API clients: keys hashed at rest, shown once, revocable; the coordinator's pages and nobody else's; every
exchange logged with ids only."""

import datetime as dt

import pytest
from django.utils import timezone
from knox.crypto import hash_token
from rest_framework.test import APIClient

from taskforce import partners, roles
from taskforce.audit import AppendOnlyError
from taskforce.models import PartnerClient, PartnerExchange, PartnerKey

pytestmark = pytest.mark.django_db
STATS = "/api/partners/statistics/"


@pytest.fixture
def client_a(org_a, coordinator):
    return partners.partner_client_create(
        actor=coordinator, organization=org_a, name="Statistics feed", can_read_statistics=True, can_submit_values=False
    )


def api_with(key: str, keyword: str = "Partner") -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return api


# ----- keys -----------------------------------------------------------------------------------------------------


def test_a_key_is_kept_as_a_digest_only(client_a, coordinator):
    row, key = partners.partner_key_issue(actor=coordinator, client=client_a)
    stored = PartnerKey.objects.get(pk=row.pk)
    assert len(key) == 64  # 32 random bytes
    assert stored.prefix == key[:8]
    assert stored.digest == hash_token(key)
    assert key not in (stored.digest, stored.prefix)
    assert partners.partner_key_find(key) == stored


def test_only_a_coordinator_creates_clients_and_issues_keys(org_a, member_a, client_a):
    with pytest.raises(partners.PermissionDenied):
        partners.partner_client_create(
            actor=member_a, organization=org_a, name="x", can_read_statistics=True, can_submit_values=False
        )
    with pytest.raises(partners.PermissionDenied):
        partners.partner_key_issue(actor=member_a, client=client_a)


def test_a_revoked_key_or_client_is_a_401(client_a, coordinator):
    row, key = partners.partner_key_issue(actor=coordinator, client=client_a)
    assert api_with(key).get(STATS).status_code == 200
    partners.partner_key_revoke(actor=coordinator, key=row)
    assert api_with(key).get(STATS).status_code == 401
    _row2, key2 = partners.partner_key_issue(actor=coordinator, client=client_a)
    assert api_with(key2, "Bearer").get(STATS).status_code == 200
    partners.partner_client_revoke(actor=coordinator, client=client_a)
    answer = api_with(key2).get(STATS)
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "Partner"


def test_a_revoked_client_gets_no_new_key(client_a, coordinator):
    partners.partner_client_revoke(actor=coordinator, client=client_a)
    with pytest.raises(partners.ValidationError):
        partners.partner_key_issue(actor=coordinator, client=client_a)


@pytest.mark.parametrize("header", ["Partner", "Partner a b", "Partner nothex!", "Partner " + "0" * 64, "Bearer zz"])
def test_junk_and_unknown_keys_are_a_401(client_a, header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    assert api.get(STATS).status_code == 401


def test_no_key_is_a_401():
    assert APIClient().get(STATS).status_code == 401


def test_a_staff_token_is_not_a_partner_key(make_user, org_a):
    from taskforce.accounts.services import api_token_issue  # noqa: PLC0415 -- used by this test only

    token = api_token_issue(user=make_user(roles.MEMBER, orgs=[org_a]))
    for keyword in ("Token", "Partner", "Bearer"):
        assert api_with(token, keyword).get(STATS).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client_a, coordinator, django_assert_num_queries):
    row, key = partners.partner_key_issue(actor=coordinator, client=client_a)
    api = api_with(key)
    api.get(STATS)
    first = PartnerKey.objects.get(pk=row.pk).last_used_at
    assert first is not None
    api.get(STATS)
    assert PartnerKey.objects.get(pk=row.pk).last_used_at == first
    PartnerKey.objects.filter(pk=row.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    api.get(STATS)
    assert PartnerKey.objects.get(pk=row.pk).last_used_at > first - dt.timedelta(minutes=1)


# ----- the log ----------------------------------------------------------------------------------------------------


def test_every_exchange_is_logged_without_payload(client_a, coordinator):
    row, key = partners.partner_key_issue(actor=coordinator, client=client_a)
    api_with(key).get(STATS + "?q=secret-text")
    api_with(key).get(STATS + "no-such-dataset/")
    logged = list(PartnerExchange.objects.order_by("id"))
    assert [(e.method, e.endpoint, e.status_code) for e in logged] == [
        ("GET", STATS, 200),
        ("GET", STATS + "no-such-dataset/", 404),
    ]
    assert all(e.key_id == row.pk and e.client_id == client_a.pk for e in logged)
    assert "secret-text" not in str([(e.endpoint, e.record_ids) for e in logged])


def test_a_revoked_key_still_in_use_is_logged_as_a_401_without_the_key(client_a, coordinator):
    row, key = partners.partner_key_issue(actor=coordinator, client=client_a)
    other, other_key = partners.partner_key_issue(actor=coordinator, client=client_a)
    partners.partner_key_revoke(actor=coordinator, key=row)
    assert api_with(key).get(STATS + "?q=secret-text").status_code == 401
    partners.partner_client_revoke(actor=coordinator, client=client_a)
    assert api_with(other_key, "Bearer").post(STATS, {"value": "secret-text"}, format="json").status_code == 401
    logged = list(PartnerExchange.objects.order_by("id"))
    assert [(e.key_id, e.client_id, e.method, e.endpoint, e.status_code) for e in logged] == [
        (row.pk, client_a.pk, "GET", STATS, 401),
        (other.pk, client_a.pk, "POST", STATS, 401),
    ]
    kept = str([(e.endpoint, e.record_ids) for e in logged])
    assert key not in kept and other_key not in kept and "secret-text" not in kept


def test_a_key_that_matches_none_files_nothing_under_any_client(client_a, coordinator):
    """A wrong key, even one that starts like a real key, is a 401 with no client to file it under (the access log
    keeps it): a stranger cannot fill a partner's log."""
    row, key = partners.partner_key_issue(actor=coordinator, client=client_a)
    wrong = key[:8] + ("0" if key[8] != "0" else "1") + key[9:]
    assert api_with(wrong).get(STATS).status_code == 401
    assert api_with("f" * 64).get(STATS).status_code == 401
    assert not PartnerExchange.objects.exists()


def test_the_log_is_append_only(client_a, coordinator):
    row, _key = partners.partner_key_issue(actor=coordinator, client=client_a)
    entry = partners.partner_exchange_record(key=row, method="GET", endpoint=STATS, status_code=200)
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        PartnerExchange.objects.update(status_code=500)


# ----- the coordinator's pages ------------------------------------------------------------------------------------


def staff_pages(client_id, key_id):
    return [
        ("get", "/en/staff/partners/"),
        ("get", "/en/staff/partners/new/"),
        ("post", "/en/staff/partners/new/"),
        ("get", "/en/staff/partners/exchanges/"),
        ("get", f"/en/staff/partners/{client_id}/"),
        ("post", f"/en/staff/partners/{client_id}/keys/"),
        ("post", f"/en/staff/partners/{client_id}/keys/{key_id}/revoke/"),
        ("post", f"/en/staff/partners/{client_id}/scopes/"),
        ("post", f"/en/staff/partners/{client_id}/revoke/"),
    ]


@pytest.mark.parametrize("who", ["member_a", "member_b", "outsider"])
def test_the_pages_are_forbidden_to_everyone_but_coordinators(request, client, login_as, client_a, coordinator, who):
    row, _key = partners.partner_key_issue(actor=coordinator, client=client_a)
    login_as(request.getfixturevalue(who))
    for method, url in staff_pages(client_a.pk, row.pk):
        assert getattr(client, method)(url).status_code == 403, url
    assert PartnerKey.objects.filter(revoked_at__isnull=True).count() == 1
    assert PartnerClient.objects.filter(revoked_at__isnull=True, can_read_statistics=True).count() == 1


def test_the_pages_ask_a_visitor_to_sign_in(client, client_a):
    for method, url in staff_pages(client_a.pk, 1):
        assert getattr(client, method)(url).status_code == 302, url
    assert PartnerKey.objects.count() == 0


def test_a_coordinator_creates_a_client_issues_a_key_once_and_revokes_it(client, login_as, coordinator, org_b):
    login_as(coordinator)
    assert "Create a client" in client.get("/en/staff/partners/").content.decode()
    refused = client.post("/en/staff/partners/new/", {"organization": org_b.pk, "name": ""})
    assert refused.status_code == 400
    made = client.post(
        "/en/staff/partners/new/", {"organization": org_b.pk, "name": "Hotline feed", "can_submit_values": "on"}
    )
    new = PartnerClient.objects.get()
    assert made.status_code == 302 and made["Location"].endswith(f"/staff/partners/{new.pk}/")
    assert (new.organization, new.can_read_statistics, new.can_submit_values) == (org_b, False, True)
    assert new.created_by == coordinator
    issued = client.post(f"/en/staff/partners/{new.pk}/keys/")
    key = PartnerKey.objects.get()
    page = issued.content.decode()
    secret = page.split('id="partner-key">')[1].split("<")[0]
    assert key.digest == hash_token(secret)
    assert secret not in client.get(f"/en/staff/partners/{new.pk}/").content.decode()  # shown once
    assert client.get("/en/staff/partners/exchanges/").status_code == 200
    client.post(f"/en/staff/partners/{new.pk}/keys/{key.pk}/revoke/")
    assert PartnerKey.objects.get().revoked_at is not None
    client.post(f"/en/staff/partners/{new.pk}/revoke/")
    assert PartnerClient.objects.get().revoked_at is not None


def test_the_client_page_in_french(client, login_as, coordinator, client_a):
    partners.partner_key_issue(actor=coordinator, client=client_a)
    login_as(coordinator)
    page = client.get(f"/fr/staff/partners/{client_a.pk}/")
    assert page.status_code == 200


def test_the_list_of_exchanges_takes_a_flat_number_of_queries(client, login_as, coordinator, client_a):
    from django.db import connection  # noqa: PLC0415 -- used by this test only
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- used by this test only

    login_as(coordinator)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/en/staff/partners/").status_code == 200
            assert client.get("/en/staff/partners/exchanges/").status_code == 200
            assert client.get(f"/en/staff/partners/{client_a.pk}/").status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        row, _key = partners.partner_key_issue(actor=coordinator, client=client_a)
        for _ in range(n):
            partners.partner_exchange_record(key=row, method="GET", endpoint=STATS, status_code=200)

    add(1)
    once = queries()
    for _ in range(9):
        add(2)
    assert queries() == once


def test_timestamps_are_now(client_a):
    assert abs(client_a.created_at - timezone.now()) < dt.timedelta(minutes=1)


def test_a_coordinator_chooses_the_indicators_a_client_may_submit_for(client, login_as, coordinator, org_b):
    from actionplan import services  # noqa: PLC0415 -- used by this test only
    from actionplan.tests.factories import ActionItemFactory, PlanFactory  # noqa: PLC0415

    item = ActionItemFactory(plan=PlanFactory(), number=1, slug="first", lead_organization=org_b)
    indicator = services.indicator_add(
        actor=coordinator,
        item=item,
        slug="calls",
        name="Calls answered",
        unit="count",
        baseline_value=1,
        baseline_date=timezone.localdate() - dt.timedelta(days=30),
        target_value=5,
        target_date=timezone.localdate() + dt.timedelta(days=30),
        reason="Calls the partner counts.",
    )
    login_as(coordinator)
    refused = client.post(
        "/en/staff/partners/new/", {"organization": org_b.pk, "name": "Feed", "indicators": [indicator.pk]}
    )
    assert refused.status_code == 400 and not PartnerClient.objects.exists()  # indicators without the scope
    client.post(
        "/en/staff/partners/new/",
        {"organization": org_b.pk, "name": "Feed", "can_submit_values": "on", "indicators": [indicator.pk]},
    )
    made = PartnerClient.objects.get()
    assert list(made.indicators.all()) == [indicator]
    assert "<code>calls</code>" in client.get(f"/en/staff/partners/{made.pk}/").content.decode()


def test_a_coordinator_changes_what_a_client_may_do_and_its_key_follows(client, login_as, coordinator, client_a):
    _row, key = partners.partner_key_issue(actor=coordinator, client=client_a)
    partner = api_with(key)
    assert partner.get(STATS).status_code == 200
    login_as(coordinator)
    page = client.get(f"/en/staff/partners/{client_a.pk}/").content.decode()
    assert f"/staff/partners/{client_a.pk}/scopes/" in page and "What it may do" in page
    changed = client.post(f"/en/staff/partners/{client_a.pk}/scopes/", {"can_submit_values": "on"})
    assert changed.status_code == 302 and changed["Location"].endswith(f"/staff/partners/{client_a.pk}/")
    client_a.refresh_from_db()
    assert (client_a.can_read_statistics, client_a.can_submit_values) == (False, True)
    assert partner.get(STATS).status_code == 403  # the same key, no longer allowed to read
    client.post(f"/en/staff/partners/{client_a.pk}/scopes/", {"can_read_statistics": "on"})
    assert partner.get(STATS).status_code == 200


def test_a_revoked_client_keeps_its_scopes_and_stays_revoked(client, login_as, coordinator, client_a):
    partners.partner_client_revoke(actor=coordinator, client=client_a)
    login_as(coordinator)
    refused = client.post(f"/en/staff/partners/{client_a.pk}/scopes/", {"can_submit_values": "on"})
    assert refused.status_code == 400 and "has been revoked" in refused.content.decode()
    client_a.refresh_from_db()
    assert (client_a.can_read_statistics, client_a.can_submit_values) == (True, False)


def test_a_long_requested_path_is_cut_short_in_the_coordinator_s_lists(client, login_as, coordinator, client_a):
    """Anyone holding a key chooses the paths it asks for: a 500-character one must not stretch the staff pages."""
    _row, key = partners.partner_key_issue(actor=coordinator, client=client_a)
    api_with(key).get(STATS + "x" * 500 + "/")
    login_as(coordinator)
    for url in ("/en/staff/partners/exchanges/", f"/en/staff/partners/{client_a.pk}/"):
        page = client.get(url).content.decode()
        assert "x" * 130 not in page and "x" * 90 in page and 'class="text-break"' in page
        assert client_a.organization.name in page

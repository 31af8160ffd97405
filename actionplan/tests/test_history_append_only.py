"""History entries cannot be edited or deleted: not through the site, the API, the admin, nor the model layer."""

import pytest
from django.urls import reverse

from actionplan.models import HistoryIsAppendOnly, StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(item, member_a, post_update):
    return post_update(item, member_a, progress=40, reason="Original reason")


@pytest.fixture
def superuser(make_user, org_a):
    return make_user(orgs=[org_a], is_staff=True, is_superuser=True, email="root@example.org")


def _unchanged(entry):
    fresh = StatusUpdate.objects.get(id=entry.id)
    assert (fresh.reason, fresh.new_progress) == ("Original reason", 40)


def test_the_history_cannot_be_deleted_through_its_item(entry, item):
    """The model layer's other refusals (save, delete, update) are taskforce/tests/test_audit.py's, for every
    audit table; this is the way in through the item's related manager."""
    with pytest.raises(HistoryIsAppendOnly):
        item.updates.all().delete()
    _unchanged(entry)


def test_an_item_with_history_cannot_be_deleted(entry, item):
    from django.db.models import ProtectedError  # noqa: PLC0415 -- used by this test only

    with pytest.raises(ProtectedError):
        item.delete()
    _unchanged(entry)


def test_admin_shows_history_read_only_even_to_a_superuser(entry, superuser, login_as, client):
    login_as(superuser)
    change_url = reverse("admin:actionplan_statusupdate_change", args=[entry.id])
    page = client.get(change_url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(change_url, {"reason": "Rewritten", "new_progress": 90}).status_code == 403
    assert client.get(reverse("admin:actionplan_statusupdate_delete", args=[entry.id])).status_code == 403
    assert (
        client.post(reverse("admin:actionplan_statusupdate_delete", args=[entry.id]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:actionplan_statusupdate_add")).status_code == 403
    changelist = client.post(
        reverse("admin:actionplan_statusupdate_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.id], "post": "yes"},
    )
    assert changelist.status_code in (200, 302, 403)
    _unchanged(entry)


def test_admin_item_page_does_not_offer_status_or_history_editing(entry, item, superuser, login_as, client):
    login_as(superuser)
    page = client.get(reverse("admin:actionplan_actionitem_change", args=[item.id])).content.decode()
    assert 'name="status"' not in page and 'name="progress"' not in page and 'name="version"' not in page
    assert "updates-0-reason" not in page and "Original reason" in page
    assert (
        client.post(reverse("admin:actionplan_actionitem_delete", args=[item.id]), {"post": "yes"}).status_code == 403
    )
    _unchanged(entry)


def test_api_offers_no_way_to_change_or_delete_history(entry, item, coordinator, client):
    from taskforce.testing.auth import login  # noqa: PLC0415 -- used by this test only

    login(client, coordinator)
    url = f"/api/action-items/{item.slug}/"
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(url, data={"history": []}, content_type="application/json")
        assert response.status_code == 405, method
    assert client.post("/api/action-items/", {}, content_type="application/json").status_code == 405
    _unchanged(entry)


def test_site_has_no_edit_or_delete_page_for_history(entry, item, coordinator, login_as, client):
    login_as(coordinator)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Original reason" in page
    # The coordinator's item edit form changes text only; posting history fields to it changes no entry.
    client.post(
        reverse("actionplan:item_edit", args=[item.url_key]),
        {
            "title": "t",
            "description": "d",
            "lead_organization": item.lead_organization_id,
            "weight": 1,
            "version": 2,
            "reason": "Rewritten",
            "updates-0-reason": "Rewritten",
        },
    )
    _unchanged(entry)
    assert StatusUpdate.objects.count() == 1


def test_the_database_refuses_a_raw_update(entry):
    from django.db import DatabaseError, connection, transaction  # noqa: PLC0415 -- used by this test only

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE actionplan_statusupdate SET reason = 'Rewritten' WHERE id = %s", [entry.id])
    _unchanged(entry)


def test_postgresql_refuses_a_raw_delete(entry):
    from django.db import DatabaseError, connection, transaction  # noqa: PLC0415 -- used by this test only

    from taskforce.testing.plugin import missing  # noqa: PLC0415 -- used by this test only

    if connection.vendor != "postgresql":
        missing("the DELETE guard is a PostgreSQL trigger (set DATABASE_URL)")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM actionplan_statusupdate WHERE id = %s", [entry.id])
    _unchanged(entry)

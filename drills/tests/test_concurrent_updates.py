"""Two people change the same action item or registry entry at the same time: neither change is lost silently.

Each write names the version it started from; the first one wins and the second is told the item changed
(a form error on the page, HTTP 409 in the API). Also with the two writes truly simultaneous, in two threads
on two database connections.
"""

import threading

import pytest
from django.db import connection

from taskforce import roles
from taskforce.exceptions import Conflict
from taskforce.testing.auth import login
from taskforce.testing.plugin import missing

pytestmark = pytest.mark.django_db(transaction=True)

CHANGED = "changed since you opened it"


def _simultaneously(*calls):
    """Run the calls at the same moment in threads (each with its own connection); return result or exception."""
    if connection.vendor != "postgresql":
        missing("two simultaneous writers need a real database server (set DATABASE_URL to PostgreSQL)")
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(n, call):
        try:
            barrier.wait()
            outcomes[n] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            outcomes[n] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _one_saved_one_refused(outcomes, saved_type, refused_type):
    saved = [o for o in outcomes if isinstance(o, saved_type)]
    refused = [o for o in outcomes if isinstance(o, refused_type)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    return saved[0]


# ----- action items ---------------------------------------------------------------------------------------------


@pytest.fixture
def item_and_two_members(seeded, make_user):
    from actionplan.models import ActionItem  # noqa: PLC0415 -- used by this test only

    item = (
        ActionItem.objects.filter(parent__isnull=True, children__isnull=True)
        .select_related("lead_organization", "plan")
        .first()
    )
    assert item is not None, "the demo plan has an item without sub-actions"
    ada = make_user(roles.MEMBER, orgs=[item.lead_organization], full_name="Ada Drill")
    bob = make_user(roles.MEMBER, orgs=[item.lead_organization], full_name="Bob Drill")
    return item, ada, bob


def test_the_second_of_two_item_updates_from_open_pages_is_told_the_item_changed(item_and_two_members, client):
    from django.test import Client  # noqa: PLC0415 -- used by this test only

    from actionplan.models import StatusUpdate  # noqa: PLC0415 -- used by this test only

    item, ada, bob = item_and_two_members
    url = f"/en/action-plan/staff/{item.url_key}/update/"
    ada_client, bob_client = login(client, ada), login(Client(), bob)
    assert ada_client.get(url).status_code == 200 and bob_client.get(url).status_code == 200
    history = StatusUpdate.objects.filter(item=item).count()
    opened, ada_progress, bob_progress = item.version, (item.progress + 10) % 100, (item.progress + 20) % 100

    first = ada_client.post(
        url, {"status": item.status, "progress": ada_progress, "reason": "Ada: the pilot started.", "version": opened}
    )
    second = bob_client.post(
        url,
        {"status": item.status, "progress": bob_progress, "reason": "Bob: the pilot is half done.", "version": opened},
    )

    assert first.status_code == 302
    assert second.status_code == 400 and CHANGED in second.content.decode()
    item.refresh_from_db()
    assert item.version == opened + 1 and item.progress == ada_progress  # Ada's values stand, Bob's are not lost
    latest = StatusUpdate.objects.filter(item=item).order_by("-created_at", "-id").first()
    assert StatusUpdate.objects.filter(item=item).count() == history + 1 and latest.author == ada


def test_two_simultaneous_item_updates_one_wins_the_other_is_refused(item_and_two_members):
    from actionplan import services  # noqa: PLC0415 -- used by this test only
    from actionplan.models import ActionItem, StatusUpdate  # noqa: PLC0415 -- used by this test only

    item, ada, bob = item_and_two_members
    history = StatusUpdate.objects.filter(item=item).count()
    opened = item.version

    def update(user, progress):
        return lambda: services.item_post_update(
            item=ActionItem.objects.get(id=item.id),
            actor=user,
            reason=f"{user.full_name} update",
            expected_version=opened,
            progress=progress,
        )

    outcomes = _simultaneously(update(ada, 41), update(bob, 42))

    saved = _one_saved_one_refused(outcomes, StatusUpdate, Conflict)
    item.refresh_from_db()
    assert item.version == opened + 1 and item.progress == saved.new_progress
    assert StatusUpdate.objects.filter(item=item).count() == history + 1


# ----- registry entries -----------------------------------------------------------------------------------------


@pytest.fixture
def entry_and_two_editors(seeded, make_user):
    from publications import demo as publications_demo  # noqa: PLC0415 -- used by this test only
    from publications.models import PUBLIC_STATUSES, RegistryEntry  # noqa: PLC0415 -- used by this test only
    from taskforce.models import Organization  # noqa: PLC0415 -- used by this test only

    publications_demo.seed(password="drill-password-unused-1")
    entry = RegistryEntry.objects.filter(status__in=PUBLIC_STATUSES).first()
    assert entry is not None, "the demo registry has a published entry"
    org = Organization.objects.order_by("id").first()
    ann = make_user(roles.REGISTRY_EDITOR, orgs=[org], full_name="Ann Editor")
    ben = make_user(roles.REGISTRY_EDITOR, orgs=[org], full_name="Ben Editor")
    return entry, ann, ben


def test_the_second_of_two_registry_corrections_through_the_api_gets_409(entry_and_two_editors, client):
    from django.test import Client  # noqa: PLC0415 -- used by this test only

    from publications.models import RegistryChange  # noqa: PLC0415 -- used by this test only

    entry, ann, ben = entry_and_two_editors
    url = f"/api/registry/{entry.public_id}/"
    ann_client, ben_client = login(client, ann), login(Client(), ben)
    opened = ann_client.get(url).json()["version"]
    assert ben_client.get(url).json()["version"] == opened
    changes = RegistryChange.objects.filter(entry=entry).count()

    first = ann_client.patch(
        url,
        {"version": opened, "city": "Red Deer", "reason": "Court record corrected."},
        content_type="application/json",
    )
    second = ben_client.patch(
        url, {"version": opened, "city": "Airdrie", "reason": "Typo."}, content_type="application/json"
    )

    # A published entry's correction waits for a second person's approval (issue 13): the first proposal is
    # kept, the second is told it changed, and nothing public moves meanwhile.
    assert first.status_code == 202 and first.json()["correction"]["version"] == 1
    assert second.status_code == 409 and second.json()["code"] == "stale" and CHANGED in second.json()["detail"]
    entry.refresh_from_db()
    assert entry.corrections.get().proposed == {"city": "Red Deer"} and entry.version == opened
    assert RegistryChange.objects.filter(entry=entry).count() == changes


def test_the_second_of_two_registry_edits_from_open_pages_is_told_the_entry_changed(entry_and_two_editors, client):
    import re  # noqa: PLC0415 -- used by this test only

    from django.test import Client  # noqa: PLC0415 -- used by this test only

    entry, ann, ben = entry_and_two_editors
    url = f"/en/registry/staff/{entry.public_id}/edit/"
    ann_client, ben_client = login(client, ann), login(Client(), ben)
    forms = []
    for who in (ann_client, ben_client):
        page = who.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
        fields.update(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\s*([^<]*)</textarea>', html))
        fields.update(
            re.findall(
                r'<select[^>]*name="([^"]+)"[^>]*>(?:(?!</select>).)*?<option value="([^"]*)"'
                r"[^>]*selected",
                html,
                flags=re.S,
            )
        )
        forms.append(fields)
    ann_form, ben_form = forms
    assert ann_form["version"] == ben_form["version"] == str(entry.version)

    first = ann_client.post(url, {**ann_form, "city": "Red Deer", "reason": "Court record corrected."})
    second = ben_client.post(url, {**ben_form, "city": "Airdrie", "reason": "Typo."})

    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code == 400 and CHANGED in second.content.decode()
    entry.refresh_from_db()
    assert entry.corrections.get().proposed["city"] == "Red Deer"  # public once a second person approves it


def test_two_simultaneous_registry_corrections_one_wins_the_other_is_refused(entry_and_two_editors):
    from publications import services  # noqa: PLC0415 -- used by this test only
    from publications.models import RegistryChange, RegistryCorrection, RegistryEntry  # noqa: PLC0415 -- used by this test only

    entry, ann, ben = entry_and_two_editors
    opened = entry.version
    changes = RegistryChange.objects.filter(entry=entry).count()

    def correct(user, city):
        return lambda: services.correction_propose(
            entry=RegistryEntry.objects.get(id=entry.id),
            actor=user,
            data={"city": city},
            version=opened,
            reason=f"{user.full_name} correction",
        )

    outcomes = _simultaneously(correct(ann, "Red Deer"), correct(ben, "Airdrie"))

    saved = _one_saved_one_refused(outcomes, RegistryCorrection, Conflict)
    entry.refresh_from_db()
    assert entry.version == opened and entry.corrections.get().proposed == saved.proposed
    assert RegistryChange.objects.filter(entry=entry).count() == changes

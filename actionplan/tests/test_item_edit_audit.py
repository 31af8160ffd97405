"""A coordinator's edit of an item's title, lead organization or dates leaves one audit row: who, old and new."""

import pytest
from django.conf import settings
from django.urls import reverse

from actionplan.models import ItemEdit
from taskforce.language import text_data

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

pytestmark = pytest.mark.django_db


def _post(client, item, **changes):
    data = {
        **{f"title_{i}": text_data(item.title).get(code, "") for i, code in enumerate(LANGUAGE_CODES)},
        **{f"description_{i}": text_data(item.description).get(code, "") for i, code in enumerate(LANGUAGE_CODES)},
        "lead_organization": item.lead_organization_id,
        "partners": list(item.partners.values_list("id", flat=True)),
        "start_date": item.start_date.isoformat() if item.start_date else "",
        "target_date": item.target_date.isoformat() if item.target_date else "",
        "weight": item.weight,
        "version": item.version,
    }
    if "title" in changes:  # the English box of the title (the form has one per language of settings.LANGUAGES)
        changes[f"title_{LANGUAGE_CODES.index('en')}"] = changes.pop("title")
    data.update(changes)
    return client.post(reverse("actionplan:item_edit", args=[item.url_key]), data)


def test_an_edit_leaves_one_row_with_the_actor_and_old_and_new_values(item, coordinator, org_b, login_as):
    old_title, old_lead = text_data(item.title), item.lead_organization_id
    response = _post(login_as(coordinator), item, title="A new title", lead_organization=org_b.id,
                     target_date="2027-03-31")  # fmt: skip
    assert response.status_code == 302
    edit = ItemEdit.objects.get(item=item)
    assert edit.actor == coordinator
    assert edit.old_values == {"title": old_title, "lead_organization": old_lead, "target_date": None}
    assert edit.new_values == {
        "title": {**old_title, "en": "A new title"},
        "lead_organization": org_b.id,
        "target_date": "2027-03-31",
    }


def test_saving_without_a_change_leaves_no_row(item, coordinator, login_as):
    assert _post(login_as(coordinator), item).status_code == 302
    assert not ItemEdit.objects.exists()


def test_a_refused_edit_leaves_no_row(item, member_a, coordinator, login_as):
    assert _post(login_as(member_a), item, title="Mine now").status_code == 403
    stale = _post(login_as(coordinator), item, title="Stale", version=item.version + 5)
    assert stale.status_code == 400
    item.refresh_from_db()
    assert text_data(item.title)["en"] != "Stale" and not ItemEdit.objects.exists()


def test_a_title_written_only_in_french_is_refused(item, coordinator, login_as):
    english, french = LANGUAGE_CODES.index("en"), LANGUAGE_CODES.index("fr")
    response = _post(
        login_as(coordinator), item, **{f"title_{english}": "", f"title_{french}": "Seulement en français"}
    )
    assert response.status_code == 400 and "other languages fall back to it" in response.content.decode()
    assert not ItemEdit.objects.exists()

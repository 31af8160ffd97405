"""The small helpers every app shares (issue 15): one read-only admin, one way from a service's refusal to form
errors, one absolute link, one alphabet for codes people read aloud, one hotline list, one paginated staff list."""

import re

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from taskforce import roles
from taskforce.models import Notification
from taskforce.testing.auth import login

# ----- read-only admin ---------------------------------------------------------------------------------------


def test_append_only_records_are_read_only_in_every_admin():
    from actionplan.models import StatusUpdate  # noqa: PLC0415 -- used by this test only
    from publications.models import RegistryChange  # noqa: PLC0415 -- used by this test only
    from taskforce.admin_base import ReadOnlyAdminMixin  # noqa: PLC0415 -- used by this test only
    from tips.models import AccessLogEntry  # noqa: PLC0415 -- used by this test only
    from training.models import CourseVersion  # noqa: PLC0415 -- used by this test only

    request = RequestFactory().get("/")
    for model in (StatusUpdate, RegistryChange, AccessLogEntry, CourseVersion, Notification):
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, ReadOnlyAdminMixin), model
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, None)


def test_admin_keeps_delete_where_it_was_allowed(superuser_request):
    from firstcontact.models import Assessment  # noqa: PLC0415 -- used by this test only

    model_admin = admin.site._registry[Assessment]
    assert model_admin.has_delete_permission(superuser_request) and not model_admin.has_add_permission(
        superuser_request
    )


@pytest.fixture
def superuser_request(make_user):
    request = RequestFactory().get("/")
    request.user = make_user(is_superuser=True, is_staff=True)
    return request


# ----- a service's refusal as form errors ------------------------------------------------------------------


class _Form(forms.Form):
    title = forms.CharField()


@pytest.mark.parametrize(
    ("error", "field_errors", "general"),
    [
        (ValidationError({"title": "Too long.", "other": "Not here."}), ["Too long."], ["Not here."]),
        (ValidationError("Changed meanwhile."), [], ["Changed meanwhile."]),
        (ValidationError(["One.", "Two."]), [], ["One.", "Two."]),
    ],
)
def test_service_errors_land_on_their_field_or_on_the_form(error, field_errors, general):
    from taskforce.forms import add_service_errors  # noqa: PLC0415 -- used by this test only

    form = _Form(data={"title": "x"})
    assert form.is_valid()
    add_service_errors(form, error)
    assert form.errors.get("title", []) == field_errors
    assert form.non_field_errors() == general


# ----- absolute links ----------------------------------------------------------------------------------------


def test_absolute_url_starts_from_site_url(settings):
    from taskforce.links import absolute_url  # noqa: PLC0415 -- used by this test only

    settings.SITE_URL = "https://portal.example"
    assert absolute_url("/en/tips/") == "https://portal.example/en/tips/"
    assert absolute_url("tips:follow_up") == "https://portal.example" + reverse("tips:follow_up")
    entry_path = reverse("publications:registry_entry", args=["HT-ABC2345"])
    assert absolute_url("publications:registry_entry", "HT-ABC2345") == "https://portal.example" + entry_path


def test_mail_templates_build_links_the_same_way(settings):
    from django.template import Context, Template  # noqa: PLC0415 -- used by this test only

    settings.SITE_URL = "https://portal.example"
    template = Template("{% load portal_links %}{% absolute_url 'actionplan:item' key %} {% absolute_url path %}")
    text = template.render(Context({"key": "1-2", "path": "/en/training/"}))
    assert (
        text == f"https://portal.example{reverse('actionplan:item', args=['1-2'])} https://portal.example/en/training/"
    )


# ----- readable codes ------------------------------------------------------------------------------------------


def test_every_readable_code_uses_one_alphabet_without_look_alikes():
    from taskforce.codes import ALPHABET  # noqa: PLC0415 -- used by this test only
    from tips.services import _reference_new, receipt_code_new  # noqa: PLC0415 -- used by this test only

    assert not set("01OILU") & set(ALPHABET)
    for _ in range(200):
        assert set(receipt_code_new().replace("-", "")) <= set(ALPHABET)
        assert set(_reference_new().removeprefix("T-")) <= set(ALPHABET)


@pytest.mark.django_db
def test_registry_ids_use_the_same_alphabet():
    from publications.services import _new_public_id  # noqa: PLC0415 -- used by this test only
    from taskforce.codes import ALPHABET  # noqa: PLC0415 -- used by this test only

    for _ in range(50):
        assert set(_new_public_id().removeprefix("HT-")) <= set(ALPHABET)


def test_receipts_issued_with_the_old_alphabet_still_match():
    from tips.services import receipt_hash  # noqa: PLC0415 -- used by this test only

    old = "LUAB-CDEF-GHJK-LMNP-QRSU"  # L and U were in the receipt alphabet before
    assert receipt_hash(old) == receipt_hash(old.lower().replace("-", " "))


# ----- the hotline list --------------------------------------------------------------------------------------


def test_unavailable_page_lists_the_hotlines_of_the_reference_data_without_the_database(
    monkeypatch, settings, tmp_path
):
    import shutil  # noqa: PLC0415 -- used by this test only

    from taskforce.middleware import database_unavailable_response  # noqa: PLC0415 -- used by this test only
    from tips import reference as demo  # noqa: PLC0415 -- used by this test only

    added = {"slug": "test-line", "org": "x", "phone": "1-800-555-0199"}
    monkeypatch.setattr(demo, "HOTLINES", [*demo.HOTLINES, added])
    shutil.copytree(settings.CONTENT_DIR, tmp_path / "content")
    with (tmp_path / "content" / settings.LANGUAGE_CODE / "hotlines.yaml").open("a", encoding="utf-8") as texts:
        texts.write("\ntest-line:\n  name: Test Province Line\n")
    settings.CONTENT_DIR = tmp_path / "content"
    request = RequestFactory().get("/en/tips/")
    html = database_unavailable_response(request).content.decode()  # no database mark: any query would fail
    for hotline in demo.HOTLINES:
        assert hotline["phone"] in html
    assert "Test Province Line" in html and 'href="tel:18005550199"' in html
    assert "In immediate danger? Call 911" in html


def test_error_pages_word_the_911_line_as_the_site_does(client, db):
    page = client.get("/en/no-such-page/").content.decode()
    home = client.get("/en/").content.decode()
    line = re.search(r"call-911[^>]*>(.*?)</", home, re.S)
    assert line and line.group(1).strip() in page


# ----- lists once cut at 200 ---------------------------------------------------------------------------------


def test_failed_notifications_are_paged_not_cut(make_user, org_a, db):
    Notification.objects.bulk_create(
        Notification(recipient=f"r{i}@example.org", template="t", subject="s", body_text="b", state="failed")
        for i in range(205)
    )
    client = login(Client(), make_user(roles.COORDINATOR, orgs=[org_a]))
    first = client.get(reverse("staff:notifications")).content.decode()
    second = client.get(reverse("staff:notifications") + "?page=2").content.decode()
    assert first.count("@example.org") == 200 and second.count("@example.org") == 5
    assert "Page 1 of 2" in first


def test_registry_workflow_list_is_paged_not_cut(make_user, org_a, db):
    from publications.tests.factories import make_entry  # noqa: PLC0415 -- used by this test only

    editor = make_user(roles.REGISTRY_EDITOR, orgs=[org_a])
    for _ in range(205):
        make_entry(created_by=editor)
    client = login(Client(), editor)
    pages = [client.get(reverse("publications:registry_staff") + f"?page={n}").content.decode() for n in (1, 2)]
    names = [set(re.findall(r"Business \d+ Ltd\.", page)) for page in pages]
    assert len(names[0]) == 200 and len(names[1]) == 5 and not names[0] & names[1]

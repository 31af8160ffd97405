"""Coordinators' bulk update by CSV: one transaction, errors by row number, export → re-import changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplan.models import ActionItem, Status, StatusUpdate

from .factories import ActionItemFactory

pytestmark = pytest.mark.django_db

IMPORT = "/en/action-plan/staff/import/"


@pytest.fixture
def two_items(item, plan, org_b):
    return item, ActionItemFactory(plan=plan, number=2, slug="second", lead_organization=org_b, progress=50)


def _upload(client, text: str, reason: str = ""):
    data = {"file": SimpleUploadedFile("plan.csv", text.encode("utf-8"), content_type="text/csv"), "reason": reason}
    return client.post(IMPORT, data)


def _export(client) -> str:
    response = client.get(reverse("actionplan:export_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return response.content.decode()


def _state():
    return list(ActionItem.objects.order_by("id").values_list("status", "progress", "version"))


def test_export_then_reimport_of_an_unchanged_file_changes_nothing(two_items, coordinator, login_as, client):
    login_as(coordinator)
    before = _state()
    response = _upload(client, _export(client))
    assert response.status_code == 302
    assert _state() == before and not StatusUpdate.objects.exists()


def test_changed_rows_become_history_entries_with_their_reason(two_items, coordinator, login_as, client):
    login_as(coordinator)
    text = _export(client).replace("first,Action", "first,Action").splitlines()
    text[1] = text[1].replace(",on_track,10,1,", ",challenges,15,1,Budget delayed")
    response = _upload(client, "\n".join(text) + "\n")
    assert response.status_code == 302
    entry = StatusUpdate.objects.get()
    assert (entry.item.slug, entry.new_status, entry.new_progress, entry.reason, entry.source) == (
        "first",
        "challenges",
        15,
        "Budget delayed",
        "csv",
    )


def test_the_form_reason_is_used_for_rows_without_one(two_items, coordinator, login_as, client):
    login_as(coordinator)
    text = _export(client).replace(",second,", ",second,").replace(",on_track,50,1,", ",complete,100,1,")
    assert _upload(client, text, reason="Quarterly review").status_code == 302
    assert StatusUpdate.objects.get().reason == "Quarterly review"


def test_one_bad_row_saves_nothing_and_errors_name_the_rows(two_items, coordinator, login_as, client):
    login_as(coordinator)
    lines = _export(client).splitlines()
    lines[1] = lines[1].replace(",on_track,10,1,", ",complete,100,1,Done")  # a good change
    lines[2] = lines[2].replace(",on_track,50,1,", ",finished,150,1,Bad")  # two errors on row 3
    lines.append("9,missing,Nope,on_track,1,1,x")
    response = _upload(client, "\n".join(lines))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 3: unknown status “finished”." in page
    assert "Row 3: progress must be a whole number from 0 to 100." in page
    assert "Row 4: no action item with short name “missing” in this plan." in page
    assert "Nothing was saved" in page
    assert not StatusUpdate.objects.exists() and ActionItem.objects.get(slug="first").status == Status.ON_TRACK


def test_a_changed_row_without_a_reason_or_with_an_old_version_is_refused(
    two_items, coordinator, login_as, client, post_update
):
    login_as(coordinator)
    text = _export(client)
    post_update(two_items[1], coordinator, progress=60)  # someone changes item 2 after the export
    lines = text.splitlines()
    lines[1] = lines[1].replace(",on_track,10,1,", ",complete,100,1,")
    lines[2] = lines[2].replace(",on_track,50,1,", ",complete,100,1,Finished")
    page = _upload(client, "\n".join(lines)).content.decode()
    assert "Row 2: a reason is required for every changed row." in page
    assert "Row 3: this item changed since the file was exported; export it again." in page
    assert StatusUpdate.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"just,some,words\n1,2,3\n", "The file lacks these columns: progress, slug, status, version."),
        (b"\xff\xfe\x00garbage", "The file is not UTF-8 text."),
        (b"number,slug,title,status,progress,version,reason\n", "The file has no rows."),
        (b'number,slug,title,status,progress,version,reason\n1,"first,on_track,10,1,\n', "no action item"),
    ],
)
def test_malformed_files_get_a_clear_message(two_items, coordinator, login_as, client, content, message):
    login_as(coordinator)
    data = {"file": SimpleUploadedFile("plan.csv", content, content_type="text/csv")}
    response = client.post(IMPORT, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not StatusUpdate.objects.exists()


@pytest.mark.parametrize("who", ["member_a", "member_b"])
def test_only_coordinators_may_import(two_items, request, login_as, client, who):
    login_as(request.getfixturevalue(who))
    assert client.get(IMPORT).status_code == 403
    assert _upload(client, "number,slug,title,status,progress,version,reason\n").status_code == 403


def test_the_coordinator_sees_the_import_page(two_items, coordinator, login_as, client):
    login_as(coordinator)
    assert client.get(reverse("actionplan:import_csv")).status_code == 200

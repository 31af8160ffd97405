"""The registry's due process, through the staff pages: who may draft, approve, publish, correct and delist."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from publications import services
from publications.models import RegistryChange, RegistryEntry
from taskforce.exceptions import Conflict
from taskforce.testing.auth import login

from .factories import entry_data

S = RegistryEntry.Status
pytestmark = pytest.mark.django_db


def _post_form(data: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if v is not None}


def _act(client, entry, action, **extra):
    entry.refresh_from_db()
    url = reverse("publications:entry_action", args=[entry.public_id, action])
    return client.post(url, {"version": entry.version, "confirm": "on", **extra}, follow=True)


def _draft(user, **overrides) -> RegistryEntry:
    return services.entry_create(actor=user, data=entry_data(**overrides))


def _in_review(user, **overrides) -> RegistryEntry:
    entry = _draft(user, **overrides)
    return services.entry_submit_for_review(entry=entry, actor=user, version=entry.version)


# ----- drafting ----------------------------------------------------------------------------------------------


def test_editor_drafts_an_entry_through_the_form(editor):
    client = login(Client(), editor)
    response = client.post(reverse("publications:entry_new"), _post_form(entry_data()))
    entry = RegistryEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publications:entry_staff", args=[entry.public_id])
    assert entry.status == S.DRAFT and entry.created_by == editor
    assert entry.public_id.startswith("HT-") and str(entry.pk) not in entry.public_id[3:4]
    assert entry.search_text == "maple leaf staffing ltd.\nmaple labour"


@pytest.mark.parametrize("persona", ["approver", "member", "anonymous"])
def test_only_editors_may_draft(persona, approver, member_a):
    client = Client()
    if persona == "approver":
        login(client, approver)
    elif persona == "member":
        login(client, member_a)
    response = client.post(reverse("publications:entry_new"), _post_form(entry_data()))
    assert response.status_code == (302 if persona == "anonymous" else 403)
    if persona == "anonymous":
        assert reverse("accounts:login") in response["Location"]
    assert not RegistryEntry.objects.exists()


def test_form_says_businesses_only_and_rejects_bad_input_without_saving(editor):
    client = login(Client(), editor)
    page = client.get(reverse("publications:entry_new"))
    assert "never enter a private individual" in page.content.decode()
    response = client.post(reverse("publications:entry_new"), _post_form(entry_data(province="XX", legal_name="")))
    assert response.status_code == 400
    assert not RegistryEntry.objects.exists()


@pytest.mark.parametrize("persona,status", [("editor", 200), ("approver", 200), ("both", 200), ("member", 403)])
def test_workflow_page_is_for_registry_staff(persona, status, editor, approver, editor_approver, member_a):
    user = {"editor": editor, "approver": approver, "both": editor_approver, "member": member_a}[persona]
    response = login(Client(), user).get(reverse("publications:registry_staff"))
    assert response.status_code == status


def test_workflow_page_sends_anonymous_to_sign_in(client):
    response = client.get(reverse("publications:registry_staff"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_approver_must_pass_the_one_time_password(client, approver):
    client.force_login(approver, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("publications:registry_staff"))
    assert response.status_code == 302 and "/otp/" in response["Location"]


# ----- approval ----------------------------------------------------------------------------------------------


def test_approver_approves_an_entry_drafted_by_someone_else(editor, approver):
    entry = _in_review(editor)
    response = _act(login(Client(), approver), entry, "approve")
    entry.refresh_from_db()
    assert entry.status == S.APPROVED and entry.approved_by == approver
    assert "Done." in response.content.decode()


def test_the_review_screen_previews_every_field_the_public_page_will_show(editor, approver):
    """The approver reads what will be published, as the public page will show it: the address and the industry
    too (the review screen once left them out)."""
    entry = _in_review(editor, business_number="", corporate_registry_number="2012345678")
    page = login(Client(), approver).get(reverse("publications:entry_staff", args=[entry.public_id])).content.decode()
    preview = page.split('id="public-preview-title"')[1].split("</section>")[0]
    for shown in (
        "1 Main Street",
        "Calgary",
        "Recruitment",
        "Alberta Employment Standards",
        "ES-2025-001",
        "2012345678",
        "Held workers&#x27; passports.",
        "Maple Labour",
        "On publication",
    ):
        assert shown in preview, shown


@pytest.mark.parametrize("step", ["approve", "publish"])
def test_approving_and_publishing_need_the_confirmation_of_the_preview(editor, approver, step):
    entry = _in_review(editor) if step == "approve" else _approved(editor, approver)
    status = entry.status
    client = login(Client(), approver)
    url = reverse("publications:entry_action", args=[entry.public_id, step])
    response = client.post(url, {"version": entry.version}, follow=True)
    entry.refresh_from_db()
    assert entry.status == status
    assert "tick the box to confirm you read what will be published" in response.content.decode()
    _act(client, entry, step)
    entry.refresh_from_db()
    assert entry.status != status


def test_editor_cannot_approve(editor):
    entry = _in_review(editor)
    response = _act(login(Client(), editor), entry, "approve")
    entry.refresh_from_db()
    assert entry.status == S.LEGAL_REVIEW
    assert "Your role does not allow this." in response.content.decode()


def test_self_approval_is_refused_even_with_both_roles(editor_approver):
    entry = _in_review(editor_approver)
    client = login(Client(), editor_approver)
    page = client.get(reverse("publications:entry_staff", args=[entry.public_id]))
    assert "another person with the Registry approver role must approve it" in page.content.decode()
    response = _act(client, entry, "approve")
    entry.refresh_from_db()
    assert entry.status == S.LEGAL_REVIEW and entry.approved_by is None
    assert "You drafted this entry" in response.content.decode()


def test_person_with_both_roles_approves_a_colleagues_draft(editor, editor_approver):
    entry = _in_review(editor)
    _act(login(Client(), editor_approver), entry, "approve")
    entry.refresh_from_db()
    assert entry.status == S.APPROVED


@pytest.mark.parametrize("persona", ["member", "anonymous"])
def test_outsiders_cannot_touch_an_entry(persona, editor, member_a):
    entry = _in_review(editor)
    client = login(Client(), member_a) if persona == "member" else Client()
    url = reverse("publications:entry_action", args=[entry.public_id, "approve"])
    response = client.post(url, {"version": entry.version})
    assert response.status_code == (403 if persona == "member" else 302)
    entry.refresh_from_db()
    assert entry.status == S.LEGAL_REVIEW


# ----- publication -------------------------------------------------------------------------------------------


def _approved(editor, approver, **overrides):
    entry = _in_review(editor, **overrides)
    return services.entry_approve(entry=entry, actor=approver, version=entry.version)


def test_publication_waits_for_the_representations_period(editor, approver):
    today = timezone.localdate()
    entry = _approved(editor, approver, notified_on=today - timedelta(days=13))
    response = _act(login(Client(), approver), entry, "publish")
    entry.refresh_from_db()
    assert entry.status == S.APPROVED
    assert "may make representations until" in response.content.decode()
    assert not RegistryChange.objects.exists()


def test_publication_needs_the_notification_date(editor, approver):
    entry = _approved(editor, approver, notified_on=None)
    response = _act(login(Client(), approver), entry, "publish")
    entry.refresh_from_db()
    assert entry.status == S.APPROVED
    assert "Record the date the business was notified" in response.content.decode()


def test_approver_publishes_after_the_period_and_it_is_logged(editor, approver):
    entry = _approved(editor, approver, notified_on=timezone.localdate() - timedelta(days=14))
    _act(login(Client(), approver), entry, "publish")
    entry.refresh_from_db()
    assert entry.status == S.PUBLISHED and entry.published_at is not None
    assert list(entry.changes.values_list("kind", flat=True)) == [RegistryChange.Kind.ADDITION]
    assert client_sees(entry)


def test_editor_cannot_publish(editor, approver):
    entry = _approved(editor, approver)
    _act(login(Client(), editor), entry, "publish")
    entry.refresh_from_db()
    assert entry.status == S.APPROVED


def client_sees(entry) -> bool:
    return entry.legal_name in Client().get(reverse("publications:registry_list")).content.decode()


def test_draft_and_approved_entries_are_not_public(editor, approver):
    entry = _approved(editor, approver)
    assert not client_sees(entry)
    assert Client().get(entry.get_absolute_url()).status_code == 404


# ----- corrections, appeal, delisting, change log ------------------------------------------------------------


def test_correction_of_a_published_entry_needs_a_reason_and_is_logged(editor, approver, published_entry):
    client = login(Client(), editor)
    url = reverse("publications:entry_edit", args=[published_entry.public_id])
    data = _post_form(entry_data(**{k: getattr(published_entry, k) for k in services.ENTRY_FIELDS}))
    data.update(city="Red Deer", version=published_entry.version)
    refused = client.post(url, data)
    assert refused.status_code == 400 and "Give the reason" in refused.content.decode()
    published_entry.refresh_from_db()
    assert published_entry.city == "Edmonton"

    data["reason"] = "The business's address was wrong in the decision summary."
    assert client.post(url, data).status_code == 302
    published_entry.refresh_from_db()
    assert published_entry.city == "Edmonton"  # public only once another person approves it
    correction = published_entry.corrections.get()
    _act(login(Client(), approver), published_entry, "correction-approve", correction_version=correction.version)
    published_entry.refresh_from_db()
    assert published_entry.city == "Red Deer" and published_entry.status == S.CORRECTED
    change = published_entry.changes.get(kind=RegistryChange.Kind.CORRECTION)
    assert (change.field, change.old_value, change.new_value) == ("city", "Edmonton", "Red Deer")
    public = Client().get(published_entry.get_absolute_url()).content.decode()
    assert "The business&#x27;s address was wrong" in public


def test_stale_version_is_refused_with_a_clear_message(editor):
    entry = _draft(editor, city="Edmonton")
    client = login(Client(), editor)
    url = reverse("publications:entry_edit", args=[entry.public_id])
    data = _post_form(entry_data(**{k: getattr(entry, k) for k in services.ENTRY_FIELDS}))
    data.update(city="Banff", version=entry.version)
    services.entry_update(entry=entry, actor=editor, data={"summary": "Changed meanwhile."}, version=entry.version)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "This entry changed since you opened it" in response.content.decode()
    entry.refresh_from_db()
    assert entry.city == "Edmonton" and entry.version == 2


def test_a_stale_version_raises_the_one_conflict_exception(editor):
    entry = _draft(editor)
    services.entry_update(entry=entry, actor=editor, data={"summary": "First."}, version=1)
    with pytest.raises(Conflict):
        services.entry_update(entry=entry, actor=editor, data={"summary": "Second."}, version=1)
    entry.refresh_from_db()
    assert entry.summary == "First." and entry.version == 2


def test_approver_marks_an_appeal_and_its_end(approver, published_entry):
    client = login(Client(), approver)
    _act(client, published_entry, "appeal", reason="Appeal filed at the Court of King's Bench.")
    published_entry.refresh_from_db()
    assert published_entry.status == S.UNDER_APPEAL
    assert "under appeal" in Client().get(published_entry.get_absolute_url()).content.decode()
    _act(client, published_entry, "appeal-end", reason="Appeal dismissed.")
    published_entry.refresh_from_db()
    assert published_entry.status == S.CORRECTED
    assert published_entry.changes.filter(kind=RegistryChange.Kind.APPEAL).count() == 2


def test_delisting_needs_an_approver_and_a_reason(editor, approver, published_entry):
    _act(login(Client(), editor), published_entry, "delist", reason="x")
    published_entry.refresh_from_db()
    assert published_entry.status == S.PUBLISHED
    client = login(Client(), approver)
    _act(client, published_entry, "delist", reason="")
    published_entry.refresh_from_db()
    assert published_entry.status == S.PUBLISHED
    _act(client, published_entry, "delist", reason="Conviction overturned on appeal.")
    published_entry.refresh_from_db()
    assert published_entry.status == S.DELISTED
    page = Client().get(published_entry.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Conviction overturned on appeal." in text and published_entry.legal_name not in text


# The change log refuses save, delete and update at the model layer: taskforce/tests/test_audit.py, for every
# audit table.


def test_admin_cannot_edit_or_delete_change_log_lines(client, published_entry, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    login(client, admin)
    change = published_entry.changes.get()
    url = reverse("admin:publications_registrychange_change", args=[change.pk])
    client.post(url, {"reason": "rewritten"})
    client.post(reverse("admin:publications_registrychange_delete", args=[change.pk]), {"post": "yes"})
    assert RegistryChange.objects.get().reason == "Published."


# ----- the daily delisting task ------------------------------------------------------------------------------


def test_daily_task_delists_entries_past_their_review_date_once(editor, published_entry):
    from publications.tasks import registry_delist_expired  # noqa: PLC0415 -- used by this test only

    from .factories import make_entry  # noqa: PLC0415 -- used by this test only

    today = timezone.localdate()
    expired = make_entry(created_by=editor, review_on=today - timedelta(days=1))
    due_today = make_entry(created_by=editor, review_on=today)
    assert registry_delist_expired.delay().get() == 1
    assert registry_delist_expired.delay().get() == 0
    expired.refresh_from_db()
    published_entry.refresh_from_db()
    due_today.refresh_from_db()
    assert expired.status == S.DELISTED and "review date" in expired.delisting_reason
    assert published_entry.status == S.PUBLISHED and due_today.status == S.PUBLISHED
    assert expired.changes.filter(kind=RegistryChange.Kind.DELISTING).count() == 1


def test_daily_task_delists_in_chunks_and_a_second_run_changes_nothing(editor, settings):
    """However many entries fall due on one day, each run handles one chunk and queues the next; running the task
    twice (beat fired twice, a redelivery) delists each entry once."""
    from publications.tasks import registry_delist_expired  # noqa: PLC0415 -- used by this test only

    from .factories import make_entry  # noqa: PLC0415 -- used by this test only

    settings.REGISTRY_DELIST_CHUNK_SIZE = 2
    yesterday = timezone.localdate() - timedelta(days=1)
    expired = [make_entry(created_by=editor, review_on=yesterday) for _ in range(5)]
    assert services.registry_delist_expired(limit=2) == (2, expired[1].id)  # one chunk, and where to go on
    assert registry_delist_expired.delay().get() == 2  # the task: a chunk, then the next ones queued (eager here)
    assert registry_delist_expired.delay().get() == 0
    for entry in expired:
        entry.refresh_from_db()
        assert entry.status == S.DELISTED
        assert entry.changes.filter(kind=RegistryChange.Kind.DELISTING).count() == 1


# ----- sources and the businesses-only rule -------------------------------------------------------------------


def test_uploaded_source_is_kept_with_its_sha256(editor, approver, published_entry, settings, tmp_path):
    import hashlib  # noqa: PLC0415 -- used by this test only

    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- used by this test only

    from taskforce.tests.files import hostile_pdf  # noqa: PLC0415 -- used by this test only

    settings.MEDIA_ROOT = tmp_path
    client = login(Client(), editor)
    url = reverse("publications:entry_source_add", args=[published_entry.public_id])
    client.post(url, {"title": "Decision", "file": SimpleUploadedFile("decision.pdf", hostile_pdf())})
    source = published_entry.sources.get()
    assert source.sha256 == hashlib.sha256(source.file.read()).hexdigest()  # of the document as published
    correction = published_entry.corrections.get()
    services.correction_approve(correction=correction, actor=approver, version=correction.version)
    assert published_entry.changes.filter(field="sources", new_value="Decision").exists()
    assert source.sha256 in Client().get(published_entry.get_absolute_url()).content.decode()


def test_source_must_be_a_pdf_or_a_link_and_only_editors_add_one(editor, member_a, published_entry):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- used by this test only

    url = reverse("publications:entry_source_add", args=[published_entry.public_id])
    assert login(Client(), member_a).post(url, {"title": "M", "url": "https://example.org/m"}).status_code == 403
    client = login(Client(), editor)
    refused = client.post(url, {"title": "Fake", "file": SimpleUploadedFile("x.pdf", b"<html>")}, follow=True)
    assert "Only PDF documents can be attached here." in refused.content.decode()
    client.post(url, {"title": "Nothing"})
    client.post(url, {"title": "Official decision", "url": "https://example.org/d"})
    assert list(published_entry.sources.values_list("title", flat=True)) == ["Official decision"]


def test_registry_entry_has_no_field_for_a_person():
    names = {f.name for f in RegistryEntry._meta.get_fields()}
    person_words = ("first_name", "last_name", "surname", "person", "owner", "director", "birth", "sin", "phone")
    # Whole words of the field's name: "business_number" is no "sin".
    assert not [n for n in names if any(f"_{w}_" in f"_{n}_" or n.startswith(w) for w in person_words)]


def test_edit_form_without_a_version_is_refused(editor, published_entry):
    client = login(Client(), editor)
    url = reverse("publications:entry_edit", args=[published_entry.public_id])
    data = _post_form(entry_data(**{k: getattr(published_entry, k) for k in services.ENTRY_FIELDS}))
    data.update(city="Banff", reason="Fix.")
    assert client.post(url, data).status_code == 400
    published_entry.refresh_from_db()
    assert published_entry.city == "Edmonton"


# ----- corrections wait for a second person ---------------------------------------------------------------------


def _propose(editor, entry, **data):
    return services.correction_propose(entry=entry, actor=editor, data=data, version=entry.version, reason="Fix.")


def test_amending_a_pending_correction_starts_from_its_text_and_records_each_editor(
    editor, editor_approver, approver, published_entry
):
    _propose(editor, published_entry, city="Leduc")
    client = login(Client(), editor_approver)
    url = reverse("publications:entry_edit", args=[published_entry.public_id])
    form_page = client.get(url).content.decode()
    assert 'value="Leduc"' in form_page and "A correction is already waiting for approval" in form_page
    data = _post_form(entry_data(**{k: getattr(published_entry, k) for k in services.ENTRY_FIELDS}))
    data.update(city="Leduc", summary="Amended summary.", version=published_entry.version, reason="Fix.")
    assert client.post(url, data).status_code == 400  # without naming the correction it read: refused
    data["correction_version"] = 1
    assert client.post(url, data).status_code == 302
    correction = published_entry.corrections.get()
    assert correction.proposed == {"city": "Leduc", "summary": "Amended summary."} and correction.version == 2
    assert [e.actor for e in correction.edits.order_by("id")] == [editor, editor_approver]

    # The amending approver may not approve it; the proposing editor has no approver role; a third person may.
    _act(client, published_entry, "correction-approve", correction_version=2)
    published_entry.refresh_from_db()
    assert published_entry.city == "Edmonton"
    _act(login(Client(), approver), published_entry, "correction-approve", correction_version=2)
    published_entry.refresh_from_db()
    assert (published_entry.city, published_entry.summary) == ("Leduc", "Amended summary.")
    assert published_entry.changes.filter(kind=RegistryChange.Kind.CORRECTION).count() == 2


def test_a_stale_approval_on_the_page_says_why(editor, approver, published_entry):
    _propose(editor, published_entry, city="Leduc")
    page = _act(login(Client(), approver), published_entry, "correction-approve", correction_version=7)
    assert "This correction changed since you opened it" in page.content.decode()
    published_entry.refresh_from_db()
    assert published_entry.city == "Edmonton"


def test_a_correction_that_changes_nothing_is_refused_without_saving(editor, published_entry):
    with pytest.raises(services.ValidationError):
        _propose(editor, published_entry, city="Edmonton")
    assert not published_entry.corrections.exists()


def test_delisting_rejects_a_pending_correction(editor, approver, published_entry):
    correction = _propose(editor, published_entry, legal_name="Other Name Inc.")
    published_entry.refresh_from_db()
    services.entry_delist(entry=published_entry, actor=approver, reason="Overturned.", version=None)
    correction.refresh_from_db()
    assert correction.status == correction.Status.REJECTED
    assert "Other Name" not in Client().get(published_entry.get_absolute_url()).content.decode()


def test_published_entry_cannot_be_edited_around_the_correction(editor, published_entry):
    with pytest.raises(services.ValidationError):
        services.entry_update(entry=published_entry, actor=editor, data={"city": "Banff"}, version=None)
    published_entry.refresh_from_db()
    assert published_entry.city == "Edmonton"


def test_editing_an_approved_entry_sends_it_back_and_bars_the_editor_from_approving(editor, editor_approver, approver):
    entry = _approved(editor, approver)
    services.entry_update(entry=entry, actor=editor_approver, data={"summary": "Changed."}, version=entry.version)
    entry.refresh_from_db()
    assert entry.status == S.LEGAL_REVIEW
    assert entry.approved_by == approver, "who approved the earlier text stays known"
    page = login(Client(), editor_approver).get(reverse("publications:entry_staff", args=[entry.public_id]))
    assert "You changed this entry" in page.content.decode()
    assert f"Last approved by {approver}, before it was sent back." in page.content.decode()
    _act(login(Client(), editor_approver), entry, "approve")
    entry.refresh_from_db()
    assert entry.status == S.LEGAL_REVIEW


def test_staff_page_with_a_pending_correction_runs_in_fixed_queries(make_user, org_a, approver, published_entry):
    from django.db import connection  # noqa: PLC0415 -- used by this test only
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- used by this test only

    from taskforce import roles  # noqa: PLC0415 -- used by this test only

    client = login(Client(), approver)
    url = reverse("publications:entry_staff", args=[published_entry.public_id])

    def amend(n):
        editor = make_user(roles.REGISTRY_EDITOR, orgs=[org_a])
        pending = published_entry.corrections.filter(status="pending").first()
        services.correction_propose(
            entry=published_entry,
            actor=editor,
            data={"summary": f"Text {n}."},
            version=None,
            reason="Fix.",
            correction_version=pending.version if pending else 0,
        )
        services.source_add(entry=published_entry, actor=editor, title=f"Source {n}", url="https://example.org/")

    def queries() -> int:
        client.get(url)  # sessions, roles and the one-time password device warmed
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    amend(0)
    once = queries()
    for n in range(1, 10):
        amend(n)
    tenfold = queries()
    assert tenfold == once

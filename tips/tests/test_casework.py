"""Case handling (issue 17): a hotline's labels, assignment within the tip's hotlines, closing with a reason, and
a handler who leaves (deactivated) losing access at once with their open tips unassigned."""

import pytest
from django.test import Client

from taskforce import roles
from taskforce.testing.auth import confirmed_device, login
from taskforce.testing.factories import PASSWORD
from tips import services
from tips.models import AccessLogEntry, HotlineLabel, Tip

from .factories import opened_by, tip_data, tip_private_of

pytestmark = pytest.mark.django_db


def detail_url(tip):
    return f"/en/tips/staff/inbox/{tip.id}/"


def labels_url(hotline):
    return f"/en/tips/staff/hotlines/{hotline.slug}/labels/"


@pytest.fixture
def tip_ab(hotlines, handler_national):
    """Alberta: routed to the national hotline, whose handler exists first (the tip is sealed to them)."""
    return services.tip_submit(form_data=tip_data(what_happened="Alberta farm workers")).tip


# ----- a hotline's labels ---------------------------------------------------------------------------------------


def test_a_hotline_coordinator_creates_renames_and_deletes_its_labels(client, national, coordinator_national):
    login(client, coordinator_national)
    assert client.get(labels_url(national)).status_code == 200
    assert client.post(labels_url(national), {"name": "  Needs  interpreter "}).status_code == 302
    label = HotlineLabel.objects.get(hotline=national)
    assert label.name == "Needs interpreter" and label.created_by == coordinator_national
    assert "Needs interpreter" in client.get(labels_url(national)).content.decode()

    response = client.post(labels_url(national), {"name": "needs interpreter"})
    assert response.status_code == 400 and "already has a label with that name" in response.content.decode()
    response = client.post(labels_url(national), {"name": ""})
    assert response.status_code == 400 and HotlineLabel.objects.count() == 1

    assert client.post(f"{labels_url(national)}{label.id}/rename/", {"name": "Interpreter"}).status_code == 302
    assert HotlineLabel.objects.get(id=label.id).name == "Interpreter"
    assert client.post(f"{labels_url(national)}{label.id}/delete/").status_code == 302
    assert not HotlineLabel.objects.exists()


def test_nobody_else_manages_a_hotlines_labels(
    client, national, manitoba, coordinator_national, coordinator_mb, handler_national
):
    label = HotlineLabel.objects.create(hotline=national, name="Farm")
    other = HotlineLabel.objects.create(hotline=manitoba, name="Manitoba only")
    assert client.get(labels_url(national)).status_code == 302  # anonymous: sign in first
    for person in (coordinator_mb, handler_national):  # another hotline's coordinator; a handler of this one
        login(client, person)
        assert client.get(labels_url(national)).status_code == 403
        assert client.post(labels_url(national), {"name": "Sneaky"}).status_code == 403
        assert client.post(f"{labels_url(national)}{label.id}/rename/", {"name": "x"}).status_code == 403
        assert client.post(f"{labels_url(national)}{label.id}/delete/").status_code == 403
    login(client, coordinator_national)  # their own page never reaches another hotline's label
    assert "Manitoba only" not in client.get(labels_url(national)).content.decode()
    assert client.post(f"{labels_url(national)}{other.id}/rename/", {"name": "x"}).status_code == 404
    assert client.post(f"{labels_url(national)}{other.id}/delete/").status_code == 404
    assert set(HotlineLabel.objects.values_list("name", flat=True)) == {"Farm", "Manitoba only"}


def test_a_handler_applies_and_removes_their_hotlines_labels(client, tip_ab, national, handler_national):
    farm = HotlineLabel.objects.create(hotline=national, name="Farm")
    HotlineLabel.objects.create(hotline=national, name="Interpreter")
    login(client, handler_national)
    assert client.post(detail_url(tip_ab) + "labels/", {"labels": [farm.id]}).status_code == 302
    assert list(tip_ab.labels.values_list("name", flat=True)) == ["Farm"]
    html = client.get(detail_url(tip_ab)).content.decode()
    assert '<span class="badge text-bg-secondary">Farm</span>' in html
    assert client.post(detail_url(tip_ab) + "labels/", {}).status_code == 302
    assert not tip_ab.labels.exists()
    details = list(AccessLogEntry.objects.filter(tip=tip_ab, action="labelled").values_list("detail", flat=True))
    assert details == [f"+{national.slug}/{farm.id}", f"-{national.slug}/{farm.id}"]


def test_a_label_of_another_hotline_is_never_applied_nor_seen(
    client, hotlines, national, manitoba, handler_national, handler_mb, hotline_orgs, make_user
):
    """A Hamilton tip is with the national line and Hamilton police: each sees and applies only its own labels."""
    tip = services.tip_submit(form_data=tip_data(province="ON", city="Hamilton")).tip
    hamilton = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["hamilton-police"]])
    ours = HotlineLabel.objects.create(hotline=national, name="National label")
    theirs = HotlineLabel.objects.create(hotline=hotlines["hamilton-police"], name="Police label")
    elsewhere = HotlineLabel.objects.create(hotline=manitoba, name="Manitoba label")
    login(client, hamilton)
    client.post(detail_url(tip) + "labels/", {"labels": [theirs.id]})
    login(client, handler_national)
    response = client.post(detail_url(tip) + "labels/", {"labels": [ours.id, elsewhere.id]}, follow=True)
    assert "Choose labels of your own hotlines." in response.content.decode()
    assert set(tip.labels.values_list("name", flat=True)) == {"Police label"}  # nothing half-saved
    client.post(detail_url(tip) + "labels/", {"labels": [ours.id]})
    assert set(tip.labels.values_list("name", flat=True)) == {"Police label", "National label"}  # theirs kept
    html = client.get(detail_url(tip)).content.decode()
    assert "National label" in html and "Police label" not in html and "Manitoba label" not in html
    login(client, handler_mb)  # not their tip at all
    assert client.post(detail_url(tip) + "labels/", {"labels": [elsewhere.id]}).status_code == 404
    assert not tip.labels.filter(id=elsewhere.id).exists()


def test_the_staff_page_leads_a_hotline_coordinator_to_their_labels_only(
    client, national, manitoba, coordinator_national, handler_national
):
    login(client, coordinator_national)
    html = client.get("/en/staff/").content.decode()
    assert "/en/tips/staff/hotlines/" in html
    html = client.get("/en/tips/staff/hotlines/").content.decode()
    assert labels_url(national) in html and labels_url(manitoba) not in html
    login(client, handler_national)
    assert "/en/tips/staff/hotlines/" not in client.get("/en/staff/").content.decode()
    assert client.get("/en/tips/staff/hotlines/").status_code == 403


# ----- assignment ------------------------------------------------------------------------------------------------


def test_assignment_only_to_an_active_handler_of_the_tips_hotlines(
    client, tip_ab, handler_national, handler_mb, member_national, make_user, hotline_orgs
):
    colleague = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]], full_name="Col League")
    departed = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]], is_active=False)
    login(client, handler_national)
    assert client.post(detail_url(tip_ab) + "assign/", {"assignee": colleague.id}).status_code == 302
    assert Tip.objects.get(id=tip_ab.id).assigned_to == colleague
    for refused in (handler_mb, member_national, departed):
        response = client.post(detail_url(tip_ab) + "assign/", {"assignee": refused.id}, follow=True)
        assert "only be assigned to an active tip handler of one of its hotlines" in response.content.decode()
        assert Tip.objects.get(id=tip_ab.id).assigned_to == colleague
    with pytest.raises(services.TipError):
        services.tip_assign(tip=tip_ab, actor=handler_national, assignee=handler_mb)


# ----- closing with a reason -------------------------------------------------------------------------------------


def test_closing_needs_a_reason_which_is_logged_and_reopening_clears_it(client, tip_ab, handler_national):
    login(client, handler_national)
    response = client.post(detail_url(tip_ab) + "status/", {"status": "closed", "close_note": "Typed note 4417"})
    assert response.status_code == 400 and "Choose the reason for closing the tip." in response.content.decode()
    assert "Typed note 4417" in response.content.decode(), "what the handler typed comes back with the message"
    assert Tip.objects.get(id=tip_ab.id).status == "new"
    response = client.post(detail_url(tip_ab) + "status/", {"status": "closed", "close_reason": "bogus"})
    assert response.status_code == 400 and Tip.objects.get(id=tip_ab.id).status == "new"
    with pytest.raises(services.TipError):
        services.tip_set_status(tip=tip_ab, actor=handler_national, status="closed")

    data = {"status": "closed", "close_reason": "police", "close_note": "Officer informed"}
    assert client.post(detail_url(tip_ab) + "status/", data).status_code == 302
    tip = Tip.objects.get(id=tip_ab.id)
    assert (tip.status, tip.close_reason, opened_by(handler_national, tip).close_note) == (
        "closed",
        "police",
        "Officer informed",
    )
    assert b"Officer" not in bytes(tip.close_note_sealed) and not tip.close_note  # sealed, no Fernet copy
    assert tip.closed_at is not None
    entry = AccessLogEntry.objects.filter(tip=tip, action="status").last()
    assert entry.detail == "new → closed (police)" and "Officer" not in entry.detail
    assert "Referred to police" in client.get(detail_url(tip)).content.decode()

    client.post(detail_url(tip) + "status/", {"status": "triaged"})
    tip = Tip.objects.get(id=tip.id)
    assert (tip.status, tip.close_reason, bytes(tip.close_note_sealed), tip.closed_at) == ("triaged", "", b"", None)


# ----- a handler who leaves ----------------------------------------------------------------------------------------


def test_a_deactivated_handler_loses_access_at_once_and_their_open_tips_are_unassigned(
    client, hotlines, handler_national, make_user, hotline_orgs
):
    leaving = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]], full_name="Lea Ving")
    open_tip = services.tip_submit(form_data=tip_data()).tip
    closed_tip = services.tip_submit(form_data=tip_data()).tip
    for tip in (open_tip, closed_tip):
        services.tip_assign(tip=tip, actor=handler_national, assignee=leaving)
    services.tip_set_status(tip=closed_tip, actor=handler_national, status="closed", close_reason="duplicate")
    login(client, leaving)
    assert client.get(detail_url(open_tip)).status_code == 200

    leaving.is_active = False
    leaving.save()  # what the admin's change form does

    response = client.get(detail_url(open_tip))  # the same session, a moment later
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/en/tips/staff/inbox/").status_code == 302
    assert Tip.objects.get(id=open_tip.id).assigned_to is None
    assert Tip.objects.get(id=closed_tip.id).assigned_to == leaving  # a closed case keeps its history
    entry = AccessLogEntry.objects.filter(tip=open_tip, action="assigned").last()
    assert entry.detail == "deactivated"
    login(client, handler_national)
    row = client.get("/en/tips/staff/inbox/").content.decode().split(open_tip.reference)[1].split("</tr>")[0]
    assert "Unassigned" in row and "Lea Ving" not in row


def test_an_active_handlers_save_changes_no_assignment(hotlines, handler_national):
    tip = services.tip_submit(form_data=tip_data()).tip
    services.tip_assign(tip=tip, actor=handler_national, assignee=handler_national)
    handler_national.full_name = "Renamed"
    handler_national.save()
    assert Tip.objects.get(id=tip.id).assigned_to == handler_national


# ----- a hotline coordinator signs in with a one-time password, or a backup code --------------------------------


def test_a_hotline_coordinator_needs_a_one_time_password_and_a_backup_code_works_once(coordinator_national, national):
    from taskforce.accounts.services import otp_backup_codes_renew  # noqa: PLC0415 -- used by this test only

    confirmed_device(coordinator_national)
    first, *_rest = otp_backup_codes_renew(user=coordinator_national)
    browser = Client()
    browser.post("/en/accounts/login/", {"username": coordinator_national.email, "password": PASSWORD})
    response = browser.get(labels_url(national))
    assert response.status_code == 302 and "/otp/verify/" in response["Location"]  # no page before the code
    assert browser.post("/en/accounts/otp/verify/", {"token": first}).status_code == 302
    assert browser.get(labels_url(national)).status_code == 200

    again = Client()
    again.post("/en/accounts/login/", {"username": coordinator_national.email, "password": PASSWORD})
    assert again.post("/en/accounts/otp/verify/", {"token": first}).status_code == 400  # used up
    assert again.get(labels_url(national)).status_code == 302


def test_a_reroute_to_a_hotline_nobody_reads_is_refused_and_the_tip_stays(client, tip_ab, handler_national, hotlines):
    """Sent there, the tip would reach no inbox and no mail."""
    empty = next(h for h in hotlines.values() if not h.is_national and h.slug != "manitoba-human-trafficking-hotline")
    with pytest.raises(services.TipError, match="Nobody at that hotline"):
        services.tip_reroute(
            tip=tip_ab,
            actor=handler_national,
            tip_private=tip_private_of(handler_national, tip_ab),
            from_hotline=hotlines["cceht"],
            to_hotline=empty,
        )
    assert tip_ab.deliveries.filter(hotline=hotlines["cceht"], state="delivered").exists()


def test_a_reroute_clears_the_old_hotlines_assignee_and_follow_up_dates(tip_ab, handler_national, handler_mb, hotlines):
    from tips.models import TipReminder  # noqa: PLC0415 -- used by this test only

    services.tip_reroute(
        tip=tip_ab,
        actor=handler_national,
        tip_private=tip_private_of(handler_national, tip_ab),
        from_hotline=hotlines["cceht"],
        to_hotline=hotlines["klinic"],
    )
    services.tip_assign(tip=tip_ab, actor=handler_mb, assignee=handler_mb)
    TipReminder.objects.create(
        tip=tip_ab, hotline=hotlines["klinic"], created_by=handler_mb, remind_on=tip_ab.created_at.date(), reason="r"
    )
    services.tip_reroute(
        tip=tip_ab,
        actor=handler_mb,
        tip_private=tip_private_of(handler_mb, tip_ab),
        from_hotline=hotlines["klinic"],
        to_hotline=hotlines["cceht"],
    )
    tip_ab.refresh_from_db()
    assert tip_ab.assigned_to is None, "the Manitoba handler no longer reads the tip"
    assert not TipReminder.objects.filter(tip=tip_ab).exists(), "no reminder to someone who cannot open the tip"

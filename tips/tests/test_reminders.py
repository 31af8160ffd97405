"""Reminders and follow-up dates: set on the tip page by a handler of the tip's hotline, sent once on the day to
that handler, content-free; and the list of open tips left without activity."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taskforce import roles
from taskforce.models import Notification
from taskforce.testing.auth import login
from tips import reminders, services
from tips.models import AccessLogEntry, Tip, TipReminder

from .factories import tip_data

REASON = "CANARY-reminder-Echidna call the shelter back"


@pytest.fixture
def people(make_user, hotline_orgs, hotlines):
    return {
        "mb_handler": make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["klinic"]]),
        "mb_colleague": make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["klinic"]]),
        "national_handler": make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]]),
        "other_handler": make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["hamilton-police"]]),
    }


@pytest.fixture
def mb_tip(people):
    return services.tip_submit(form_data=tip_data(province="MB", city="Winnipeg")).tip


def _url(tip):
    return f"/en/tips/staff/inbox/{tip.id}/reminder/"


def _set(client, user, tip, *, on=None, reason=REASON):
    on = on or timezone.localdate()
    return login(client, user).post(_url(tip), {"reminder-remind_on": on.isoformat(), "reminder-reason": reason})


def test_a_handler_sets_a_reminder_and_sees_it_on_the_tip_page(client, people, mb_tip):
    response = _set(client, people["mb_handler"], mb_tip, on=timezone.localdate() + timedelta(days=3))
    assert response.status_code == 302
    reminder = TipReminder.objects.get(tip=mb_tip)
    assert reminder.created_by == people["mb_handler"] and reminder.hotline.slug == "manitoba-human-trafficking-hotline"
    assert AccessLogEntry.objects.filter(tip=mb_tip, action=AccessLogEntry.Action.REMINDER_SET).count() == 1
    page = client.get(f"/en/tips/staff/inbox/{mb_tip.id}/").content.decode()
    assert REASON in page


def test_another_hotlines_handler_can_neither_set_nor_see_reminders(client, people, mb_tip):
    _set(client, people["mb_handler"], mb_tip)
    assert _set(client, people["other_handler"], mb_tip).status_code == 404
    assert login(client, people["other_handler"]).get(f"/en/tips/staff/inbox/{mb_tip.id}/").status_code == 404
    assert TipReminder.objects.filter(tip=mb_tip).count() == 1


def test_a_handler_of_another_hotline_the_tip_is_with_does_not_see_this_hotlines_reminders(client, people):
    tip = services.tip_submit(form_data=tip_data(province="ON", city="Hamilton")).tip
    hamilton = people["other_handler"]  # Hamilton's handler; the tip is also with the national line
    assert _set(client, hamilton, tip).status_code == 302
    page = login(client, people["national_handler"]).get(f"/en/tips/staff/inbox/{tip.id}/").content.decode()
    assert REASON not in page
    assert REASON in login(client, hamilton).get(f"/en/tips/staff/inbox/{tip.id}/").content.decode()


@pytest.mark.parametrize(
    ("on", "reason"), [(timezone.localdate() - timedelta(days=1), REASON), (timezone.localdate(), "  ")]
)
def test_a_past_date_or_no_reason_is_refused_with_a_message(client, people, mb_tip, on, reason):
    response = _set(client, people["mb_handler"], mb_tip, on=on, reason=reason)
    assert response.status_code == 400
    assert not TipReminder.objects.exists()
    page = response.content.decode()
    assert "Choose today or a later date." in page or "This field is required." in page
    if reason.strip():
        assert reason in page, "the reason typed comes back with the message"


def test_a_due_reminder_is_sent_once_to_its_setter_without_the_reason(
    client, people, mb_tip, django_capture_on_commit_callbacks
):
    _set(client, people["mb_handler"], mb_tip)
    _set(client, people["mb_handler"], mb_tip, on=timezone.localdate() + timedelta(days=1))  # not yet due
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send() == {"sent": 1}
        assert reminders.reminders_send() == {"sent": 0}
    assert [m.to for m in mail.outbox] == [[people["mb_handler"].email]]
    message = mail.outbox[0]
    assert mb_tip.reference in message.subject and f"/tips/staff/inbox/{mb_tip.id}/" in message.body
    assert "CANARY" not in message.subject + message.body + message.alternatives[0][0]
    assert AccessLogEntry.objects.filter(tip=mb_tip, action=AccessLogEntry.Action.REMINDER_SENT).count() == 1


def test_a_reminder_of_a_handler_who_left_goes_to_the_hotlines_handlers(client, people, mb_tip):
    _set(client, people["mb_handler"], mb_tip)
    people["mb_handler"].is_active = False
    people["mb_handler"].save()
    reminders.reminders_send()
    recipients = Notification.objects.filter(template="tips_reminder").values_list("recipient", flat=True)
    assert list(recipients) == [people["mb_colleague"].email]


# ----- stale tips ------------------------------------------------------------------------------------------


def _stale_tips(n, *, days=8):
    for _ in range(n):
        tip = services.tip_submit(form_data=tip_data(province="MB", city="Winnipeg")).tip
        Tip.objects.filter(id=tip.id).update(last_activity_at=timezone.now() - timedelta(days=days))


def test_the_stale_list_shows_open_tips_of_my_hotlines_without_activity(client, people, settings):
    settings.TIPS_STALE_DAYS = 7
    _stale_tips(2)
    _stale_tips(1, days=2)  # recent activity: not listed
    closed = Tip.objects.order_by("id").first()
    services.tip_set_status(tip=closed, actor=people["mb_handler"], status="closed", close_reason="duplicate")
    Tip.objects.filter(id=closed.id).update(last_activity_at=timezone.now() - timedelta(days=8))
    page = login(client, people["mb_handler"]).get("/en/tips/staff/inbox/stale/").content.decode()
    listed = [t.reference for t in Tip.objects.all() if t.reference in page]
    assert len(listed) == 1 and closed.reference not in listed
    other = login(client, people["other_handler"]).get("/en/tips/staff/inbox/stale/").content.decode()
    assert not any(t.reference in other for t in Tip.objects.all())


def test_the_stale_list_is_refused_to_non_handlers(client, make_user, hotline_orgs, hotlines):
    member = make_user(roles.MEMBER, orgs=[hotline_orgs["klinic"]])
    assert login(client, member).get("/en/tips/staff/inbox/stale/").status_code == 403


def test_the_stale_list_costs_the_same_queries_at_1x_and_10x(client, people):
    login(client, people["mb_handler"])

    def queries():
        client.get("/en/tips/staff/inbox/stale/")  # warm the session and the OTP check
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/tips/staff/inbox/stale/").status_code == 200
        return len(captured)

    _stale_tips(3)
    at_1x = queries()
    _stale_tips(27)
    assert queries() == at_1x


def test_the_service_refuses_another_hotlines_handler_and_a_past_date_whatever_the_door(people, mb_tip):
    with pytest.raises(Http404):
        reminders.reminder_set(
            tip=mb_tip, actor=people["other_handler"], remind_on=timezone.localdate(), reason="Call back"
        )
    with pytest.raises(reminders.ReminderError, match="later date"):
        reminders.reminder_set(
            tip=mb_tip, actor=people["mb_handler"], remind_on=timezone.localdate() - timedelta(days=1), reason="x"
        )
    assert not TipReminder.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.REMINDER_SET).exists()


def test_a_date_that_is_not_a_date_is_a_message_not_a_server_error(client, people, mb_tip):
    login(client, people["mb_handler"])
    response = client.post(_url(mb_tip), {"reminder-remind_on": "31/02/2026'", "reminder-reason": "x" * 5000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid date." in page
    assert not TipReminder.objects.exists()

"""Nothing waits unseen: a tip not opened in time escalates (handlers, then coordinators, then the national line),
each step once, content-free, and only to the people of the hotline concerned."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from taskforce import roles
from taskforce.models import Notification
from taskforce.testing.auth import login
from tips import escalation, services
from tips.models import AccessLogEntry, Delivery, TipEscalation

from .factories import tip_data

CANARY = "CANARY-escalation-Platypus"
MB_HOTLINE = "manitoba-human-trafficking-hotline"
NATIONAL = "canadian-human-trafficking-hotline"


@pytest.fixture
def people(make_user, hotline_orgs, hotlines):
    return {
        "mb_handler": make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["klinic"]]),
        "mb_coordinator": make_user(roles.HOTLINE_COORDINATOR, orgs=[hotline_orgs["klinic"]]),
        "national_handler": make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]]),
        "other_handler": make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["hamilton-police"]]),
        "other_coordinator": make_user(roles.HOTLINE_COORDINATOR, orgs=[hotline_orgs["hamilton-police"]]),
    }


def _mb_tip(*, danger_now=False, late_by: timedelta):
    """A Manitoba tip (routed to the Manitoba hotline only), delivered `late_by` ago."""
    tip = services.tip_submit(
        form_data=tip_data(province="MB", city="Winnipeg", what_happened=CANARY, danger_now=danger_now)
    ).tip
    Delivery.objects.filter(tip=tip).update(delivered_at=timezone.now() - late_by)
    return tip


def _sent(template):
    return sorted(Notification.objects.filter(template=template).values_list("recipient", flat=True))


def _steps(tip):
    return sorted(TipEscalation.objects.filter(delivery__tip=tip).values_list("delivery__hotline__slug", "step"))


def test_a_tip_not_opened_in_time_reminds_only_its_hotlines_handlers_once(people, django_capture_on_commit_callbacks):
    tip = _mb_tip(late_by=timedelta(hours=25))  # open_within 24 h: step 1 due, step 2 not yet
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        escalation.escalations_run()
        escalation.escalations_run()  # a second run (beat twice, a redelivered task) mails nobody again

    assert _steps(tip) == [(MB_HOTLINE, 1)]
    assert _sent("tips_escalation_handlers") == [people["mb_handler"].email]
    assert _sent("tips_escalation_coordinators") == []
    assert [m.to for m in mail.outbox] == [[people["mb_handler"].email]]
    message = mail.outbox[0]
    assert tip.reference in message.subject and tip.reference in message.body
    assert CANARY not in message.body + message.subject + message.alternatives[0][0]
    logged = AccessLogEntry.objects.filter(tip=tip, action=AccessLogEntry.Action.ESCALATED)
    assert list(logged.values_list("detail", flat=True)) == [f"{MB_HOTLINE}: step 1"]


def test_twice_the_time_tells_the_hotlines_coordinators_not_another_hotlines(people):
    tip = _mb_tip(late_by=timedelta(hours=49))
    escalation.escalations_run()
    escalation.escalations_run()
    assert _steps(tip) == [(MB_HOTLINE, 1), (MB_HOTLINE, 2)]
    assert _sent("tips_escalation_coordinators") == [people["mb_coordinator"].email]
    assert people["other_coordinator"].email not in _sent("tips_escalation_coordinators")
    assert people["other_handler"].email not in _sent("tips_escalation_handlers")


def test_three_times_the_time_routes_the_tip_to_the_national_hotline_once(people, client):
    tip = _mb_tip(late_by=timedelta(hours=73))
    escalation.escalations_run()
    escalation.escalations_run()

    assert _steps(tip) == [(MB_HOTLINE, 1), (MB_HOTLINE, 2), (MB_HOTLINE, 3)]
    live = Delivery.objects.filter(tip=tip, state=Delivery.State.DELIVERED)
    assert sorted(live.values_list("hotline__slug", flat=True)) == sorted([MB_HOTLINE, NATIONAL])
    assert _sent("tips_delivery").count(people["national_handler"].email) == 1
    assert login(client, people["national_handler"]).get(f"/en/tips/staff/inbox/{tip.id}/").status_code == 200
    # the hotline of another region is never involved
    assert login(client, people["other_handler"]).get(f"/en/tips/staff/inbox/{tip.id}/").status_code == 404


def test_urgent_tips_use_the_urgent_time(people):
    urgent = _mb_tip(danger_now=True, late_by=timedelta(minutes=16))  # open_within_urgent 15 min
    normal = _mb_tip(late_by=timedelta(minutes=16))
    escalation.escalations_run()
    assert _steps(urgent) == [(MB_HOTLINE, 1)]
    assert _steps(normal) == []
    subject = Notification.objects.get(template="tips_escalation_handlers").subject
    assert subject.startswith("URGENT")


def test_an_opened_tip_never_escalates(people, client):
    tip = _mb_tip(late_by=timedelta(minutes=1))
    login(client, people["mb_handler"]).get(f"/en/tips/staff/inbox/{tip.id}/")
    Delivery.objects.filter(tip=tip).update(delivered_at=timezone.now() - timedelta(days=10))
    escalation.escalations_run()
    assert _steps(tip) == []
    assert _sent("tips_escalation_handlers") == []


def test_opening_by_another_hotlines_handler_does_not_stop_this_hotlines_escalation(people, client):
    """A Hamilton tip goes to Hamilton and the national line: the national handler opening it stops only the
    national delivery's clock."""
    tip = services.tip_submit(form_data=tip_data(province="ON", city="Hamilton")).tip
    login(client, people["national_handler"]).get(f"/en/tips/staff/inbox/{tip.id}/")
    Delivery.objects.filter(tip=tip).update(delivered_at=timezone.now() - timedelta(hours=25))
    escalation.escalations_run()
    assert _steps(tip) == [("hamilton-police-victim-services", 1)]


def test_step_three_of_a_tip_already_with_the_national_hotline_adds_no_delivery(people):
    tip = services.tip_submit(form_data=tip_data(province="ON", city="Hamilton")).tip
    Delivery.objects.filter(tip=tip).update(delivered_at=timezone.now() - timedelta(hours=73))
    escalation.escalations_run()
    assert Delivery.objects.filter(tip=tip).count() == 2
    assert (("hamilton-police-victim-services", 3)) in _steps(tip)
    assert ((NATIONAL, 3)) in _steps(tip)


def test_a_closed_tip_does_not_escalate(people):
    tip = _mb_tip(late_by=timedelta(hours=73))
    services.tip_set_status(tip=tip, actor=people["mb_handler"], status="closed", close_reason="duplicate")
    escalation.escalations_run()
    assert _steps(tip) == []


def test_a_run_handles_a_bounded_chunk_and_queues_the_rest(people, settings):
    settings.TIPS_ESCALATION_CHUNK = 2
    tips = [_mb_tip(late_by=timedelta(hours=25)) for _ in range(5)]
    result = escalation.escalations_run()  # eager: the queued next runs follow at once
    assert result["deliveries"] == 2
    assert all(_steps(tip) == [(MB_HOTLINE, 1)] for tip in tips)


def test_a_handler_of_another_hotline_the_tip_is_with_sees_none_of_this_hotlines_escalations(people, client):
    tip = services.tip_submit(form_data=tip_data(province="ON", city="Hamilton")).tip
    login(client, people["national_handler"]).get(f"/en/tips/staff/inbox/{tip.id}/")  # the national line opens it
    Delivery.objects.filter(tip=tip).update(delivered_at=timezone.now() - timedelta(hours=25))
    escalation.escalations_run()
    assert _steps(tip) == [("hamilton-police-victim-services", 1)]
    national_page = login(client, people["national_handler"]).get(f"/en/tips/staff/inbox/{tip.id}/").content.decode()
    assert "hamilton-police-victim-services: step 1" not in national_page
    hamilton_page = login(client, people["other_handler"]).get(f"/en/tips/staff/inbox/{tip.id}/").content.decode()
    assert "hamilton-police-victim-services: step 1" in hamilton_page


def test_a_hotline_with_nobody_to_tell_brings_the_next_steps_forward(make_user, hotline_orgs, hotlines):
    """An urgent tip at a hotline without active handlers or coordinators must not wait on mail never sent: the
    national hotline receives it in the same run as the first step."""
    national_handler = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])
    tip = _mb_tip(danger_now=True, late_by=timedelta(minutes=16))  # urgent: 15 minutes, only step 1 is due
    escalation.escalations_run()
    assert _steps(tip) == [(MB_HOTLINE, 1), (MB_HOTLINE, 2), (MB_HOTLINE, 3)]
    assert tip.deliveries.filter(hotline__slug=NATIONAL, state="delivered").exists()
    assert national_handler.email in _sent("tips_urgent") + _sent("tips_delivery")
    details = AccessLogEntry.objects.filter(tip=tip, action=AccessLogEntry.Action.ESCALATED)
    assert "nobody to tell" in " ".join(details.values_list("detail", flat=True))


def test_with_someone_to_tell_the_steps_keep_their_times(people):
    tip = _mb_tip(danger_now=True, late_by=timedelta(minutes=16))
    escalation.escalations_run()
    assert _steps(tip) == [(MB_HOTLINE, 1)]

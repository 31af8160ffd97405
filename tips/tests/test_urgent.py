"""Urgent first, and replies reach someone (issue 17): the urgent notice, the inbox order and badges, the first
opening, the reporter's messages telling the assignee or the hotline, and the staff menu's unread count."""

import pytest
from django.db import connection
from django.utils import translation

from taskforce import roles
from taskforce.models import Notification
from taskforce.testing.auth import login
from tips import selectors, services
from tips.models import Delivery, Tip, TipSeen

from .factories import FOLLOW_UP_URL, follow_up, grant_to, receipt_code, report_post, tip_data, tip_private_of

pytestmark = pytest.mark.django_db

INBOX = "/en/tips/staff/inbox/"


def detail_url(tip):
    return f"/en/tips/staff/inbox/{tip.id}/"


def submit(**overrides):
    return services.tip_submit(form_data=tip_data(**overrides)).tip


def rows(html: str) -> str:
    return html.split("<tbody>")[1].split("</tbody>")[0]


# ----- urgent first ------------------------------------------------------------------------------------------


def test_a_tip_in_danger_now_sends_its_own_urgent_notice_without_content(hotlines, handler_national):
    urgent = submit(danger_now=True, what_happened="Secret detail 7731")
    normal = submit()
    notice = Notification.objects.get(template="tips_urgent", recipient=handler_national.email)
    assert notice.priority == Notification.Priority.URGENT
    assert notice.subject.startswith("URGENT") and urgent.reference in notice.subject
    assert "in danger now" in notice.body_text and "/tips/staff/inbox/" in notice.body_text
    assert "7731" not in notice.subject + notice.body_text + notice.body_html
    # an ordinary tip keeps the ordinary notice, and an urgent one is not told twice
    assert Notification.objects.filter(template="tips_delivery", subject__contains=normal.reference).exists()
    assert not Notification.objects.filter(template="tips_delivery", subject__contains=urgent.reference).exists()
    assert Tip.objects.get(id=urgent.id).urgent_waiting and not Tip.objects.get(id=normal.id).urgent_waiting


def test_the_urgent_notice_is_in_french_for_a_french_handler(hotlines, make_user, hotline_orgs):
    french = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]], preferred_language="fr")
    tip = submit(danger_now=True)
    notice = Notification.objects.get(template="tips_urgent", recipient=french.email)
    assert notice.subject.startswith("URGENT") and tip.reference in notice.subject
    assert "en danger" in notice.body_text


def test_urgent_unopened_tips_come_first_and_say_so_until_opened(client, hotlines, handler_national):
    urgent = submit(danger_now=True)
    newer = submit()
    login(client, handler_national)
    listed = rows(client.get(INBOX).content.decode())
    assert listed.index(urgent.reference) < listed.index(newer.reference), "the urgent tip is first"
    assert listed.count("Urgent — not yet opened") == 1

    client.get(detail_url(urgent))
    listed = rows(client.get(INBOX).content.decode())
    assert listed.index(newer.reference) < listed.index(urgent.reference), "opened: back in date order"
    assert "Urgent — not yet opened" not in listed
    assert "danger now" in listed  # still marked, no longer first


def test_the_first_opening_is_recorded_once(client, hotlines, handler_national, make_user, hotline_orgs):
    colleague = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])  # before the tip: sealed to both
    tip = submit(danger_now=True)
    login(client, handler_national)
    client.get(detail_url(tip))
    tip.refresh_from_db()
    first = tip.first_opened_at
    delivery = Delivery.objects.get(tip=tip)
    assert first is not None and delivery.opened_at == first and not tip.urgent_waiting
    assert TipSeen.objects.filter(tip=tip, user=handler_national).exists()

    login(client, colleague)
    client.get(detail_url(tip))
    tip.refresh_from_db()
    delivery.refresh_from_db()
    assert tip.first_opened_at == first and delivery.opened_at == first  # once
    assert TipSeen.objects.filter(tip=tip).count() == 2


def test_an_outsider_cannot_open_an_urgent_tip_nor_end_its_wait(client, hotlines, handler_mb, member_national):
    tip = submit(danger_now=True)
    for person in (handler_mb, member_national):
        login(client, person)
        assert client.get(detail_url(tip)).status_code in (403, 404)
    tip.refresh_from_db()
    assert tip.urgent_waiting and tip.first_opened_at is None
    assert Delivery.objects.get(tip=tip).opened_at is None and not TipSeen.objects.exists()


def test_a_hotline_opening_a_shared_tip_marks_only_its_own_delivery(client, hotlines, hotline_orgs, make_user):
    """A Hamilton tip goes to the national line and Hamilton police: each delivery is opened by its own people."""
    hamilton = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["hamilton-police"]])
    tip = submit(province="ON", city="Hamilton")
    login(client, hamilton)
    client.get(detail_url(tip))
    opened = dict(Delivery.objects.filter(tip=tip).values_list("hotline__organization__slug", "opened_at"))
    assert opened["hamilton-police"] is not None and opened["cceht"] is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the production database's plan")
def test_the_urgent_inbox_order_is_read_from_its_index(hotlines, handler_national):
    submit(danger_now=True)
    sql, params = selectors.tips_inbox(user=handler_national)[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "tips_tip_inbox_urgent_order" in plan and "Sort" not in plan, plan


# ----- replies reach someone ---------------------------------------------------------------------------------


def reporter_writes(client, code: str, body: str):
    return follow_up(client, code, body)


@pytest.fixture
def reported(client, hotlines, handler_national):
    """A tip sent through the public form (to the national line, whose handler exists first), and its code."""
    response = report_post(client, what_happened="Alberta farm")
    code = receipt_code(response)
    return Tip.objects.get(), code


def test_a_reporter_message_tells_the_assignee_only_without_content(
    client, reported, handler_national, make_user, hotline_orgs
):
    tip, code = reported
    colleague = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])
    services.tip_assign(tip=tip, actor=handler_national, assignee=colleague)
    Notification.objects.all().delete()
    assert reporter_writes(client, code, "New secret 5512").status_code == 200
    (notice,) = Notification.objects.filter(template="tips_reporter_activity")
    assert notice.recipient == colleague.email
    assert tip.reference in notice.subject and f"/tips/staff/inbox/{tip.id}/" in notice.body_text
    assert "5512" not in notice.subject + notice.body_text + notice.body_html
    tip.refresh_from_db()
    assert tip.reporter_activity_at is not None


def test_a_reporter_message_tells_the_hotline_when_nobody_or_a_departed_handler_has_it(
    client, reported, handler_national, make_user, hotline_orgs
):
    tip, code = reported
    colleague = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])
    other_hotline = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["klinic"]])
    reporter_writes(client, code, "first")
    told = set(Notification.objects.filter(template="tips_reporter_activity").values_list("recipient", flat=True))
    assert told == {handler_national.email, colleague.email}  # unassigned: the hotline's handlers
    assert other_hotline.email not in told

    services.tip_assign(tip=tip, actor=handler_national, assignee=colleague)
    colleague.is_active = False
    colleague.save()
    Notification.objects.all().delete()
    reporter_writes(client, code, "second")
    told = set(Notification.objects.filter(template="tips_reporter_activity").values_list("recipient", flat=True))
    assert told == {handler_national.email}  # the assignee left: the hotline's remaining handlers


def test_a_handlers_reply_tells_nobody_and_sets_the_first_reply_once(hotlines, handler_national):
    tip = submit()
    services.tip_message_add(tip=tip, actor=handler_national, kind="reply", body="We read your tip")
    tip.refresh_from_db()
    first = tip.first_replied_at
    services.tip_message_add(tip=tip, actor=handler_national, kind="note", body="note")
    services.tip_message_add(tip=tip, actor=handler_national, kind="reply", body="again")
    tip.refresh_from_db()
    assert first is not None and tip.first_replied_at == first
    assert tip.reporter_activity_at is None
    assert not Notification.objects.filter(template="tips_reporter_activity").exists()


def test_unread_activity_shows_per_handler_in_the_inbox_and_the_menu(
    client, reported, handler_national, make_user, hotline_orgs
):
    tip, code = reported
    colleague = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])
    grant_to(colleague, by=handler_national, hotline=tip.deliveries.get().hotline)  # joined after the tip came
    login(client, handler_national)
    client.get(detail_url(tip))  # seen before the reporter writes
    anonymous = client.__class__()
    reporter_writes(anonymous, code, "more")

    html = client.get(INBOX).content.decode()
    assert "Unread activity" in rows(html)
    assert 'id="unread-tips"' in html and "1</span>" in html and "tip with unread activity" in html
    client.get(detail_url(tip))
    html = client.get(INBOX).content.decode()
    assert "Unread activity" not in rows(html) and 'id="unread-tips"' not in html

    login(client, colleague)  # never looked at it: unread for them
    html = client.get(INBOX).content.decode()
    assert "Unread activity" in rows(html) and "tip with unread activity" in html


def test_the_unread_count_is_not_for_other_hotlines_nor_other_roles(client, reported, handler_mb, member_national):
    tip, code = reported
    reporter_writes(client.__class__(), code, "more")
    for person in (handler_mb, member_national):
        login(client, person)
        assert 'id="unread-tips"' not in client.get("/en/staff/").content.decode()
        assert selectors.tips_unread_count(person) == 0


@pytest.mark.parametrize("count", [1, 10])
def test_the_menu_count_is_one_bounded_query(client, hotlines, handler_national, django_assert_num_queries, count):
    for _ in range(count):
        tip = submit()
        services.tip_message_add(tip=tip, actor=None, kind="reporter", body="more")
    login(client, handler_national)
    roles.user_organization_ids(handler_national), roles.user_roles(handler_national)  # read once per request
    with django_assert_num_queries(1):
        assert selectors.tips_unread_count(handler_national) == count
    assert f"{count}</span>" in client.get("/en/staff/").content.decode()


def test_public_tip_pages_make_no_extra_query_and_set_no_cookie(client, hotlines, django_assert_num_queries):
    """The menu's count is for signed-in handlers: an anonymous reporter's pages do not look for it."""
    with django_assert_num_queries(0):
        response = client.get(FOLLOW_UP_URL)
    assert response.status_code == 200 and not response.cookies
    with translation.override("en"):
        assert 'id="unread-tips"' not in response.content.decode()


def test_the_menu_count_is_kept_until_a_reporter_writes_and_counted_when_the_cache_is_down(
    reported, handler_national, settings, django_assert_num_queries
):
    tip, code = reported
    roles.user_organization_ids(handler_national), roles.user_roles(handler_national)  # read once per request
    assert selectors.tips_unread_count(handler_national) == 0
    with django_assert_num_queries(0):  # kept: every staff page shows it
        assert selectors.tips_unread_count(handler_national) == 0
    services.tip_message_add(tip=tip, actor=None, kind="reporter", body="more")
    with django_assert_num_queries(1):  # a reporter wrote: counted again at once
        assert selectors.tips_unread_count(handler_national) == 1
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with django_assert_num_queries(1):  # the cache is down: counted, never an error
        assert selectors.tips_unread_count(handler_national) == 1
    services.tip_record_view(tip=tip, actor=handler_national)  # its forgetting fails quietly too
    assert selectors.tips_unread_count(handler_national) == 0


def test_a_rerouted_tips_unread_activity_moves_with_it_at_once(reported, hotlines, handler_national, handler_mb):
    tip, code = reported
    services.tip_message_add(tip=tip, actor=None, kind="reporter", body="more")
    for person in (handler_national, handler_mb):
        roles.user_organization_ids(person), roles.user_roles(person)
    assert (selectors.tips_unread_count(handler_national), selectors.tips_unread_count(handler_mb)) == (1, 0)
    services.tip_reroute(
        tip=tip,
        actor=handler_national,
        from_hotline=hotlines["cceht"],
        to_hotline=hotlines["klinic"],
        tip_private=tip_private_of(handler_national, tip),
    )
    assert (selectors.tips_unread_count(handler_national), selectors.tips_unread_count(handler_mb)) == (0, 1)

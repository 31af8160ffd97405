"""The handlers' inbox: who sees which tip, what handling does, and the access log."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from taskforce.models import Notification
from taskforce.testing.auth import login
from tips import selectors, services
from tips.access import tip_for_user
from tips.models import AccessLogEntry, Tip

from .factories import messages_read_by, tip_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def tip_ab(hotlines, handler_national):
    """Alberta: routed to the national hotline (cceht), whose handler exists first (so the tip is sealed to them)."""
    return services.tip_submit(form_data=tip_data(what_happened="Alberta farm workers")).tip


@pytest.fixture
def tip_mb(hotlines, handler_mb):
    """Manitoba: routed to the Manitoba hotline (klinic), whose handler exists first."""
    return services.tip_submit(form_data=tip_data(province="MB", kind="sex", what_happened="Winnipeg hotel")).tip


def detail_url(tip):
    return f"/en/tips/staff/inbox/{tip.id}/"


# ----- tip_for_user with personas -----------------------------------------------------------------------------


def test_access_helper_personas(tip_ab, handler_national, handler_mb, member_national, outsider):
    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415 -- used by this test only

    assert tip_for_user(handler_national, tip_ab.id) == tip_ab
    with pytest.raises(Http404):
        tip_for_user(handler_mb, tip_ab.id)
    with pytest.raises(PermissionDenied):
        tip_for_user(member_national, tip_ab.id)
    with pytest.raises(PermissionDenied):
        tip_for_user(AnonymousUser(), tip_ab.id)
    with pytest.raises(PermissionDenied):
        tip_for_user(outsider, tip_ab.id)


def test_detail_page_personas(client, tip_ab, handler_national, handler_mb, member_national):
    assert client.get(detail_url(tip_ab)).status_code == 302  # anonymous: sign in first
    login(client, member_national)
    assert client.get(detail_url(tip_ab)).status_code == 403
    login(client, handler_mb)
    assert client.get(detail_url(tip_ab)).status_code == 404
    login(client, handler_national)
    response = client.get(detail_url(tip_ab))
    assert response.status_code == 200
    assert "Alberta farm workers" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_handler_without_one_time_password_is_sent_to_verify(client, tip_ab, handler_national):
    client.force_login(handler_national, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(detail_url(tip_ab))
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    assert not AccessLogEntry.objects.filter(action="viewed").exists()


def test_inbox_lists_only_the_handlers_tips(client, tip_ab, tip_mb, handler_national, handler_mb, member_national):
    login(client, handler_national)
    html = client.get("/en/tips/staff/inbox/").content.decode()
    assert tip_ab.reference in html and tip_mb.reference not in html
    login(client, handler_mb)
    html = client.get("/en/tips/staff/inbox/").content.decode()
    assert tip_mb.reference in html and tip_ab.reference not in html
    login(client, member_national)
    assert client.get("/en/tips/staff/inbox/").status_code == 403


def test_inbox_filters(client, hotlines, handler_national):
    labour = services.tip_submit(form_data=tip_data(kind="labour", province="AB")).tip
    sex_on = services.tip_submit(form_data=tip_data(kind="sex", province="ON", city="Toronto")).tip
    services.tip_set_status(tip=sex_on, actor=handler_national, status="closed", close_reason="duplicate")
    login(client, handler_national)

    def listed(query):
        html = client.get(f"/en/tips/staff/inbox/?{query}").content.decode()
        return {t.reference for t in (labour, sex_on) if t.reference in html}

    assert listed("") == {labour.reference, sex_on.reference}
    assert listed("status=closed") == {sex_on.reference}
    assert listed("kind=labour") == {labour.reference}
    assert listed("province=ON") == {sex_on.reference}
    for stale in ("province=ZZ", "status=bogus", "kind=labour&province=ZZ"):  # never a list that looks filtered
        refused = client.get(f"/en/tips/staff/inbox/?{stale}")
        assert refused.status_code == 400, stale
        html = refused.content.decode()
        assert "filters the inbox by a value it does not offer" in html and labour.reference not in html


@pytest.mark.parametrize("count", [1, 10])
def test_inbox_query_count_does_not_grow_with_tips(
    client, hotlines, handler_national, django_assert_num_queries, count
):
    """Every row shows its assignee and hotlines, and none of them costs a query of its own."""
    for n in range(count):
        tip = services.tip_submit(form_data=tip_data(province="ON", city="Hamilton")).tip
        if n % 2:
            services.tip_assign(tip=tip, actor=handler_national, assignee=handler_national)
    login(client, handler_national)
    client.get("/en/tips/staff/inbox/")  # warm the session and role caches
    # session, user, OTP device, roles, organizations, the handler's hotlines, the page (with each tip's unread
    # activity, its assignee and the bounded count), the page's hotlines (the staff menu's unread count is kept
    # from the first visit: tips_unread_count)
    with django_assert_num_queries(8):
        response = client.get("/en/tips/staff/inbox/")
    html = response.content.decode()
    assert html.count("<tr>") == count + 1
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("Nat Handler") == count // 2
    assert rows.count("Canadian Human Trafficking Hotline") == count


def test_the_inbox_counts_only_so_far_and_says_more_than(client, hotlines, handler_national, settings):
    """At 100,000 tips a full count cost more than the page: the inbox stops counting at TIPS_INBOX_COUNT_LIMIT."""
    settings.TIPS_INBOX_COUNT_LIMIT = 4
    settings.TIPS_INBOX_PAGE_SIZE = 2
    for _ in range(6):
        services.tip_submit(form_data=tip_data(province="ON", city="Hamilton"))
    login(client, handler_national)
    html = client.get("/en/tips/staff/inbox/").content.decode()
    assert "More than 4 tips match, urgent unopened ones first, then the newest." in html and "6 tips match" not in html
    assert "after=" in html, "no link to the older tips"
    settings.TIPS_INBOX_COUNT_LIMIT = 10
    assert (
        "6 tips match, urgent unopened ones first, then the newest."
        in client.get("/en/tips/staff/inbox/").content.decode()
    )


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of test rows is cheaper to scan and sort than to read through an index: the planner is told to
        # avoid both whenever the database offers another way, which only an index in the inbox's order does.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the production database's plan")
@pytest.mark.parametrize(
    ("status", "index"), [("", "tips_tip_inbox_urgent_order"), ("new", "tips_tip_inbox_urgent_order")]
)
def test_an_inbox_page_is_read_in_index_order_without_sorting_every_tip(hotlines, handler_national, status, index):
    """The page reads its rows from an index in the inbox's order and stops after them: no sort of all the tips,
    whose cost grew with every tip ever received (p50 4.9 s at 100,000 tips)."""
    services.tip_submit(form_data=tip_data(province="ON", city="Hamilton"))
    page = selectors.tips_inbox(user=handler_national, status=status)[:50]
    plan = _plan(page)
    assert index in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan and "Sort" not in plan, plan


# ----- handling and the access log ---------------------------------------------------------------------------


def log_actions(tip):
    return list(AccessLogEntry.objects.filter(tip_reference=tip.reference).values_list("action", flat=True))


def test_every_view_is_logged(client, tip_ab, handler_national):
    login(client, handler_national)
    client.get(detail_url(tip_ab))
    client.get(detail_url(tip_ab))
    assert log_actions(tip_ab).count("viewed") == 2
    entry = AccessLogEntry.objects.filter(action="viewed").first()
    assert entry.actor == handler_national


def test_refused_views_are_not_logged_as_views(client, tip_ab, handler_mb):
    login(client, handler_mb)
    client.get(detail_url(tip_ab))
    assert "viewed" not in log_actions(tip_ab)


def test_status_assign_note_reply_are_logged(client, tip_ab, handler_national, make_user, hotline_orgs):
    from taskforce import roles  # noqa: PLC0415 -- used by this test only

    colleague = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])
    login(client, handler_national)
    base = detail_url(tip_ab)
    assert client.post(base + "status/", {"status": "triaged"}).status_code == 302
    assert client.post(base + "assign/", {"assignee": colleague.id}).status_code == 302
    assert client.post(base + "note/", {"note-body": "Looks credible."}).status_code == 302
    assert client.post(base + "reply/", {"reply-body": "Thanks, we are on it."}).status_code == 302
    tip = Tip.objects.get(id=tip_ab.id)
    assert tip.status == "triaged" and tip.assigned_to == colleague
    assert messages_read_by(handler_national, tip) == [("note", "Looks credible."), ("reply", "Thanks, we are on it.")]
    assert log_actions(tip)[-4:] == ["status", "assigned", "note", "replied"]


def test_bad_handling_input_is_a_message_not_a_500(client, tip_ab, handler_national, handler_mb):
    login(client, handler_national)
    response = client.post(detail_url(tip_ab) + "status/", {"status": "bogus"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert client.post(detail_url(tip_ab) + "reply/", {"reply-body": ""}).status_code == 400
    assert not tip_ab.messages.exists()
    login(client, handler_mb)  # another organization's handler cannot change it
    assert client.post(detail_url(tip_ab) + "status/", {"status": "closed"}).status_code == 404
    assert client.post(detail_url(tip_ab) + "reply/", {"reply-body": "hi"}).status_code == 404
    assert Tip.objects.get(id=tip_ab.id).status == "new" and not tip_ab.messages.exists()


def test_cannot_assign_to_a_handler_of_another_organization(client, tip_ab, handler_national, handler_mb):
    login(client, handler_national)
    client.post(detail_url(tip_ab) + "assign/", {"assignee": handler_mb.id})
    assert Tip.objects.get(id=tip_ab.id).assigned_to is None


def test_reroute_moves_the_tip_to_the_other_hotline(
    client, tip_ab, hotlines, handler_national, handler_mb, django_capture_on_commit_callbacks
):
    login(client, handler_national)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url(tip_ab) + "reroute/", {"from_hotline": hotlines["cceht"].id, "to_hotline": hotlines["klinic"].id}
        )
    assert response.status_code == 302 and response["Location"] == "/en/tips/staff/inbox/"
    assert client.get(detail_url(tip_ab)).status_code == 404
    login(client, handler_mb)
    assert client.get(detail_url(tip_ab)).status_code == 200
    assert Notification.objects.filter(recipient=handler_mb.email, template="tips_delivery").count() == 1
    assert "rerouted" in log_actions(tip_ab)


def test_reroute_only_from_ones_own_hotline(client, tip_ab, hotlines, handler_national):
    login(client, handler_national)
    client.post(
        detail_url(tip_ab) + "reroute/",
        {"from_hotline": hotlines["hamilton-police"].id, "to_hotline": hotlines["klinic"].id},
    )
    assert client.get(detail_url(tip_ab)).status_code == 200
    assert "rerouted" not in log_actions(tip_ab)


@pytest.mark.parametrize("count", [1, 10])
def test_detail_query_count_does_not_grow_with_messages(
    client, tip_ab, handler_national, django_assert_num_queries, count
):
    for n in range(count):
        services.tip_message_add(tip=tip_ab, actor=handler_national, kind="note", body=f"note {n}")
        services.tip_message_add(tip=tip_ab, actor=None, kind="reporter", body=f"message {n}")
    login(client, handler_national)
    client.get(detail_url(tip_ab))
    # 16, and since issue 17: this hotline's first opening, the handler's "seen", the tip's labels, whether the
    # handler has labels to apply, the staff menu's unread count, the reminders list, and the handler's hotlines
    # (whose escalations and reminders the log shows); since issue 23, the handler's grant to the tip's key
    with django_assert_num_queries(24):
        response = client.get(detail_url(tip_ab))
    assert response.content.decode().count("note ") >= count

"""The inbox's pages, by keyset: urgent unopened tips first, then the newest, each page starting after the last
tip of the one before it (never an OFFSET), so that no tip is skipped or shown twice and a page deep in 100,000
tips costs what the first does."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taskforce import roles
from taskforce.testing.auth import login
from tips import selectors, services
from tips.models import Tip

from .factories import tip_data

pytestmark = pytest.mark.django_db

INBOX = "/en/tips/staff/inbox/"
LINK = re.compile(r'href="\?([^"]*(?:after|before)=[^"]*)">(Next|Previous)<')


def _submit(count: int, **overrides) -> list[Tip]:
    return [
        services.tip_submit(form_data=tip_data(province="ON", city="Hamilton", **overrides)).tip for _ in range(count)
    ]


def _listed(html: str, tips) -> list[str]:
    """The references of `tips` in the order the page lists them."""
    found = {tip.reference: html.find(f">{tip.reference}</a>") for tip in tips}
    return [reference for reference, at in sorted(found.items(), key=lambda item: item[1]) if at >= 0]


def _links(html: str) -> dict[str, str]:
    return {word: unescape(query) for query, word in LINK.findall(html)}


@pytest.fixture
def shuffled_inbox(hotlines, settings):
    """Eight tips of the national hotline: two urgent ones nobody opened (the older of them first in the tips'
    order of arrival), and three received in the same microsecond, the order the id breaks."""
    settings.TIPS_INBOX_PAGE_SIZE = 3
    tips = _submit(8)
    now = timezone.now().replace(microsecond=0)
    for n, tip in enumerate(tips):
        Tip.objects.filter(id=tip.id).update(created_at=now - timedelta(minutes=n), urgent_waiting=False)
    same = now - timedelta(hours=1)
    Tip.objects.filter(id__in=[tips[2].id, tips[3].id, tips[4].id]).update(created_at=same)
    Tip.objects.filter(id__in=[tips[6].id, tips[7].id]).update(urgent_waiting=True)
    return list(Tip.objects.filter(id__in=[tip.id for tip in tips]))


def _expected(tips) -> list[str]:
    ordered = sorted(tips, key=lambda tip: (tip.urgent_waiting, tip.created_at, tip.id), reverse=True)
    return [tip.reference for tip in ordered]


def test_next_pages_list_every_tip_once_urgent_first_then_newest(client, shuffled_inbox, handler_national):
    login(client, handler_national)
    pages, query = [], ""
    for _ in range(5):
        html = client.get(f"{INBOX}?{query}").content.decode()
        pages.append(_listed(html, shuffled_inbox))
        query = _links(html).get("Next")
        if query is None:
            break
    assert [len(page) for page in pages] == [3, 3, 2], "a page is missing, short or one too many"
    listed = [reference for page in pages for reference in page]
    assert listed == _expected(shuffled_inbox), "not urgent first, then newest (ties in the order of the ids)"
    assert set(listed[:2]) == {tip.reference for tip in shuffled_inbox if tip.urgent_waiting}, "urgent not first"


def test_previous_pages_come_back_the_same(client, shuffled_inbox, handler_national):
    login(client, handler_national)
    forward, query = [], ""
    while query is not None:
        html = client.get(f"{INBOX}?{query}").content.decode()
        forward.append(_listed(html, shuffled_inbox))
        query = _links(html).get("Next")
    backward, query = [], _links(html).get("Previous")
    while query is not None:
        html = client.get(f"{INBOX}?{query}").content.decode()
        backward.append(_listed(html, shuffled_inbox))
        query = _links(html).get("Previous")
    assert backward == forward[-2::-1]
    assert "Previous" not in _links(html), "the first page has no page before it"


def test_a_page_link_keeps_the_filter(client, hotlines, handler_national, settings):
    settings.TIPS_INBOX_PAGE_SIZE = 2
    labour = _submit(3, kind="labour")
    sex = _submit(2, kind="sex")
    login(client, handler_national)
    html = client.get(f"{INBOX}?kind=labour").content.decode()
    query = _links(html)["Next"]
    assert query.startswith("kind=labour&after=")
    second = client.get(f"{INBOX}?{query}").content.decode()
    assert len(_listed(html, labour) + _listed(second, labour)) == 3 and not _listed(second, sex)
    assert "Next" not in _links(second)


def test_a_handler_never_pages_into_another_hotlines_tips(client, hotlines, handler_national, handler_mb, settings):
    """The Manitoba handler's pages list only Manitoba tips, even from a link made of a national tip."""
    settings.TIPS_INBOX_PAGE_SIZE = 2
    manitoba = [services.tip_submit(form_data=tip_data(province="MB", kind="sex")).tip for _ in range(3)]
    national = _submit(3)  # the newer ones: a link after the national hotline's second tip leads to older tips
    login(client, handler_national)
    html = client.get(INBOX).content.decode()
    national_link = _links(html)["Next"]
    assert _listed(html, national) and not _listed(html, manitoba)
    login(client, handler_mb)
    seen, query = [], ""
    while query is not None:
        html = client.get(f"{INBOX}?{query}").content.decode()
        assert not _listed(html, national), "another hotline's tip is listed"
        seen += _listed(html, manitoba)
        query = _links(html).get("Next")
    assert sorted(seen) == sorted(tip.reference for tip in manitoba)
    html = client.get(f"{INBOX}?{national_link}").content.decode()
    assert not _listed(html, national) and _listed(html, manitoba)


def test_only_tip_handlers_page_through_the_inbox(client, shuffled_inbox, handler_national, make_user, hotline_orgs):
    """A hotline coordinator runs the team but reads no tip: refused, on the first page and on a later one. The
    same person given the handler role as well reads the inbox like any handler."""
    login(client, handler_national)
    later = _links(client.get(INBOX).content.decode())["Next"]
    coordinator = make_user(roles.HOTLINE_COORDINATOR, orgs=[hotline_orgs["cceht"]])
    login(client, coordinator)
    assert client.get(INBOX).status_code == 403
    assert client.get(f"{INBOX}?{later}").status_code == 403
    both = make_user(roles.HOTLINE_COORDINATOR, roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])
    login(client, both)
    response = client.get(f"{INBOX}?{later}")
    assert response.status_code == 200 and len(_listed(response.content.decode(), shuffled_inbox)) == 3


@pytest.mark.parametrize(
    "query",
    [
        "after=abc",
        "after=1-2",
        "after=2-1764690333000000-12",
        "before=1-1764690333000000-x",
        "after=1-123456789012345678-1",
        "after=0-1764690333000000-12&before=0-1764690333000000-13",
        "after=",
    ],
)
def test_a_bad_page_link_is_a_clear_400(client, shuffled_inbox, handler_national, query):
    login(client, handler_national)
    response = client.get(f"{INBOX}?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert "This link to a page of the inbox is not valid." in html
    assert not _listed(html, shuffled_inbox)


@pytest.mark.parametrize("count", [1, 10])
def test_a_later_page_costs_the_same_queries_whatever_the_number_of_tips(
    client, hotlines, handler_national, settings, django_assert_num_queries, count
):
    """The second page is one walk of the index from the first page's last tip: the queries of the first page,
    whatever the number of tips before it."""
    settings.TIPS_INBOX_PAGE_SIZE = 2
    for n, tip in enumerate(_submit(2 + count)):
        if n % 2:
            services.tip_assign(tip=tip, actor=handler_national, assignee=handler_national)
    login(client, handler_national)
    later = _links(client.get(INBOX).content.decode())["Next"]
    client.get(f"{INBOX}?{later}")  # warm the session and role caches
    # session, user, OTP device, roles, organizations, the handler's hotlines, the page (with each tip's unread
    # activity, its assignee and the bounded count), the page's hotlines (the menu's unread count is kept)
    with django_assert_num_queries(8):
        response = client.get(f"{INBOX}?{later}")
    assert response.status_code == 200 and response.content.decode().count("<tr>") == 1 + min(count, 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the production database's plan")
@pytest.mark.parametrize("edge", ["after", "before"])
def test_a_later_page_starts_in_the_index_at_its_link(hotlines, handler_national, edge):
    """A page after (or before) a tip is read from the inbox's index starting at that tip: no OFFSET, no sort,
    whatever the number of tips before it."""
    tips = _submit(3)
    cursor = selectors.InboxCursor.of(Tip.objects.get(id=tips[1].id))
    with CaptureQueriesContext(connection) as queries:
        selectors.inbox_page(selectors.tips_inbox(user=handler_national), size=50, count_limit=10, **{edge: cursor})
    sql = next(query["sql"] for query in queries.captured_queries if "tips_tipseen" in query["sql"])
    with connection.cursor() as db:
        db.execute("SET LOCAL enable_seqscan = off")
        db.execute("SET LOCAL enable_sort = off")
        db.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in db.fetchall())
    assert "tips_tip_inbox_urgent_order" in plan and "Index Cond: (ROW(" in plan, plan
    assert "Sort" not in plan and "OFFSET" not in sql, plan


def test_the_words_of_each_row_follow_the_readers_language(client, hotlines, handler_national):
    """The kinds, regions and statuses are translated once per language and process (taskforce.vocabulary.labels):
    a French page after an English one is in French, and the English one after it in English again."""
    _submit(1, kind="labour")
    login(client, handler_national)
    english = client.get(INBOX).content.decode()
    french = client.get("/fr/tips/staff/inbox/").content.decode()
    assert ">Forced labour</td>" in english and ">Ontario</td>" in english and ">New</td>" in english
    assert ">Travail forcé</td>" in french and ">Nouveau</td>" in french
    assert '<option value="labour">Travail forcé</option>' in french
    assert ">Forced labour</td>" in client.get(INBOX).content.decode()

"""A complete month's statistics are frozen when first published (issue 19, G2): purging closed tips, a learner
changing sector or an account being deleted changes no published number, a hidden number stays hidden, what is
stored is already protected, and two servers freezing one month at once keep one table."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from opendata import stats
from opendata.datasets import dataset
from opendata.models import FrozenTable
from opendata.services import tables_freeze
from opendata.tasks import statistics_freeze
from taskforce.audit import AppendOnlyError
from tips.models import Tip
from tips.services import tips_purge_closed

from .test_statistics import make_tips

pytestmark = pytest.mark.django_db
TIPS = "statistics-tips-by-month"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def months_ago(n: int) -> dt.datetime:
    first = timezone.localdate().replace(day=1)
    for _ in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return timezone.make_aware(dt.datetime.combine(first.replace(day=10), dt.time(12)))


def close_for_purge(tips):
    """Closed long enough ago, and warned, that the real purge deletes them on its next run."""
    long_ago = timezone.now() - dt.timedelta(days=200)
    Tip.objects.filter(id__in=[t.id for t in tips]).update(
        status=Tip.Status.CLOSED,
        closed_at=long_ago,
        last_activity_at=long_ago,
        purge_warned_at=timezone.now() - dt.timedelta(days=2),
    )


def rows(slug, period=None):
    return [r for r in dataset(slug).rows() if period is None or r.get("period") == period]


def test_purging_a_past_months_tips_changes_no_published_number():
    at = months_ago(4)
    month = f"{at:%Y-%m}"
    make_tips(30, province="AB", at=at)
    make_tips(14, province="AB", kind="labour", at=at)
    gone = make_tips(8, province="BC", at=at) + make_tips(12, province="ON", at=at)
    make_tips(20, province="ON", kind="labour", at=at)
    before, referrals = rows(TIPS, month), rows("statistics-referrals-by-month", month)
    shown = {(r["province"], r["kind"], r["source"]): r["count"] for r in before if not r["suppressed"]}
    assert shown == {("ON", "", "web"): 32, ("", "", ""): 84}  # the rest is hidden to protect BC's 8
    close_for_purge(gone[:5] + gone[-6:])
    assert tips_purge_closed()["purged"] == 11
    assert Tip.objects.filter(created_at__month=at.month).count() == 84 - 11
    cache.clear()  # counted again from the rows, were it not frozen
    assert rows(TIPS, month) == before
    assert rows("statistics-referrals-by-month", month) == referrals


def test_a_cell_hidden_when_published_stays_hidden(settings):
    at = months_ago(2)
    month = f"{at:%Y-%m}"
    make_tips(25, province="AB", at=at)
    make_tips(3, province="BC", at=at)
    make_tips(20, province="BC", kind="labour", at=at)
    before = rows(TIPS, month)

    def bc_sex(found):
        return next(r for r in found if (r["province"], r["kind"], r["source"]) == ("BC", "sex", "web"))

    assert bc_sex(before)["suppressed"] and bc_sex(before)["count"] is None
    settings.OPEN_DATA_MIN_CELL = 0  # no threshold later: counted again, the 3 would be shown
    cache.clear()
    after = rows(TIPS, month)
    assert bc_sex(after)["suppressed"] and bc_sex(after)["count"] is None
    assert after == before


def test_a_frozen_table_holds_no_number_below_the_threshold():
    at = months_ago(1)
    for province, kind, n in (("AB", "sex", 30), ("AB", "labour", 14), ("BC", "sex", 3), ("ON", "labour", 32)):
        make_tips(n, province=province, kind=kind, at=at)
    assert rows(TIPS)
    stored = FrozenTable.objects.get(table="tips", period=f"{at:%Y-%m}")
    lines = [*stored.data["cells"], stored.data["row_totals"], stored.data["column_totals"], [stored.data["total"]]]
    numbers = [v for line in lines for v in line if v is not None]
    assert numbers and min(numbers) >= 11 and stored.min_cell == 11
    assert stored.data["cells"][2] == [None] * 4  # BC's 3: hidden, not kept


def test_training_completions_stay_when_a_learner_changes_sector_or_leaves(settings, make_user):
    from training.models import Enrolment, LearnerProfile  # noqa: PLC0415 -- this test only
    from training.tests.factories import make_course  # noqa: PLC0415 -- this test only

    settings.OPEN_DATA_MIN_CELL = 0  # every number shown, so that any change would be seen
    course = make_course("frozen-course")
    year = timezone.localdate().year - 1
    at = timezone.make_aware(dt.datetime(year, 6, 1, 12))
    people = [make_user() for _ in range(4)]
    LearnerProfile.objects.bulk_create([LearnerProfile(user=p, audience="police") for p in people[:3]])
    for person in people:
        Enrolment.objects.create(user=person, course=course, version=course.current_version, completed_at=at)
    before = rows("statistics-training-completions")
    assert {(r["course"], r["audience"]): r["count"] for r in before if r["year"] == year}[
        ("frozen-course", "police")
    ] == 3
    LearnerProfile.objects.filter(user=people[0]).update(audience="health")
    people[1].delete()  # the account and its enrolments go
    people[3].delete()
    cache.clear()
    assert rows("statistics-training-completions") == before


def test_the_page_says_published_months_are_frozen(client):
    make_tips(12)
    body = client.get("/en/statistics/").content.decode()
    assert "frozen when first published" in body
    assert "can go down" not in body
    assert "frozen when first published" in str(dataset(TIPS).method)


def test_two_servers_freezing_one_month_keep_the_first():
    first = tables_freeze(table="tips", tables={"2020-01": {"n": 1}}, min_cell=11)
    second = tables_freeze(table="tips", tables={"2020-01": {"n": 2}, "2020-02": {"n": 3}}, min_cell=11)
    assert first == {"2020-01": {"n": 1}}
    assert second == {"2020-01": {"n": 1}, "2020-02": {"n": 3}}
    assert FrozenTable.objects.filter(table="tips").count() == 2


def test_frozen_tables_are_append_only():
    tables_freeze(table="tips", tables={"2020-01": {"n": 1}}, min_cell=11)
    row = FrozenTable.objects.get()
    with pytest.raises(AppendOnlyError):
        FrozenTable.objects.update(data={"n": 2})
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE opendata_frozentable SET data = '{}'")


def test_the_daily_task_freezes_each_complete_period_once():
    make_tips(12, at=months_ago(1))
    made = statistics_freeze()
    year = months_ago(1).year
    months = len(stats.months_of(year))
    assert made >= 3 * months  # tips, assessments and hotline medians of every complete month of the year
    assert FrozenTable.objects.filter(table="tips", period=f"{months_ago(1):%Y-%m}").exists()
    assert statistics_freeze() == 0
    assert not FrozenTable.objects.filter(period=f"{timezone.localdate():%Y-%m}").exists()  # this month: not yet


def test_a_year_whose_tips_are_all_purged_is_still_offered():
    at = months_ago(14)
    tips = make_tips(40, at=at)
    before = rows(TIPS, f"{at:%Y-%m}")
    close_for_purge(tips)
    assert tips_purge_closed()["purged"] == 40
    cache.clear()
    assert at.year in stats.years()
    assert rows(TIPS, f"{at:%Y-%m}") == before

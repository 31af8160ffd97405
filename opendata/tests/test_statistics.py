"""The public statistics: counts right, nothing small published, nothing from a tip's text, the page in English and
French without JavaScript, a clear 400 for a bad year, a flat number of queries from 1x to 10x data, and a page that
works with the cache down."""

import datetime as dt
import itertools
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from firstcontact.models import Assessment, AssessmentVersion, Referral
from opendata import stats
from opendata.datasets import all_datasets, dataset
from publications.models import RegistryEntry
from publications.tests.factories import make_entry
from taskforce.testing.factories import OrganizationFactory
from tips.models import Delivery, Hotline, Tip

pytestmark = pytest.mark.django_db
URL = "/en/statistics/"
_n = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def last_month(day=10) -> dt.datetime:
    first = timezone.localdate().replace(day=1)
    previous = (first - dt.timedelta(days=1)).replace(day=day)
    return timezone.make_aware(dt.datetime.combine(previous, dt.time(12)))


def make_tips(n, *, province="AB", kind="sex", source="web", at=None, text="What I saw", hotline=None):
    at = at or last_month()
    tips = Tip.objects.bulk_create(
        [
            Tip(
                reference=f"T{next(_n):08d}",
                receipt_hash=f"h{next(_n):063d}",
                province=province,
                kind=kind,
                source=source,
                what_happened=text,
                city=text,
                created_at=at,
            )
            for _ in range(n)
        ]
    )
    if hotline is not None:
        Delivery.objects.bulk_create(
            [
                Delivery(
                    tip=tip,
                    hotline=hotline,
                    delivered_at=at,
                    opened_at=at + dt.timedelta(hours=2),
                )
                for tip in tips
            ]
        )
        Tip.objects.filter(id__in=[t.id for t in tips]).update(first_replied_at=at + dt.timedelta(hours=5))
    return tips


def make_assessments(n, *, province="AB", provider, referred=0):
    version, _ = AssessmentVersion.objects.get_or_create(number=99, defaults={"status": "published"})
    made = Assessment.objects.bulk_create(
        [
            Assessment(version=version, provider=provider, province=province, kind="sex", score=1, level="low")
            for _ in range(n)
        ]
    )
    Assessment.objects.filter(id__in=[a.id for a in made]).update(created_at=last_month())
    Referral.objects.bulk_create(
        [Referral(assessment=a, consent_given=True, consent_text="yes", tip_reference="T") for a in made[:referred]]
    )
    Referral.objects.filter(assessment__in=made).update(made_at=last_month())


def published_counts(slug):
    return [row for row in dataset(slug).rows() if not row["suppressed"]]


def test_counts_are_right_on_a_small_fixture(settings):
    settings.OPEN_DATA_MIN_CELL = 0  # nothing hidden: every count checked against the fixture
    make_tips(3, province="AB", kind="sex")
    make_tips(2, province="AB", kind="labour", source="assessment")
    make_tips(4, province="BC", kind="sex")
    make_tips(5, province="BC", kind="sex", at=last_month() - dt.timedelta(days=40))  # the month before
    make_tips(7, province="ON", at=timezone.now())  # this month: not complete, not counted
    month = f"{last_month():%Y-%m}"
    rows = {
        (r["period"], r["province"], r["kind"], r["source"]): r["count"]
        for r in dataset("statistics-tips-by-month").rows()
    }
    assert rows[(month, "AB", "sex", "web")] == 3
    assert rows[(month, "AB", "labour", "assessment")] == 2
    assert rows[(month, "AB", "", "web")] == 3 and rows[(month, "AB", "", "assessment")] == 2
    assert rows[(month, "", "sex", "")] == 3 + 4
    assert rows[(month, "", "", "")] == 9
    assert rows[(month, "ON", "", "web")] == 0
    this_month = f"{timezone.localdate():%Y-%m}"
    assert not any(key[0] == this_month for key in rows)


def test_assessments_referrals_and_registry_counted(settings, coordinator):
    settings.OPEN_DATA_MIN_CELL = 0
    make_assessments(4, province="MB", provider=coordinator, referred=3)
    make_tips(3, province="MB", source="assessment")  # what those referrals sent
    make_entry(created_by=coordinator, industry="construction")
    make_entry(created_by=coordinator, industry="construction", status=RegistryEntry.Status.DRAFT)
    make_entry(created_by=coordinator, industry="construction", is_fictional=True)
    month = f"{last_month():%Y-%m}"
    assessed = {(r["period"], r["province"]): r["count"] for r in dataset("statistics-assessments-by-month").rows()}
    referred = {(r["period"], r["province"]): r["count"] for r in dataset("statistics-referrals-by-month").rows()}
    registry = {
        (r["industry"], r["status"]): r["count"] for r in dataset("statistics-registry-by-industry-status").rows()
    }
    assert assessed[(month, "MB")] == 4 and referred[(month, "MB")] == 3
    assert registry[("construction", "published")] == 1  # the draft and the fictional one are not counted
    assert registry[("", "")] == 1


def test_referrals_are_the_tips_tables_totals_hidden_in_the_same_places():
    """Counted apart, the referrals would hide a number the tips table shows, or the other way round, and one table
    would give away what the other hides."""
    for province, n in (("AB", 14), ("BC", 3), ("MB", 12)):
        make_tips(n, province=province, source="assessment")
        make_tips(20, province=province)
    tips = {
        (r["period"], r["province"]): r
        for r in dataset("statistics-tips-by-month").rows()
        if r["source"] == "assessment" and r["kind"] == ""
    }
    referrals = list(dataset("statistics-referrals-by-month").rows())
    assert referrals
    for row in referrals:
        assert (row["count"], row["suppressed"]) == (
            tips[row["period"], row["province"]]["count"],
            tips[row["period"], row["province"]]["suppressed"],
        )
    assert not any(row["province"] == "" for row in referrals)  # no totals of their own


def test_no_published_count_is_below_the_threshold(coordinator):
    for province, n in (("AB", 25), ("BC", 3), ("ON", 14), ("QC", 1)):
        make_tips(n, province=province)
        make_tips(n // 2, province=province, kind="labour")
    make_assessments(12, provider=coordinator, referred=2)
    for data in all_datasets():
        if data.theme != "statistics":
            continue
        for row in data.rows():
            assert row["suppressed"] == (row.get("count", 0) is None) or "count" not in row
            if row.get("count") is not None:
                assert row["count"] >= 11, (data.slug, row)
    small = [r for r in dataset("statistics-tips-by-month").rows() if r["province"] == "BC" and r["kind"] == "sex"]
    assert small and all(r["suppressed"] and r["count"] is None for r in small)


def test_hotline_medians_only_over_enough_tips(settings):
    busy = Hotline.objects.create(slug="busy", name="Busy line", phone="1", organization=OrganizationFactory())
    quiet = Hotline.objects.create(slug="quiet", name="Quiet line", phone="2", organization=OrganizationFactory())
    make_tips(12, hotline=busy)
    make_tips(4, hotline=quiet)
    rows = {r["hotline_name"]: r for r in dataset("statistics-hotline-response-times").rows()}
    assert {r["hotline"] for r in rows.values()} == {"busy", "quiet"}
    assert rows["Busy line"]["median_hours_to_open"] == 2.0
    assert rows["Busy line"]["median_hours_to_reply"] == 5.0
    assert rows["Quiet line"]["suppressed"] and rows["Quiet line"]["median_hours_to_open"] is None
    assert "count" not in rows["Busy line"]  # how many tips a hotline got is not published


def test_no_number_comes_from_a_tips_text(settings):
    settings.OPEN_DATA_MIN_CELL = 0
    tips = make_tips(6, text="first wording")
    with CaptureQueriesContext(connection) as queries:
        before = list(dataset("statistics-tips-by-month").rows())
    assert not any("what_happened" in q["sql"] or '"city"' in q["sql"] for q in queries.captured_queries)
    for tip in tips:  # the same tips, every text changed
        tip.what_happened = "something else entirely, 42 people"
        tip.city = "Elsewhere"
        tip.save()
    cache.clear()
    assert list(dataset("statistics-tips-by-month").rows()) == before


def test_page_in_english_and_french(client, coordinator):
    make_tips(15)
    make_assessments(12, provider=coordinator)
    english = client.get(URL)
    assert english.status_code == 200
    body = english.content.decode()
    assert '<html lang="en"' in body and "<script" not in body.split("<main")[-1].split("</main>")[0]
    assert "<caption>" in body and 'scope="row"' in body and 'scope="col"' in body
    assert "hidden" in body and "fewer than 11" in body
    french = client.get("/fr/statistics/")
    assert french.status_code == 200
    text = french.content.decode()
    assert '<html lang="fr"' in text and "Statistiques" in text and "moins de 11" in text


def test_a_year_not_offered_is_a_clear_400(client):
    for bad in ("abc", "1900", "2026-01", "-1", "²", "１２", "9" * 5000, "\x00"):
        response = client.get(URL, {"year": bad})
        assert response.status_code == 400
        assert b"year" in response.content


def test_a_year_filter_shows_that_year(client):
    make_tips(12)
    year = last_month().year
    response = client.get(URL, {"year": year})
    assert response.status_code == 200
    assert f'value="{year}" selected' in response.content.decode()


def _load(factor, coordinator):
    for province in ("AB", "BC", "MB", "ON"):
        make_tips(3 * factor, province=province)
        make_tips(2 * factor, province=province, kind="labour", source="assessment")
    make_assessments(5 * factor, provider=coordinator, referred=2 * factor)
    for _ in range(factor):
        make_entry(created_by=coordinator)


def _page_queries(client, factor, coordinator) -> tuple[int, int, int]:
    """The queries of the page's first request (which freezes the year's months), of one after the cache is
    cleared (served from the frozen tables) and of the next (from the cache), on `factor` times the data; rolled
    back after, so that each factor starts with nothing frozen."""
    with transaction.atomic():
        _load(factor, coordinator)
        counted = []
        for clear in (True, True, False):
            if clear:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(URL).status_code == 200
            counted.append(len(queries.captured_queries))
        transaction.set_rollback(True)
    return tuple(counted)


def test_query_count_is_flat_from_1x_to_10x(client, coordinator):
    once = _page_queries(client, 1, coordinator)
    assert _page_queries(client, 10, coordinator) == once
    freezing, frozen, kept = once
    # Frozen: the grouped counts that say which years there are (tips, assessments, training), the registry's (a
    # table of today, never frozen), the oldest frozen year and the year's frozen tables; the hotlines' medians are
    # not counted again. Freezing adds the medians' count and an insert and a read for each kind of table.
    assert frozen == len(stats.FETCHES) - 1 + 2
    assert freezing == frozen + 1 + 2 * 4
    assert kept == 0


def test_the_page_works_with_the_cache_down(client):
    make_tips(12)
    with (
        mock.patch.object(cache, "get", side_effect=ConnectionError),
        mock.patch.object(cache, "set", side_effect=ConnectionError),
    ):
        assert client.get(URL).status_code == 200


def test_every_statistics_dataset_says_its_method():
    slugs = [d.slug for d in all_datasets() if d.theme == "statistics"]
    assert len(slugs) == 6
    assert all(str(dataset(slug).method) for slug in slugs)
    assert "11" in stats.method_text()


def test_training_completions_by_course_and_sector_for_whole_years_only(settings, make_user):
    from training.models import Enrolment, LearnerProfile  # noqa: PLC0415 -- this test only
    from training.tests.factories import make_course  # noqa: PLC0415 -- this test only

    settings.OPEN_DATA_MIN_CELL = 0
    course = make_course("stats-course")
    last_year = timezone.make_aware(dt.datetime(timezone.localdate().year - 1, 6, 1, 12))
    this_year = timezone.make_aware(dt.datetime(timezone.localdate().year, 1, 1, 12))
    people = [make_user() for _ in range(4)]
    LearnerProfile.objects.bulk_create([LearnerProfile(user=p, audience="police") for p in people[:3]])
    for person, at in zip(people, (last_year, last_year, this_year, last_year), strict=True):
        Enrolment.objects.create(user=person, course=course, version=course.current_version, completed_at=at)
    rows = {
        (r["year"], r["course"], r["audience"]): r["count"] for r in dataset("statistics-training-completions").rows()
    }
    year = last_year.year
    assert rows[(year, "stats-course", "police")] == 2
    assert rows[(year, "stats-course", "not_stated")] == 1  # no profile: counted, not named
    assert rows[(year, "", "")] == 3
    assert not any(key[0] == year + 1 for key in rows)  # this year: published when it is over


def test_monthly_tables_add_nothing_up_across_months(coordinator):
    """A province's total over the year's months would grow each month; the difference between two versions would
    be the newest month, hidden or not. So the assessments table has month totals only."""
    make_assessments(3, province="AB", provider=coordinator)
    rows = list(dataset("statistics-assessments-by-month").rows())
    assert rows and all(len(row["period"]) == 7 for row in rows)  # months only, never a year's total
    assert all(row["province"] or row["suppressed"] or row["count"] >= 11 for row in rows)

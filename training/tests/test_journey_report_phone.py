"""The managers' report on a 390 px wide phone, in English and French: with rows, overdue ones and the chart, the
page does not scroll sideways (nor its table inside its box), each row is a card the width of the screen, the chart is an image with a name, and axe finds no
serious problem."""

from datetime import date

import pytest

from taskforce import roles
from taskforce.models import Membership
from taskforce.testing.browser import PageRecorder, check_accessibility
from taskforce.testing.factories import PASSWORD, UserFactory
from training import services

from .factories import complete_course, make_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WIDTHS = """() => {
  const rows = document.querySelector(".report-rows:not(.report-completion)");
  const box = rows.closest(".table-responsive");
  const name = rows.querySelector("tbody th");
  const captions = [...document.querySelectorAll(".report-rows caption")].map((c) => c.getBoundingClientRect().width);
  return {
    page: document.documentElement.scrollWidth, box: box.scrollWidth, boxInner: box.clientWidth,
    nameCell: name.getBoundingClientRect().width, narrowestCaption: Math.min(...captions),
  };
}"""


@pytest.fixture
def report_data(make_user, org_a):
    manager = make_user(roles.TRAINING_MANAGER, orgs=[org_a], full_name="Mona Manager")
    courses = [make_course(f"course-with-a-rather-long-slug-{i}") for i in range(3)]
    people = [
        UserFactory(full_name=f"Marie-Élisabeth Longname-Tremblay {i}", email=f"marie.elisabeth.{i}@example.org")
        for i in range(6)
    ]
    Membership.objects.bulk_create([Membership(user=person, organization=org_a) for person in people])
    for course in courses:
        services.assignment_create(actor=manager, course=course, organization=org_a, due_on=date(2026, 1, 15))
    complete_course(people[0], courses[0])
    return manager


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_report_fits_a_390_px_phone(browser, live_server, report_data, lang):
    context = browser.new_context(base_url=live_server.url, locale="en-CA", viewport=PHONE)
    recorder = PageRecorder(context, live_server.url)
    tab = context.new_page()
    recorder.attach(tab)
    try:
        tab.goto(f"/{lang}/accounts/login/")
        tab.fill("#id_username", report_data.email)
        tab.fill("#id_password", PASSWORD)
        tab.locator("main button[type=submit]").click()
        tab.wait_for_load_state()
        for query in ("", "?show=overdue"):
            response = tab.goto(f"/{lang}/training/staff/report/{query}")
            assert response.status == 200
            assert tab.locator(".report-rows:not(.report-completion) tbody tr").count() >= 5
            assert tab.locator('svg[role="img"] title').count() == 1
            widths = tab.evaluate(WIDTHS)
            assert widths["page"] <= PHONE["width"], widths
            assert widths["box"] <= widths["boxInner"], widths  # no sideways scroll inside the table's box either
            # Each row is a card as wide as the screen, not seven columns squeezed to a few letters each.
            assert widths["nameCell"] >= 300, widths
            # The tables' captions span the card (outside review: one letter per line).
            assert widths["narrowestCaption"] >= 300, widths
            check_accessibility(tab)
    finally:
        context.close()
    recorder.assert_clean()

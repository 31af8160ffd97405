"""The admin's forms as a screen reader and an HTML checker meet them: every box labelled, no ARIA or attribute
where HTML forbids it, checkboxes instead of the filter widget. (The browser crawl in quality/ runs axe-core and
the Nu HTML Checker over every admin page; these pin each correction to the form that needed it.)"""

import re

import pytest
from django.urls import reverse

from taskforce.testing.auth import login
from training.tests.factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    login(client, make_user(is_staff=True, is_superuser=True))
    return client


def _tag(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert found, f"no input named {name}"
    return found.group(0)


def test_date_and_time_boxes_each_have_a_label(admin_client):
    html = admin_client.get(reverse("admin:actionplan_plan_add")).content.decode()
    assert '<label for="id_created_at_0">Date:</label>' in html
    assert '<label for="id_created_at_1">Time:</label>' in html


def test_boxes_in_tabular_rows_are_named_after_their_column(admin_client):
    course = make_course("markup-course")
    html = admin_client.get(reverse("admin:training_course_change", args=[course.id])).content.decode()
    assert 'aria-label="Order"' in _tag(html, "modules-0-order")
    assert 'aria-label="Order"' in _tag(html, "modules-__prefix__-order")  # the row "Add another" copies
    assert "aria-label" not in _tag(html, "modules-0-id")  # hidden: nothing to name


def test_hidden_initial_copy_carries_no_aria(admin_client):
    html = admin_client.get(reverse("admin:training_course_add")).content.decode()
    visible = re.search(r'<textarea[^>]*name="audiences"[^>]*>', html).group(0)
    assert "aria-describedby" in visible  # the help text stays tied to the box a person uses
    assert "aria-" not in _tag(html, "initial-audiences")


@pytest.mark.parametrize(
    ("url_name", "field"),
    [("admin:tips_routingrule_add", "hotlines"), ("admin:auth_group_add", "permissions")],
)
def test_many_to_many_fields_are_checkboxes(admin_client, url_name, field):
    from taskforce.testing.factories import OrganizationFactory  # noqa: PLC0415 -- used by this test only
    from tips.models import Hotline  # noqa: PLC0415 -- used by this test only

    Hotline.objects.create(slug="line", name="A line", phone="1-800-555-0100", organization=OrganizationFactory())
    html = admin_client.get(reverse(url_name)).content.decode()
    assert re.search(rf'<input type="checkbox" name="{field}"', html), f"{field} is not a list of checkboxes"
    assert "selectfilter" not in html, "Django's filter widget is still used"


def test_password_pages_are_valid_html(admin_client, make_user):
    person = make_user()
    change = admin_client.get(reverse("admin:taskforce_user_change", args=[person.id])).content.decode()
    password_box = re.search(r'<div[^>]*id="id_password"[^>]*>', change).group(0)
    assert "disabled" not in password_box
    page = admin_client.get(reverse("admin:auth_user_password_change", args=[person.id]))
    html = page.content.decode()
    assert 'id="id_unusable_warning"' in html
    help_paragraph = re.search(r"<p>[^<]*<strong id=\"id_unusable_warning\"[^>]*>[^<]*</strong>\s*</p>", html)
    assert help_paragraph, "the warning is not a phrase inside the help paragraph"
    assert "<ul" not in help_paragraph.group(0)


def test_a_link_typed_without_a_scheme_is_saved_as_https(admin_client):
    from taskforce.models import Organization  # noqa: PLC0415 -- used by this test only

    answer = admin_client.post(
        reverse("admin:taskforce_organization_add"),
        {"name_0": "Victim Services North", "slug": "vs-north", "kind": "agency", "website": "vs.example"},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert Organization.objects.get(slug="vs-north").website == "https://vs.example"

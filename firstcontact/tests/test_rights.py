import re

import pytest
from django.conf import settings

from firstcontact.models import RightsPage

pytestmark = pytest.mark.django_db


def test_index_lists_pages_in_the_reader_language(client, content, hotlines):
    body = client.get("/en/rights/").content.decode()
    assert "Your rights at work" in body and "Signs of labour exploitation" in body
    assert "Canadian Human Trafficking Hotline" in body and "24 hours a day" in body
    body = client.get("/fr/rights/").content.decode()
    assert "Vos droits au travail" in body and "Your rights at work" not in body


def test_page_shows_its_languages_and_links_to_them(client, content, hotlines):
    page = RightsPage.objects.get(slug="rights-at-work")
    page.title = {**page.title.data, "es": "Sus derechos en el trabajo"}
    page.summary = {**page.summary.data, "es": "Resumen"}
    page.body = {**page.body.data, "es": "Texto"}
    page.save()
    response = client.get("/en/rights/rights-at-work/en/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "regardless" in body or "whatever their immigration status" in body
    assert 'href="/en/rights/rights-at-work/fr/"' in body and "rançais" in body
    assert 'href="/en/rights/rights-at-work/es/"' in body and "español" in body
    spanish = client.get("/en/rights/rights-at-work/es/").content.decode()
    assert 'lang="es"' in spanish and "Sus derechos en el trabajo" in spanish


def test_unprefixed_topic_is_shown_in_the_reader_language(client, content):
    assert "Demander de l&#x27;aide" in client.get("/fr/rights/getting-help/").content.decode()
    assert "Asking for help is confidential" in client.get("/en/rights/getting-help/").content.decode()


def test_unknown_or_unpublished_pages_are_404(client, content):
    RightsPage.objects.filter(slug="getting-help").update(is_published=False)
    assert client.get("/fr/rights/getting-help/fr/").status_code == 404
    assert client.get("/fr/rights/getting-help/").status_code == 404
    assert client.get("/en/rights/nothing/").status_code == 404
    assert client.get("/en/rights/rights-at-work/xx/").status_code == 404


def test_hotlines_filter_by_province(client, content, hotlines):
    body = client.get("/en/rights/?province=ON").content.decode()
    assert "Canadian Human Trafficking Hotline" in body and "Manitoba Human Trafficking Hotline" not in body
    body = client.get("/en/rights/?province=MB").content.decode()
    assert "Manitoba Human Trafficking Hotline" in body
    assert client.get("/en/rights/?province=<script>").status_code == 200


def test_rights_pages_set_no_cookie(client, content, hotlines):
    assert not client.get("/en/rights/").cookies


def test_page_text_is_sanitized(client, db):
    RightsPage.objects.create(slug="test", title={"en": "T"}, summary={"en": "S"},
                              body={"en": "## Heading\n\n<script>alert(1)</script>\n\n<a href=\"/x\" onclick=\"evil()\">x</a>"})  # fmt: skip
    body = client.get("/en/rights/test/en/").content.decode()
    assert "<h2>Heading</h2>" in body and "alert(1)</script>" not in body and "onclick" not in body


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_signs_page_names_the_criminal_code_and_irpa_in_every_language(client, content, language):
    """Issue 18: the safety pages name the real law, the Criminal Code's trafficking offences and IRPA's, in the
    reader's own language (not the English text shown as a fallback)."""
    html = client.get(f"/{language}/rights/signs-of-exploitation/").content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert "fallback-mark" not in html
    assert "279.01" in text and "279.04" in text, "the Criminal Code's sections"
    assert re.search(r"(?<!\d)118(?!\d)", text) and re.search(r"\b(IRPA|LIPR)\b", text), "IRPA's section 118"

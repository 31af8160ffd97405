"""The assessment's result names every kind of exploitation the answers point to and every hotline that serves the
person's province for those kinds, from the tips app's routing data: in a browser, desktop and phone, EN and FR."""

import pytest

from firstcontact.tests.helpers import PRELIM_RISK
from taskforce.testing.browser import check_accessibility, visit
from taskforce.testing.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHOICE = {"yes": 0, "no": 1, "unsure": 2}
SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
TEXT = {
    "en": {"continue": "Continue", "guidance": "See the guidance", "labour": "Forced labour", "sex": "Sex trafficking"},
    "fr": {
        "continue": "Continuer",
        "guidance": "Voir les conseils",
        "labour": "Travail forcé",
        "sex": "Traite à des fins sexuelles",
    },
}


@pytest.fixture
def country(content):
    """The national line, a network for sex and labour everywhere, two Alberta lines (one per kind), and lines
    that must not be shown to an Albertan: British Columbia's, and one for organ trafficking only."""
    from tips.services import hotline_upsert  # noqa: PLC0415 -- used by this test only

    def line(slug, phone, **fields):
        org = OrganizationFactory(name=f"{slug} (test)", slug=slug, kind="hotline")
        return hotline_upsert(slug=slug, organization=org, name=f"{slug} line", phone=phone, **fields)

    return {
        "national": line("national", "1-833-900-1010", is_national=True),
        "network": line("network", "1-866-528-7109", kinds="sex labour"),
        "ab-labour": line("ab-labour", "1-800-111-1111", regions="AB", kinds="labour"),
        "ab-sex": line("ab-sex", "1-800-222-2222", regions="AB", kinds="sex"),
        "bc": line("bc", "1-800-333-3333", regions="BC"),
        "organs": line("organs", "1-800-444-4444", kinds="organs"),
    }


@pytest.mark.parametrize(
    ("lang", "screen"), [pytest.param(lang, s, id=f"{lang}-{s}") for lang in ("en", "fr") for s in SCREENS]
)
def test_every_hotline_for_every_kind_the_answers_point_to(page, country, lang, screen):
    page.set_viewport_size(SCREENS[screen])
    t = TEXT[lang]
    visit(page, f"/{lang}/assess/")
    page.select_option("#id_province", "AB")
    for key, answer in PRELIM_RISK.items():
        page.check(f"#id_q_{key}_{CHOICE[answer]}")
    page.get_by_role("button", name=t["continue"]).click()
    page.wait_for_load_state()
    # Labour (promise, unpaid: 4 points) and sex (sex work: 3 points): both are named.
    for key in ["rec-promise", "money-unpaid", "exp-sex"]:
        page.check(f"#id_q_{key}_{CHOICE['yes']}")
    page.get_by_role("button", name=t["guidance"]).click()
    page.wait_for_load_state()
    check_accessibility(page)
    kinds = page.locator("#outcome-kind").inner_text()
    assert t["labour"] in kinds and t["sex"] in kinds
    contacts = page.locator("#provincial-contacts").inner_text()
    for shown in ("national", "network", "ab-labour", "ab-sex"):
        assert country[shown].phone in contacts, f"{shown} is missing from the contacts for Alberta"
    for hidden in ("bc", "organs"):
        assert country[hidden].phone not in contacts, f"{hidden} is shown to someone in Alberta"

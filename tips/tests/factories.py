"""Factories and helpers for the tips app's tests."""

from taskforce.testing.factories import OrganizationFactory

HOTLINE_ORGS = [
    ("cceht", "Canadian Centre to End Human Trafficking"),
    ("klinic", "Klinic Community Health Centre"),
    ("hamilton-police", "Hamilton Police Service"),
    ("chrysalis", "Chrysalis Anti-Human Trafficking Network"),
]


def hotline_organizations() -> dict:
    return {slug: OrganizationFactory(slug=slug, name=name, kind="hotline") for slug, name in HOTLINE_ORGS}


def tip_data(**overrides) -> dict:
    data = {
        "what_happened": "Workers at a farm cannot leave and their passports were taken.",
        "province": "AB",
        "city": "Brooks",
        "place": "A farm east of town",
        "when": "Last week",
        "kind": "labour",
        "danger_now": False,
        "people_description": "",
        "contact_preference": "",
    }
    data.update(overrides)
    return data

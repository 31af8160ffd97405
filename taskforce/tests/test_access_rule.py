"""The rule of CONTRIBUTING's "Who may do what": permission is decided in access helpers, which every view and API
endpoint calls at its door; views never test roles or refuse by themselves."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["taskforce", "actionplan", "tips", "training", "publications", "firstcontact"]
DOORS = sorted(
    path
    for app in APPS
    for pattern in ("views.py", "*_views.py", "views_*.py", "api.py")
    for path in (ROOT / app).glob(pattern)
)
# A role test or a refusal written inline; `roles.is_coordinator()` and `roles.user_roles()` may still choose
# what a page shows.
INLINE_CHECK = re.compile(r"has_role\(|\.is_superuser|\.is_staff\b|raise PermissionDenied\b")


def test_there_are_doors_to_check():
    assert len(DOORS) >= 10


@pytest.mark.parametrize("path", DOORS, ids=lambda p: str(p.relative_to(ROOT)))
def test_views_and_api_ask_the_access_helpers_instead_of_checking_roles_inline(path):
    inline = [
        f"{number}: {line.strip()}"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if INLINE_CHECK.search(line)
    ]
    assert not inline, f"move these checks to an access helper ({path.parent.name}/access.py): {inline}"

"""French is kept complete: every catalogue fully translated, nothing fuzzy, and compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    p for p in Path(settings.BASE_DIR).glob("**/locale/fr/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_there_is_a_french_catalogue_for_the_foundation():
    assert Path(settings.BASE_DIR, "locale/fr/LC_MESSAGES/django.po") in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    stale = [e.msgid for e in po.translated_entries() if compiled.get((e.msgctxt, e.msgid)) != e.msgstr]
    assert not stale, f"{mo_path} is out of date with its .po: {stale[:5]}"

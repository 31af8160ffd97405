"""French is kept complete: every catalogue holds every string of the source, fully translated, nothing fuzzy,
and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from taskforce.testing.plugin import missing

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


def _msgids(po_path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete}


def test_catalogues_hold_every_string_of_the_source(tmp_path):
    """A string marked for translation but never extracted would show in English on a French page: rebuild the
    catalogues from a copy of the source (`make messages`, as a developer does) and compare the strings."""
    if not shutil.which("xgettext"):
        missing("GNU gettext (xgettext) is not installed")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "media", "node_modules", "__pycache__", "*.sqlite3"
        ),
    )
    venv = Path(sys.prefix)
    subprocess.run(  # noqa: S603 - make, fixed arguments
        [shutil.which("make"), "-s", "-C", str(copy), "messages", f"VENV={venv}"],
        check=True,
        capture_output=True,
    )
    for po_path in CATALOGUES:
        relative = po_path.relative_to(base)
        extracted, kept = _msgids(copy / relative), _msgids(po_path)
        assert not extracted - kept, f"{relative} lacks strings from the source (run `make messages`): " + str(
            sorted(msgid for _ctx, msgid in extracted - kept)[:10]
        )
        assert not kept - extracted, f"{relative} keeps strings no longer in the source (run `make messages`): " + str(
            sorted(msgid for _ctx, msgid in kept - extracted)[:10]
        )

"""Every language of settings.LANGUAGES has its catalogues, holding every string of the source, compiled, their
placeholders intact. The portal's languages (settings.PORTAL_LANGUAGES: French) are complete, nothing fuzzy; the
others translate every string of the safety pages' sources (taskforce.language.SAFETY_SOURCES)."""

import fnmatch
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

from taskforce.language import SAFETY_SOURCES
from taskforce.testing.plugin import missing

BASE = Path(settings.BASE_DIR)
LOCALES = {to_locale(code): code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}
CATALOGUES = sorted(
    p
    for p in BASE.glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "node_modules" not in p.parts and p.parts[-3] in LOCALES
)


def _language(po_path: Path) -> str:
    return LOCALES[po_path.parts[-3]]


def _app_dir(po_path: Path) -> str:
    """The catalogue's source folder, relative to the project: "" for the foundation's, "tips/" for an app's."""
    relative = po_path.relative_to(BASE)
    return "" if relative.parts[0] == "locale" else f"{relative.parts[0]}/"


@pytest.mark.parametrize("language", list(LOCALES))
def test_every_language_has_a_catalogue_in_every_app(language):
    apps = {_app_dir(p) for p in CATALOGUES}
    assert apps == {_app_dir(p) for p in CATALOGUES if p.parts[-3] == language}


def _safety_entries(po: polib.POFile, app_dir: str) -> list[polib.POEntry]:
    return [
        e
        for e in po
        if not e.obsolete
        and any(
            fnmatch.fnmatch(app_dir + where, pattern) for where, _line in e.occurrences for pattern in SAFETY_SOURCES
        )
    ]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_catalogue_is_translated_as_its_language_requires_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    if _language(po_path) in settings.PORTAL_LANGUAGES:
        untranslated = [e.msgid for e in po.untranslated_entries()]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
    else:
        untranslated = [e.msgid for e in _safety_entries(po, _app_dir(po_path)) if not e.translated()]
        fuzzy = [e.msgid for e in po.fuzzy_entries() if e.msgstr]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"
    if shutil.which("msgfmt"):  # placeholders and plural forms as gettext checks them
        checked = subprocess.run(  # noqa: S603 - msgfmt, fixed arguments
            [shutil.which("msgfmt"), "--check-format", "-o", "/dev/null", str(po_path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
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

"""English left on French pages: every msgid of the project's catalogues (4 words or more, translated to
something else) that still shows in the visible text of a French page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
from django.conf import settings

MIN_WORDS = 4
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|\[\[[^\]]*\]\]")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def catalogue_paths() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(p for p in base.glob("**/locale/fr/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def normalize(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(text)).strip()


def english_fragments() -> set[str]:
    """Runs of 4+ words of English from the catalogues, cut at placeholders and tags."""
    fragments = set()
    for path in catalogue_paths():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                pairs = [
                    (entry.msgid, entry.msgstr_plural.get(0, "")),
                    (entry.msgid_plural, entry.msgstr_plural.get(1, "")),
                ]
            for english, french in pairs:
                if normalize(english) == normalize(french):
                    continue  # the same in both languages (a name, a number): not a missing translation
                for part in _PLACEHOLDER.split(_TAG.sub(" ", english)):
                    part = normalize(part).strip(" .,:;!?()«»\"'")
                    if len(part.split()) >= MIN_WORDS:
                        fragments.add(part)
    return fragments


def untranslated_in(visible_text: str, fragments: set[str]) -> list[str]:
    text = normalize(visible_text)
    return sorted(fragment for fragment in fragments if fragment in text)

"""English left on translated pages: every msgid of the project's catalogues (4 words or more, translated to
something else in French, the language kept complete) that still shows in the visible text of a page in another
language — unless that language's own translations keep it on purpose (an official name such as "Canadian Human
Trafficking Hotline", followed by its rendering)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import to_locale

MIN_WORDS = 4
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|\[\[[^\]]*\]\]")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def catalogue_paths(language: str = "fr") -> list[Path]:
    base = Path(settings.BASE_DIR)
    pattern = f"**/locale/{to_locale(language)}/LC_MESSAGES/django.po"
    return sorted(p for p in base.glob(pattern) if ".venv" not in p.parts and "node_modules" not in p.parts)


def normalize(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(text)).strip()


def english_fragments(language: str = "fr") -> set[str]:
    """Runs of 4+ words of English from the catalogues, cut at placeholders and tags; for a language other than
    French, less those its own catalogues and content files keep in English on purpose."""
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
    if language == "fr":
        return fragments
    kept = _translated_text(language)
    return {fragment for fragment in fragments if fragment not in kept}


def _translated_text(language: str) -> str:
    """Everything a language's translators wrote: its catalogues' msgstr and its content files."""
    texts = []
    for path in catalogue_paths(language):
        for entry in polib.pofile(str(path)):
            texts.append(entry.msgstr)
            texts.extend(entry.msgstr_plural.values())
    for path in Path(settings.BASE_DIR, "content", language).rglob("*.yaml"):
        texts.append(path.read_text(encoding="utf-8"))
    return normalize(" ".join(texts))


def untranslated_in(visible_text: str, fragments: set[str]) -> list[str]:
    text = normalize(visible_text)
    return sorted(fragment for fragment in fragments if fragment in text)

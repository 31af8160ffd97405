"""English left on translated pages: every msgid of the project's catalogues (4 words or more, translated to
something else in the reference language: the portal language other than the source, kept complete) that still
shows in the visible text of a page in another language — unless that language's own translations keep it on
purpose (an official name such as "Canadian Human Trafficking Hotline", followed by its rendering)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import to_locale

MIN_WORDS = 4
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|\[\[[^\]]*\]\]")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def reference_language() -> str:
    """The language whose catalogues say which msgids are text to translate: the first of settings.PORTAL_LANGUAGES
    that is not the source language (a portal language is kept complete)."""
    return next(code for code in settings.PORTAL_LANGUAGES if code != settings.LANGUAGE_CODE)


def catalogue_paths(language: str | None = None) -> list[Path]:
    """A language's catalogues (the reference language's by default)."""
    base = Path(settings.BASE_DIR)
    pattern = f"**/locale/{to_locale(language or reference_language())}/LC_MESSAGES/django.po"
    return sorted(p for p in base.glob(pattern) if ".venv" not in p.parts and "node_modules" not in p.parts)


def normalize(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(text)).strip()


def english_fragments(language: str | None = None) -> set[str]:
    """Runs of 4+ words of English from the catalogues, cut at placeholders and tags; for a language other than
    the reference language, less those its own catalogues and content files keep in English on purpose."""
    reference = reference_language()
    fragments = set()
    for path in catalogue_paths(reference):
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                pairs = [
                    (entry.msgid, entry.msgstr_plural.get(0, "")),
                    (entry.msgid_plural, entry.msgstr_plural.get(1, "")),
                ]
            for english, translated in pairs:
                if normalize(english) == normalize(translated):
                    continue  # the same in both languages (a name, a number): not a missing translation
                for part in _PLACEHOLDER.split(_TAG.sub(" ", english)):
                    part = normalize(part).strip(" .,:;!?()«»\"'")
                    if len(part.split()) >= MIN_WORDS:
                        fragments.add(part)
    if language in (None, reference):
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


# What a reader does not see of a page fetched with the test client (the crawl reads `innerText` in the browser).
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_UNSEEN = frozenset({"head", "script", "style", "template", "noscript"})


class _VisibleText(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.open: list[tuple[str, bool]] = []  # (tag, hides what it holds)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        a = dict(attrs)
        hides = tag in _UNSEEN or "hidden" in a or a.get("lang", self.language) != self.language
        self.open.append((tag, hides))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        if not any(hides for _tag, hides in self.open):
            self.parts.append(data)


def visible_text(page: str, language: str) -> str:
    """The text of a page as its reader sees it, from its HTML (a test client's response), leaving out scripts,
    hidden elements and passages marked as another language: what the crawl reads in the browser
    (quality.crawl's `_VISIBLE_TEXT`), for untranslated_in()."""
    parser = _VisibleText(language)
    parser.feed(page)
    parser.close()
    return normalize(" ".join(parser.parts))

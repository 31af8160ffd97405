"""Authored text in files per language: `content/<code>/<name>.yaml` for every code of settings.LANGUAGES.

The source language's file (settings.LANGUAGE_CODE) holds the structure and the text; another language's file
holds only text, under the same keys and with lists of the same length. `read(name)` merges them: every text
becomes `{code: text}` for the languages that have it (a missing file, key or empty text falls back to the
source language when shown), and what cannot be matched (a key the source file does not have, a list of another
length) is reported in `problems`, not loaded. The apps' content loaders (`load_content`) read through here.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings

from .language import i18n_text, language_codes

# The keys whose string values are text to translate; every other key is structure, read from the source only.
TEXT_KEYS = frozenset(
    {
        "title",
        "summary",
        "body",
        "text",
        "help",
        "heading",
        "name",
        "hours",
        "description",
        "note",
        "warning",
        "feedback",
        "image_alt",
        "transcript",
    }
)


@dataclass
class Content:
    data: object
    problems: list[str] = field(default_factory=list)


def content_root() -> Path:
    return Path(settings.CONTENT_DIR)


def _read_yaml(path: Path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def names(folder: str) -> list[str]:
    """The files of a folder of the source language's content (`courses`), as names for read()."""
    root = content_root() / settings.LANGUAGE_CODE / folder
    return sorted(f"{folder}/{path.name}" for path in root.glob("*.yaml"))


def read(name: str, *, every_string_is_text: bool = False) -> Content:
    """The source file `name` with every translation merged in. `every_string_is_text` for a file that maps
    slugs to texts (organizations.yaml)."""
    root = content_root()
    source = _read_yaml(root / settings.LANGUAGE_CODE / name)
    translations = {}
    for code in language_codes()[1:]:
        path = root / code / name
        if path.exists():
            translations[code] = _read_yaml(path)
    content = Content(None)
    content.data = _merge(source, translations, f"{name}", content.problems, every_string_is_text, text=False)
    return content


def _merge(node, translations: dict, where: str, problems: list, every: bool, *, text: bool):
    if isinstance(node, str) and (text or every):
        texts = {settings.LANGUAGE_CODE: node}
        for code, other in translations.items():
            if isinstance(other, str) and other.strip():
                texts[code] = other
            elif other not in (None, ""):
                problems.append(f"{code}/{where}: not a text")
        return texts
    if isinstance(node, dict):
        usable = {}
        for code, other in translations.items():
            if other is None:
                continue
            if not isinstance(other, dict):
                problems.append(f"{code}/{where}: expected keys, found {type(other).__name__}")
                continue
            for key in other.keys() - node.keys():
                problems.append(f"{code}/{where}/{key}: unknown key, not loaded")
            usable[code] = other
        return {
            key: _merge(
                value,
                {code: other.get(key) for code, other in usable.items()},
                f"{where}/{key}",
                problems,
                every,
                text=key in TEXT_KEYS,
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        usable = {}
        for code, other in translations.items():
            if other is None:
                continue
            if not isinstance(other, list) or len(other) != len(node):
                problems.append(f"{code}/{where}: the list has another length than the source's, not loaded")
                continue
            usable[code] = other
        return [
            _merge(
                item, {code: other[i] for code, other in usable.items()}, f"{where}[{i}]", problems, every, text=text
            )
            for i, item in enumerate(node)
        ]
    return node


def upsert_texts(model, keys: dict, fixed: dict, spec: dict, text_fields):
    """The row of `model` found by `keys` gets the values `fixed` and the texts `text_fields` of `spec` (merged
    `{code: text}` dicts); created when missing, saved only when something changed (a second run writes nothing).
    Returns the row."""
    texts = {name: i18n_text(spec.get(name) or {}) for name in text_fields}
    row = model.objects.filter(**keys).first()
    if row is None:
        return model.objects.create(**keys, **fixed, **texts)
    changed = [name for name, value in {**fixed, **texts}.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, {**fixed, **texts}[name])
    if changed:
        row.save(update_fields=changed)
    return row

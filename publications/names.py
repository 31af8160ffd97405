"""Business names made comparable: accents, case and punctuation folded, and legal forms written one way in
English and French ("Acme Limited", "ACME Ltée", "Acme Ltd." -> "acme ltd"), so that a search or a match finds an
entry however the name was typed.

Why a table of our own: the maintained libraries that know legal forms (OpenSanctions' `rigour`, used by
`followthemoney`) need PyICU compiled from source on every machine, and `cleanco` does not know the Canadian
French forms (Ltée, Limitée, Incorporée, S.E.N.C., Cie). The table below is the Canadian subset: the endings the
Canada Business Corporations Act (s. 10) permits in both languages, the partnership forms and the unlimited
liability company of Alberta, British Columbia and Nova Scotia."""

from __future__ import annotations

import re

from .text import search_key

# Each legal form's spellings (already folded: lower case, no accents, no dots) -> the one form we compare.
_FORMS = {
    "ltd": ("limited", "ltd", "limitee", "ltee"),
    "inc": ("incorporated", "inc", "incorporee", "incorporation"),
    "corp": ("corporation", "corp", "sarf", "societe par actions de regime federal"),
    "co": ("company", "co", "compagnie", "cie"),
    "llp": ("llp", "limited liability partnership", "senc srl", "sencrl", "srl",
            "societe en nom collectif a responsabilite limitee"),
    "lp": ("lp", "limited partnership", "sec", "societe en commandite"),
    "gp": ("gp", "general partnership", "senc", "societe en nom collectif"),
    "ulc": ("ulc", "unlimited liability company", "unlimited liability corporation", "unlimited company",
            "societe a responsabilite illimitee"),
    "llc": ("llc", "limited liability company"),
    "plc": ("plc", "public limited company"),
    "pc": ("professional corporation", "pc", "societe professionnelle"),
}  # fmt: skip
_CONNECTORS = {"&": "and", "et": "and", "+": "and"}
LEGAL_FORMS = frozenset(_FORMS)

# Longest spelling first, so that "limited liability partnership" wins over "limited".
_PHRASES = sorted(
    ((tuple(spelling.split()), form) for form, spellings in _FORMS.items() for spelling in spellings),
    key=lambda pair: -len(pair[0]),
)
_LONGEST = max(len(words) for words, _form in _PHRASES)
_LOOKUP = {words: form for words, form in _PHRASES}
_DOTTED = re.compile(r"(?<=\w)[.'’](?=\w)")  # S.E.N.C. -> SENC, L'Atelier -> LAtelier
_NOT_WORD = re.compile(r"[^\w&+]+")


def _words(name: str) -> list[str]:
    folded = search_key(name)
    folded = _DOTTED.sub("", folded)
    folded = folded.replace("&", " & ").replace("+", " + ")
    return [w for w in _NOT_WORD.sub(" ", folded).replace("_", " ").split() if w]


def normalize_name(name: str) -> str:
    """The comparable form of a business name: "Boulangerie Côté & Fils Ltée." -> "boulangerie cote and fils ltd"."""
    words, out, i = _words(name), [], 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            form = _LOOKUP.get(tuple(words[i : i + size]))
            if form:
                out.append(form)
                i += size
                break
        else:
            out.append(_CONNECTORS.get(words[i], words[i]))
            i += 1
    return " ".join(out)


def core_name(normalized: str) -> str:
    """A normalized name without its legal forms ("acme ltd" -> "acme"), for the fuzzy score: "Acme Inc." and
    "Acme Ltd." are the same name with different endings. A name that is only a legal form keeps it."""
    kept = [w for w in normalized.split() if w not in LEGAL_FORMS]
    return " ".join(kept) or normalized


def names_norm(legal_name: str, aliases: list[str]) -> str:
    """The stored column: each name's normalized form on its own line, the legal name first."""
    lines = []
    for name in (legal_name, *aliases):
        normalized = normalize_name(name)
        if normalized and normalized not in lines:
            lines.append(normalized)
    return "\n".join(lines)

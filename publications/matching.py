"""Scoring a business against the registry (/api/registry/match), like OpenSanctions' yente: the candidates come
from `selectors.registry_match_candidates` (a bounded, indexed pool) and each gets a score between 0 and 1 with the
features that made it.

How a candidate is scored (SCORING, also in the API's description):
- name: 1.0 when the normalized name (legal forms written one way, accents and punctuation folded:
  publications/names.py) equals the entry's legal name or one of its aliases; otherwise the best rapidfuzz
  `token_sort_ratio` (0-100, read as 0-1) between the names without their legal forms.
- place: city (same city, case and accents ignored), province (same code) and address (rapidfuzz
  `token_set_ratio` of the folded addresses, 80 or more out of 100) each 1 or 0, only when the query gives them.
- score = (0.80 × name + 0.10 × city + 0.05 × province + 0.05 × address) ÷ (0.80 + the weights of the place
  fields given), so a query with a name alone is scored on the name alone.
- An identifier that matches (the Business Number's nine digits, whatever the program account, or the provincial
  corporate registry number in the same province when both give one) makes the score 1.0; an identifier that
  both sides have and that differs halves it.
Candidates under `threshold` are left out; the best `limit` come first (ties by registry id)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from . import conf, selectors
from .names import core_name, normalize_name
from .text import search_key

SCORING = "registry-match-v1"
NAME, CITY, PROVINCE, ADDRESS = 0.80, 0.10, 0.05, 0.05
ADDRESS_SAME = 80  # token_set_ratio at or above this counts as the same address


@dataclass
class MatchQuery:
    name: str
    address: str = ""
    city: str = ""
    province: str = ""
    business_number: str = ""  # compact (publications.identifiers)
    corporate_registry_number: str = ""
    norm: str = field(init=False)
    core: str = field(init=False)

    def __post_init__(self):
        self.norm = normalize_name(self.name)
        self.core = core_name(self.norm)


def _name_feature(query: MatchQuery, row: dict) -> tuple[float, bool, int]:
    """The name's score, whether a normalized name equalled, and which of the entry's names matched best (0: the
    legal name, n: the n-th alias)."""
    lines = row["name_norm"].split("\n") if row["name_norm"] else [normalize_name(row["legal_name"])]
    best, best_at = 0.0, 0
    for at, line in enumerate(lines):
        if query.norm and line == query.norm:
            return 1.0, True, at
        ratio = fuzz.token_sort_ratio(query.core, core_name(line)) / 100
        if ratio > best:
            best, best_at = ratio, at
    return best, False, best_at


def _identifier(given: str, stored: str, *, same=lambda a, b: a == b) -> str | None:
    if not given:
        return None
    if not stored:
        return "unknown"
    return "exact" if same(given, stored) else "differs"


def score(query: MatchQuery, row: dict) -> tuple[float, dict]:
    name, exact, at = _name_feature(query, row)
    features: dict = {"name_normalized_exact": exact, "name_fuzzy": round(name, 3), "matched_name": at}
    total, weight = NAME * name, NAME
    if query.city:
        features["city"] = search_key(query.city) == search_key(row["city"])
        total, weight = total + CITY * features["city"], weight + CITY
    if query.province:
        features["province"] = query.province == row["province"]
        total, weight = total + PROVINCE * features["province"], weight + PROVINCE
    if query.address:
        ratio = fuzz.token_set_ratio(search_key(query.address), search_key(row["address"])) if row["address"] else 0
        features["address"] = ratio >= ADDRESS_SAME
        total, weight = total + ADDRESS * features["address"], weight + ADDRESS
    result = total / weight
    bn = _identifier(query.business_number, row["business_number"], same=lambda a, b: a[:9] == b[:9])
    corporate = _identifier(query.corporate_registry_number, row["corporate_registry_number"])
    if corporate == "exact" and query.province and query.province != row["province"]:
        corporate = "differs"  # another province's register numbers another company
    features["business_number"], features["corporate_registry_number"] = bn, corporate
    if "exact" in (bn, corporate):
        result = 1.0
    elif "differs" in (bn, corporate):
        result /= 2
    return round(result, 3), features


def ranked(query: MatchQuery, rows: list[dict], *, threshold: float, limit: int) -> list[tuple[float, dict, dict]]:
    scored = [(s, features, row) for row in rows for s, features in [score(query, row)] if s >= threshold]
    scored.sort(key=lambda item: (-item[0], item[2]["public_id"]))
    return scored[:limit]


def match(query: MatchQuery, *, threshold: float, limit: int, include_delisted: bool = False):
    """The best candidates for `query`, scored: [(score, features, row)]."""
    rows = selectors.registry_match_candidates(
        norm=query.norm,
        core=query.core,
        business_number=query.business_number,
        corporate_registry_number=query.corporate_registry_number,
        include_delisted=include_delisted,
        pool=conf.match_pool(),
    )
    return ranked(query, rows, threshold=threshold, limit=limit)

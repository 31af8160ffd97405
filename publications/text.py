"""Text helpers: the search key every database agrees on."""

import unicodedata


def search_key(value: str) -> str:
    """Casefold, strip accents and control characters, collapse spaces: "  Café  ÉCLAIR " -> "cafe eclair"."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch)[0] != "C")
    return " ".join(kept.casefold().split())

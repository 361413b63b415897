"""Text folded for matching: lower case, no accents, words separated by single spaces, so
that "Château" matches "chateau" and "l'Ossau" matches "ossau"."""
from __future__ import annotations

import re
import unicodedata

NON_WORD = re.compile(r"[^0-9a-z]+")
# Letters that Unicode does not decompose into a base letter and an accent.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return NON_WORD.sub(" ", ascii_only.lower()).strip()


def words(text: str) -> list[str]:
    return fold(text).split()

"""How published reviews raise a partner in the site search (``lanta_search_boosts``).

Every published review is a recommendation (only those at or above the threshold are
ever published), so the count of published reviews is the measure. The factor grows
with it but stops at ``MAX_COUNTED``: a few reviews tell a place is liked, dozens
should not bury every other place of the valley.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from .published import counts_by_partner

STEP = 0.25
MAX_COUNTED = 8  # 1 + 0.25 * 8 = 3.0, under the core's bound of 4.0
PREFIX = "partner:"


def factor(count: int) -> float:
    return 1.0 + STEP * min(count, MAX_COUNTED)


def search_boosts(dbsession: Session, keys: list[str] | None) -> dict[str, float]:
    """``{"partner:12": 1.5, ...}`` for the partners of ``keys`` (every one for None)
    that have published reviews."""
    if keys is None:
        ids = None
    else:
        ids = []
        for key in keys:
            if key.startswith(PREFIX) and key[len(PREFIX):].isdigit():
                ids.append(int(key[len(PREFIX):]))
        if not ids:
            return {}
    return {f"{PREFIX}{partner_id}": factor(count)
            for partner_id, count in counts_by_partner(dbsession, ids).items() if count}

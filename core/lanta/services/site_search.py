"""The public search: the index's answer, plus the "open now" facet and filter, which the
index cannot hold (it changes by the minute) and which is judged from the opening hours
of the matching partners in the database."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from . import partner_hours
from .search import SearchHit, SearchIndex

# Past this many matching partners the "open now" count is not offered (None): it costs
# one read of their hours per query. Asking for the filter still judges them all.
OPEN_NOW_COUNT_LIMIT = 2000
MAX_LIMIT = 100


@dataclass
class SiteQuery:
    """What a visitor asks of the search page."""

    q: str = ""
    lang: str = "fr"
    types: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    open_now: bool = False
    limit: int = 20
    offset: int = 0


@dataclass
class SiteResults:
    hits: list[SearchHit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # True when no document held every word and those holding some of them are shown.
    relaxed: bool = False
    # Matching partners open at ``now``; None when there were too many to count.
    open_now: int | None = None


def search(dbsession: Session, index: SearchIndex, query: SiteQuery,
           now: dt.datetime) -> SiteResults:
    """The page of results of ``query`` at ``now`` (aware), with facet counts."""
    limit = min(max(query.limit, 1), MAX_LIMIT)
    offset = max(query.offset, 0)
    partners_wanted = not query.types or "partner" in query.types
    common = {"now": now, "categories": query.categories, "tags": query.tags}

    if query.open_now:
        # Only partners can be open: judge the partners matching the words, then let
        # the index narrow and count among the open ones. Judged before the facets'
        # choices, so that each facet still counts its other values, unless that means
        # reading too many hours: then the choices narrow first.
        any_word = False
        keys: list[str] = []
        if partners_wanted:
            keys = index.matching_keys(query.q, query.lang, types=("partner",), now=now)
            if not keys and len(query.q.split()) > 1:
                any_word = True
                keys = index.matching_keys(query.q, query.lang, types=("partner",),
                                           now=now, any_word=True)
            if len(keys) > OPEN_NOW_COUNT_LIMIT and (query.categories or query.tags):
                keys = index.matching_keys(query.q, query.lang, types=("partner",),
                                           any_word=any_word, **common)
        found = index.search(query.q, query.lang, types=query.types,
                             keys_filter=_open_keys(dbsession, keys, now), limit=limit,
                             offset=offset, any_word=any_word, **common)
        return SiteResults(found.hits, found.total, found.facets, found.relaxed,
                           found.total)

    found = index.search(query.q, query.lang, types=query.types, limit=limit,
                         offset=offset, **common)
    open_count: int | None = 0
    if partners_wanted and found.total:
        keys = index.matching_keys(query.q, query.lang, types=("partner",),
                                   any_word=found.relaxed, **common)
        open_count = (len(_open_keys(dbsession, keys, now))
                      if len(keys) <= OPEN_NOW_COUNT_LIMIT else None)
    return SiteResults(found.hits, found.total, found.facets, found.relaxed, open_count)


def _open_keys(dbsession: Session, keys: list[str], now: dt.datetime) -> set[str]:
    """The keys (``partner:ID``) of those partners open at ``now``."""
    ids = {int(key.split(":")[1]) for key in keys}
    return {f"partner:{n}" for n in partner_hours.open_among(dbsession, ids, now)}

"""What a search gives back, and the Whoosh queries behind the index's filters that
are not plain words: the publication window."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from whoosh import query

from .search_schema import naive_utc


@dataclass
class SearchHit:
    id: str
    key: str
    type: str
    title: str
    url: str
    summary: str
    category: str
    score: float
    language: str


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    # facet name → {value: number of matching documents}
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # True when no document held every word and those holding some of them are shown.
    relaxed: bool = False


def hidden_query(now: dt.datetime) -> query.Query:
    """Documents not yet effective, or expired, at ``now`` (few: cheap to list)."""
    moment = naive_utc(now)
    return query.Or([query.DateRange("effective", moment, None, startexcl=True),
                     query.DateRange("expires", None, moment)])


def window_dates(searcher: Any) -> list[dt.datetime]:
    """Every publication date held in the index, in order (naive UTC)."""
    reader, dates = searcher.reader(), set()
    for name in ("effective", "expires"):
        field_type = searcher.schema[name]
        dates.update(field_type.from_bytes(term)
                     for term in field_type.sortable_terms(reader, name))
    return sorted(dates)


def hit_of(stored: dict[str, Any], score: float | None) -> SearchHit:
    return SearchHit(id=stored["id"], key=stored["key"], type=stored["type"],
                     title=stored.get("title", ""), url=stored.get("url", ""),
                     summary=stored.get("summary", ""), category=stored.get("category", ""),
                     score=float(score or 0.0), language=stored["language"])

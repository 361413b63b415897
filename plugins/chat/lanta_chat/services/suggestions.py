"""Answers from the site itself: before a person answers, the widget offers up to three
pages, partners or events of the site's own search that match the visitor's question,
in the visitor's language."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from lanta.services import site_search

LIMIT = 3
QUERY_MAX = 200
# What may answer a question; banners (short notices) and news do not.
KINDS = ("page", "partner", "event")


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str
    kind: str


def suggest(dbsession: Session, index, question: str, lang: str, now: dt.datetime,
            limit: int = LIMIT) -> list[Suggestion]:
    """The best ``limit`` documents in ``lang`` for ``question`` (those holding every
    word, else those holding some); none for an empty question. URLs are as the index
    holds them (site paths)."""
    words = " ".join(question.split())[:QUERY_MAX]
    if not words:
        return []
    found = site_search.search(dbsession, index, site_search.SiteQuery(
        q=words, lang=lang, types=KINDS, limit=limit), now)
    return [Suggestion(hit.title, hit.url, hit.type) for hit in found.hits[:limit]]

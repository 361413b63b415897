"""The partner directory in the site search: one document per published partner and site
language, keyed ``partner:ID`` (see :mod:`lanta.services.search_sync`)."""
from __future__ import annotations

import datetime as dt
from typing import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..addon_api import SearchDocument
from ..models import Partner
from . import site_settings
from .search import SearchIndex

# Bound parameters per IN list: SQLite and PostgreSQL both take this many at ease.
CHUNK = 500


def partner_documents(dbsession: Session, ids: list[int] | None) -> Iterator[SearchDocument]:
    """Documents of the published partners among ``ids`` (all of them for None); an
    unpublished or deleted partner yields none, and so leaves the index."""
    languages = site_settings.load(dbsession).languages or ["fr"]
    published = select(Partner).where(Partner.published.is_(True)).order_by(Partner.id)
    if ids is None:
        # Streamed: a full rebuild must not hold every listing in memory at once.
        batches = [dbsession.scalars(published.execution_options(yield_per=1000))]
    else:
        batches = (dbsession.scalars(published.where(Partner.id.in_(ids[n:n + CHUNK])))
                   for n in range(0, len(ids), CHUNK))
    for batch in batches:
        for partner in batch:
            yield from _documents(partner, languages)


def matching_ids(index: SearchIndex, q: str, lang: str, now: dt.datetime,
                 category: str | None = None) -> frozenset[int]:
    """The partners whose document in ``lang`` holds every word of ``q`` (accents
    folded, stemmed), for ``partners.PartnerQuery.among``."""
    keys = index.matching_keys(q, lang, now=now, types=("partner",), strict=True,
                               categories=(category,) if category else ())
    return frozenset(int(key.split(":")[1]) for key in keys)


def partner_document_count(dbsession: Session) -> int:
    """How many documents a full rebuild gives (for its progress bar)."""
    languages = site_settings.load(dbsession).languages or ["fr"]
    published = dbsession.scalar(select(func.count()).select_from(Partner)
                                 .where(Partner.published.is_(True))) or 0
    return published * len(languages)


def _documents(partner: Partner, languages: list[str]) -> Iterator[SearchDocument]:
    fallback = languages[0]
    for lang in languages:
        name = partner.text("name", lang, fallback)
        summary = partner.text("summary", lang, fallback)
        text = "\n".join(part for part in (
            summary, partner.text("description", lang, fallback), partner.city,
            " ".join(partner.labels or ())) if part)
        yield SearchDocument(
            id=f"partner:{partner.id}:{lang}", type="partner", title=name, text=text,
            url=f"/{lang}/partners/{partner.slug}", language=lang,
            tags=tuple(partner.envies or ()), category=partner.category, summary=summary)

"""The content tree in the site search: one document per item that has a live revision,
keyed ``content:ID`` (see :mod:`lanta.services.search_sync`).

The publication window travels with the document (``effective``/``expires``), so a
scheduled page appears in results at its time and an expired one leaves them, with no
job re-indexing it.
"""
from __future__ import annotations

from typing import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..addon_api import SearchDocument
from ..models import ContentItem, ContentRevision
from . import rich_text

CHUNK = 500


def _live(query):
    return query.where(ContentItem.live_number.is_not(None))


def content_documents(dbsession: Session, ids: list[int] | None) -> Iterator[SearchDocument]:
    """Documents of the live items among ``ids`` (all of them for None); an item without
    a live revision yields none, and so leaves the index."""
    query = _live(select(ContentItem, ContentRevision).join(
        ContentRevision, (ContentRevision.content_id == ContentItem.id)
        & (ContentRevision.number == ContentItem.live_number))).order_by(ContentItem.id)
    if ids is None:
        batches = [dbsession.execute(query.execution_options(yield_per=500))]
    else:
        batches = (dbsession.execute(query.where(ContentItem.id.in_(ids[n:n + CHUNK])))
                   for n in range(0, len(ids), CHUNK))
    for batch in batches:
        for item, live in batch:
            yield document(item, live)


def document(item: ContentItem, live: ContentRevision) -> SearchDocument:
    text = "\n".join(part for part in (live.description, rich_text.plain_text(live.body))
                     if part)
    return SearchDocument(
        id=f"content:{item.id}", type=item.type, title=live.title, text=text,
        url=f"/{item.language}{item.path}", language=item.language,
        summary=live.description, effective=item.effective_at, expires=item.expires_at)


def content_document_count(dbsession: Session) -> int:
    return dbsession.scalar(_live(select(func.count()).select_from(ContentItem))) or 0

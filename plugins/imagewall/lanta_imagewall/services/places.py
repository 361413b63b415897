"""The listings (partners) items are linked to, as every page and feed looks them up.

Only published listings are ever named or linked: a listing the office has unpublished
(or not yet published) must not leak its name through the wall, a screen, the feed or a
form's choices. Its items keep their link (``Item.partner_id``) and show again with it
once the listing is published. No Pyramid here.
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from lanta.models import Partner


def published_partners(dbsession: Session, ids: Iterable[int | None]) -> dict[int, Partner]:
    """The published listings among ``ids``, by id, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {p.id: p for p in dbsession.scalars(
        select(Partner).where(Partner.id.in_(wanted), Partner.published.is_(True)))}


def partner_choices(dbsession: Session, lang: str,
                    keep: Iterable[int | None] = ()) -> list[tuple[str, str]]:
    """The listings a form offers as (id, name in ``lang``), sorted by name: the
    published ones, and those in ``keep`` (already chosen) so that saving a form does
    not silently drop a listing unpublished since."""
    kept = {i for i in keep if i is not None}
    published = Partner.published.is_(True)
    statement = select(Partner).where(published | Partner.id.in_(kept) if kept else published)
    names = [(str(p.id), p.text("name", lang)) for p in dbsession.scalars(statement)]
    return sorted(names, key=lambda choice: choice[1].lower())

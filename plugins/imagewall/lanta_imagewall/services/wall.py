"""What visitors see of the wall: approved and ready items, newest approved first, a
page at a time, filtered by activity, place and kind; the items of one listing; the
places the filter list offers, with their counts.

Pages are cut by a *keyset* cursor, (approved_at, id) of the last item shown, never by
an offset: the thousandth page costs what the first does, and an item approved while
a visitor scrolls neither repeats nor hides one. The cursor travels as an opaque,
URL-safe string (:func:`encode_cursor`). No Pyramid here.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import String, and_, cast, func, literal, select, tuple_
from sqlalchemy.orm import Session

from lanta.models import MAX_ID, Partner, UTCDateTime
from lanta.services.errors import DomainError, NotFound
from lanta.services.partner_vocabulary import ENVIES

from ..i18n import _
from ..models import KINDS, Item
from .places import published_partners

PAGE_SIZE = 48
MAX_LIMIT = 100
# The place filter's value for items placed on the map or named, without a listing.
OTHER_PLACES = "other"


class BadWallQuery(DomainError):
    """A filter or cursor that cannot be understood (400)."""


@dataclass(frozen=True)
class WallQuery:
    """What a visitor asked for: ``partner`` is a listing's id or :data:`OTHER_PLACES`;
    ``after`` the cursor of the previous page's last item."""

    tag: str | None = None
    partner: int | str | None = None
    kind: str | None = None
    limit: int = PAGE_SIZE
    after: tuple[dt.datetime, int] | None = None


@dataclass
class WallPage:
    items: list[Item]
    # Each item's listing, for those linked to a published one.
    partners: dict[int, Partner] = field(default_factory=dict)
    next_cursor: str | None = None


def encode_cursor(item: Item) -> str:
    """The opaque cursor that continues after ``item``."""
    raw = json.dumps([item.approved_at.astimezone(dt.timezone.utc).isoformat(), item.id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    """The (approved_at, id) a cursor stands for; anything else is a :class:`BadWallQuery`."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment, item_id = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        when = dt.datetime.fromisoformat(moment)
        if when.tzinfo is None or not isinstance(item_id, int) or isinstance(item_id, bool) \
                or not 0 < item_id <= MAX_ID:
            raise ValueError(cursor)
    except (ValueError, TypeError, UnicodeError, binascii.Error):
        raise BadWallQuery(_("This cursor is not one this feed gave: start again from the "
                             "first page.")) from None
    return when, item_id


def check_query(tag: str | None, partner: str | None, kind: str | None, limit: int,
                cursor: str | None) -> WallQuery:
    """A :class:`WallQuery` from what a request gave (strings, empty meaning none)."""
    if tag and tag not in ENVIES:
        raise BadWallQuery(_("Unknown activity “${tag}”: use one of ${known}."),
                           tag=tag, known=", ".join(ENVIES))
    place: int | str | None = None
    if partner == OTHER_PLACES:
        place = OTHER_PLACES
    elif partner:
        if not partner.isdigit() or not 0 < int(partner) <= MAX_ID:
            raise BadWallQuery(_("The place must be a listing's number."))
        place = int(partner)
    if kind and kind not in KINDS:
        raise BadWallQuery(_("Unknown kind “${kind}”: use one of ${known}."),
                           kind=kind, known=", ".join(KINDS))
    if not 1 <= limit <= MAX_LIMIT:
        raise BadWallQuery(_("limit must be a whole number from 1 to ${max}."), max=MAX_LIMIT)
    return WallQuery(tag=tag or None, partner=place, kind=kind or None, limit=limit,
                     after=decode_cursor(cursor) if cursor else None)


def _shown():
    return and_(Item.status == "approved", Item.processing == "ready",
                Item.approved_at.is_not(None))


def _has_tag(tag: str):
    # Tags are a JSON list of ENVIES codes (letters only, checked before): its text holds
    # the quoted code exactly when the list does, on SQLite and PostgreSQL alike.
    return cast(Item.tags, String).like(f'%"{tag}"%')


def _filtered(statement, query: WallQuery):
    if query.tag:
        statement = statement.where(_has_tag(query.tag))
    if query.partner == OTHER_PLACES:
        statement = statement.where(Item.partner_id.is_(None))
    elif query.partner is not None:
        statement = statement.where(Item.partner_id == query.partner)
    if query.kind:
        statement = statement.where(Item.kind == query.kind)
    return statement


def page(dbsession: Session, query: WallQuery) -> WallPage:
    """One page of the wall: ``query.limit`` items after ``query.after``, their images
    loaded with them and their listings in one more query."""
    statement = _filtered(select(Item).where(_shown()), query)
    if query.after is not None:
        moment, item_id = query.after
        # A row-value comparison: SQLite and PostgreSQL both turn it into a range of the
        # wall's index, where the equivalent OR reads every row before the cursor.
        statement = statement.where(tuple_(Item.approved_at, Item.id)
                                    < tuple_(literal(moment, UTCDateTime()), item_id))
    statement = statement.order_by(Item.approved_at.desc(), Item.id.desc())
    # One more than asked tells whether another page follows, without counting.
    rows = list(dbsession.scalars(statement.limit(query.limit + 1)).unique())
    items = rows[:query.limit]
    more = len(rows) > query.limit
    return WallPage(items=items,
                    partners=published_partners(dbsession, (i.partner_id for i in items)),
                    next_cursor=encode_cursor(items[-1]) if more and items else None)


def shown_item(dbsession: Session, item_id: int) -> tuple[Item, Partner | None]:
    """An item visitors may see, and its published listing; else :class:`NotFound`."""
    item = (dbsession.scalar(select(Item).where(Item.id == item_id, _shown()))
            if 0 < item_id <= MAX_ID else None)
    if item is None:
        raise NotFound(_("This picture is not on the wall."))
    partner = published_partners(dbsession, [item.partner_id]).get(item.partner_id)
    return item, partner


def partner_items(dbsession: Session, partner_id: int, limit: int = 8) -> list[Item]:
    """The newest approved and ready items of one listing."""
    return list(dbsession.scalars(
        select(Item).where(_shown(), Item.partner_id == partner_id)
        .order_by(Item.approved_at.desc(), Item.id.desc()).limit(limit)).unique())


def partner_item_count(dbsession: Session, partner_id: int) -> int:
    return dbsession.scalar(select(func.count()).select_from(Item)
                            .where(_shown(), Item.partner_id == partner_id)) or 0


def place_counts(dbsession: Session) -> tuple[list[tuple[Partner, int]], int]:
    """The published listings that have shown items, with their counts (most first),
    and how many shown items have no listing (the "other places" filter)."""
    # Approved items always have their approved_at: the two states alone let an index
    # on (partner_id, status, processing) answer without reading the rows.
    rows = dbsession.execute(
        select(Item.partner_id, func.count())
        .where(Item.status == "approved", Item.processing == "ready")
        .group_by(Item.partner_id)).all()
    partners = published_partners(dbsession, (pid for pid, _n in rows))
    listed = sorted(((partners[pid], n) for pid, n in rows if pid in partners),
                    key=lambda pair: (-pair[1], pair[0].slug))
    others = sum(n for pid, n in rows if pid is None)
    return listed, others

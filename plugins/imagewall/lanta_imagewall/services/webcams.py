"""Webcams on the wall: an image address fetched again every few seconds by the
visitors' browsers and the screens, or a live stream's address.

The office adds webcams that are on the wall at once; a partner adds its own, which
wait for a moderator like any contribution, and go back to waiting when the partner
changes anything visitors see of them (address, kind, caption, credit, activities,
place: the office checked the old one, not the new); only the refresh interval is the
partner's alone. The office's own changes stay on the wall. The server never
fetches these addresses: only browsers do, so the checks are about what a browser will
be told to load (https, a host, no password in the address).

Plain functions over a SQLAlchemy session; no Pyramid.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from lanta.services.errors import InvalidField, NotFound

from ..models import WEBCAM_KINDS, Item
from . import files
from .moderation import Details, apply_details, check_details

URL_MAX = 500
REFRESH_MIN, REFRESH_MAX = 10, 3600
DEFAULT_REFRESH = 60


@dataclass(frozen=True)
class WebcamInput:
    kind: str
    url: str
    details: Details
    refresh_s: int | None = None


def check_address(url: str) -> str:
    """``url`` if a browser may be told to load it: https, a host, no user or password,
    at most 500 characters; else :class:`InvalidField` on ``url``."""
    url = (url or "").strip()
    if not url:
        raise InvalidField("Give the webcam's address.", on="url")
    if len(url) > URL_MAX:
        raise InvalidField("The address is longer than ${max} characters.", on="url",
                           max=URL_MAX)
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise InvalidField("The address cannot contain spaces.", on="url")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise InvalidField("This address is not valid.", on="url") from None
    if parts.scheme.lower() != "https":
        raise InvalidField("The address must start with https:// (a page served over "
                           "https cannot show a webcam served without it).", on="url")
    if parts.username is not None or parts.password is not None:
        raise InvalidField("The address must not hold a user name or password: every "
                           "visitor would read it.", on="url")
    if not host:
        raise InvalidField("The address has no host name.", on="url")
    return url


def refresh_from_text(text: str | None) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidField("Give the refresh interval in seconds, between ${low} and "
                           "${high}.", on="refresh_s", low=REFRESH_MIN, high=REFRESH_MAX)
    return int(text)


def check(dbsession: Session, webcam: WebcamInput) -> WebcamInput:
    """``webcam`` cleaned, or its first refused field."""
    if webcam.kind not in WEBCAM_KINDS:
        raise InvalidField("Choose the kind of webcam.", on="kind")
    url = check_address(webcam.url)
    refresh = None
    if webcam.kind == "webcam_image":
        refresh = webcam.refresh_s if webcam.refresh_s is not None else DEFAULT_REFRESH
        if not REFRESH_MIN <= refresh <= REFRESH_MAX:
            raise InvalidField("Give the refresh interval in seconds, between ${low} and "
                               "${high}.", on="refresh_s", low=REFRESH_MIN,
                               high=REFRESH_MAX)
    details = check_details(dbsession, webcam.details)
    return WebcamInput(kind=webcam.kind, url=url, details=details, refresh_s=refresh)


def add(dbsession: Session, webcam: WebcamInput, *, by_office: bool,
        by_user: int | None, now: dt.datetime) -> Item:
    """A new webcam: on the wall at once when the office adds it, waiting for a
    moderator when a partner does. Nothing is written on a refusal."""
    webcam = check(dbsession, webcam)
    item = Item(kind=webcam.kind, webcam_url=webcam.url, refresh_s=webcam.refresh_s,
                processing="ready", status="approved" if by_office else "pending",
                contributor_user_id=by_user, created_at=now)
    apply_details(item, webcam.details)
    if by_office:
        item.approved_at = item.moderated_at = now
        item.moderated_by = by_user
    dbsession.add(item)
    dbsession.flush()
    return item


def _what_visitors_see(item: Item) -> tuple:
    return (item.kind, item.webcam_url, item.caption, item.credit, tuple(item.tags or ()),
            item.partner_id, item.place_name, item.lat, item.lon)


def update(dbsession: Session, item: Item, webcam: WebcamInput, *, by_office: bool) -> bool:
    """Change a webcam. A partner's change to what visitors see sends it back to the
    queue (unfeatured); returns whether it did."""
    webcam = check(dbsession, webcam)
    before = _what_visitors_see(item)
    item.kind, item.webcam_url, item.refresh_s = webcam.kind, webcam.url, webcam.refresh_s
    apply_details(item, webcam.details)
    changed = _what_visitors_see(item) != before
    back_to_queue = changed and not by_office and item.status != "pending"
    if back_to_queue:
        item.status = "pending"
        item.featured = False
    dbsession.flush()
    return back_to_queue


def of_partner(dbsession: Session, partner_id: int) -> list[Item]:
    """The webcams of a listing, newest first."""
    return list(dbsession.scalars(
        select(Item).where(Item.partner_id == partner_id, Item.kind.in_(WEBCAM_KINDS))
        .order_by(Item.created_at.desc(), Item.id.desc())).unique())


def partner_webcam(dbsession: Session, partner_id: int, item_id: int) -> Item:
    """The webcam ``item_id`` of that listing, or NotFound (also for another's)."""
    item = dbsession.get(Item, item_id)
    if item is None or item.partner_id != partner_id or item.kind not in WEBCAM_KINDS:
        raise NotFound("This webcam is not one of your listing's.")
    return item


def delete(dbsession: Session, uploads_dir: Path, item: Item, tm=None) -> None:
    files.delete_items(dbsession, uploads_dir, [item], tm)

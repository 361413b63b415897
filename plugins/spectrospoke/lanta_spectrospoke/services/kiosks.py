"""A headset's kiosk address: the secret that ties a device to its hotel.

The address ``/spectrospoke/kiosk/TOKEN/`` is typed once into the headset's browser (or
opened from the QR code on the hotel's page) and kept as its home page. Only the
token's SHA-256 is stored: a copy of the database does not give working addresses, and
a new address (:func:`new_token`, kept by the hotel's page) replaces the old one, which
stops working at once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from lanta.models import utcnow

from ..models import Headset

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
# How stale "last seen" may get before a kiosk post writes it again.
SEEN_EVERY = dt.timedelta(minutes=5)


def new_token() -> str:
    """A fresh secret for a kiosk address (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def headset_for_token(dbsession: Session, token: str) -> Headset | None:
    """The active headset whose kiosk address holds ``token``, else None. Only reads:
    kiosk pages are GETs, which must never write (see :func:`note_seen`)."""
    if not TOKEN.match(token or ""):
        return None
    return dbsession.scalars(
        select(Headset).where(Headset.token_hash == token_hash(token),
                              Headset.active.is_(True))).one_or_none()


def note_seen(headset: Headset, now: dt.datetime | None = None) -> None:
    """Notes that ``headset`` is in use, at most once in :data:`SEEN_EVERY`. Called by
    the kiosk's posts only (a clip begun, watched, a booking sent): on SQLite a GET's
    transaction is not begun for writing, and a write there fails with "database is
    locked" as soon as another request has committed meanwhile."""
    now = now or utcnow()
    if headset.last_seen_at is None or now - headset.last_seen_at > SEEN_EVERY:
        headset.last_seen_at = now

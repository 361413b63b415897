"""Partners' opening hours as "open now" judges them: parsed once per version of a
listing and kept in this process, since one search looks at thousands of partners."""
from __future__ import annotations

import datetime as dt
from typing import Any, Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Partner
from . import opening_hours

CACHE_SIZE = 200_000
# Rows read per query: stays well under every database's limit of bound parameters.
CHUNK = 500

# Open or closed holds until the next opening or closing: judged once, it is only
# compared with the clock until then. Looking further than this for the next change
# costs more at once than judging again a week later.
STATUS_HORIZON_DAYS = 7

# (partner id, updated_at) → parsed hours. A new version of a listing has a new key;
# the old one goes when the cache is full and is cleared.
_CACHE: dict[tuple[int, Any], opening_hours.OpeningHours] = {}
# The same key → (open, judged at, holds until): valid for ``judged at <= now < until``.
_STATUS: dict[tuple[int, Any], tuple[bool, dt.datetime, dt.datetime]] = {}


def parsed(partner: Any) -> opening_hours.OpeningHours:
    """The hours of a partner, or of a row with its ``id``, ``updated_at`` and
    ``opening_hours``."""
    if partner.id is None:
        return opening_hours.parse(partner.opening_hours)
    key = (partner.id, partner.updated_at)
    hours = _CACHE.get(key)
    if hours is None:
        hours = _remember(key, partner.opening_hours)
    return hours


def is_open(partner: Any, now: dt.datetime) -> bool:
    if partner.id is None:
        return opening_hours.is_open(parsed(partner), now)
    return _open_at((partner.id, partner.updated_at), parsed(partner), now)


def _open_at(key: tuple[int, Any], hours: opening_hours.OpeningHours,
             now: dt.datetime) -> bool:
    # In UTC: aware moments of one zone compare by their wall clocks, which the change
    # to summer time makes wrong.
    now = now.astimezone(dt.timezone.utc)
    held = _STATUS.get(key)
    if held is not None and held[1] <= now < held[2]:
        return held[0]
    status = opening_hours.status(hours, now, horizon_days=STATUS_HORIZON_DAYS)
    change = status.closes_at if status.open else status.opens_at
    until = (change.astimezone(dt.timezone.utc) if change is not None
             else now + dt.timedelta(days=STATUS_HORIZON_DAYS))
    _STATUS[key] = (status.open, now, until)
    return status.open


def open_among(dbsession: Session, ids: Collection[int], now: dt.datetime) -> set[int]:
    """Those of ``ids`` whose partner is open at ``now`` (aware). Reads each row's
    version first and the hours only of the versions not parsed yet: decoding the JSON
    of thousands of rows would cost more than judging them."""
    wanted = sorted(set(ids))
    found: set[int] = set()
    for n in range(0, len(wanted), CHUNK):
        chunk = wanted[n:n + CHUNK]
        versions = dbsession.execute(select(Partner.id, Partner.updated_at)
                                     .where(Partner.id.in_(chunk))).all()
        missing = [row.id for row in versions if (row.id, row.updated_at) not in _CACHE]
        if missing:
            for row in dbsession.execute(
                    select(Partner.id, Partner.updated_at, Partner.opening_hours)
                    .where(Partner.id.in_(missing))):
                _remember((row.id, row.updated_at), row.opening_hours)
        for row in versions:
            key = (row.id, row.updated_at)
            hours = _CACHE.get(key)
            if hours is None:  # changed between the two reads: judge the newer hours
                partner = dbsession.get(Partner, row.id)
                if partner is None:
                    continue
                key, hours = (partner.id, partner.updated_at), parsed(partner)
            if _open_at(key, hours, now):
                found.add(row.id)
    return found


def _remember(key: tuple[int, Any], raw: Any) -> opening_hours.OpeningHours:
    if len(_CACHE) >= CACHE_SIZE:
        _CACHE.clear()
        _STATUS.clear()
    hours = _CACHE[key] = opening_hours.parse(raw)
    return hours

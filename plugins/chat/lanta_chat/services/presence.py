"""Which staff members have the inbox open: each open inbox says so every
``HEARTBEAT_SECONDS``; a member is present while the last word is younger than
``WINDOW_SECONDS`` and the member has not switched to "away"."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Presence, utcnow

HEARTBEAT_SECONDS = 20
# Three heartbeats: a tab throttled in the background or a slow network does not make
# the office look closed.
WINDOW_SECONDS = 60


def heartbeat(dbsession: Session, user_id: int, *, away: bool | None = None,
              now: dt.datetime | None = None) -> Presence:
    """Record that ``user_id``'s inbox is open; ``away`` True/False switches the
    member's "away", None keeps it."""
    now = now or utcnow()
    row = dbsession.get(Presence, user_id)
    if row is None:
        try:
            with dbsession.begin_nested():
                row = Presence(user_id=user_id, seen_at=now, away=bool(away))
                dbsession.add(row)
            return row
        except IntegrityError:  # the member's other tab said it first
            row = dbsession.get(Presence, user_id, populate_existing=True)
    row.seen_at = now
    if away is not None:
        row.away = away
    dbsession.flush()
    return row


def present_ids(dbsession: Session, now: dt.datetime | None = None) -> set[int]:
    """The users whose inbox is open and who are not away."""
    since = (now or utcnow()) - dt.timedelta(seconds=WINDOW_SECONDS)
    return set(dbsession.scalars(select(Presence.user_id).where(
        Presence.seen_at >= since, Presence.away.is_(False))))

"""Whether the widget shows the office as online: within the office's hours, and the
person on duty today has the inbox open (not away). With an empty rotation, any staff
member with the inbox open will do."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from lanta.services import opening_hours

from ..models import utcnow
from . import hours, presence, rota
from .clock import office_day


@dataclass(frozen=True)
class Status:
    """``online``: a person can answer now. ``open_now``: within the hours.
    ``on_duty``: today's user id on duty (None: no rotation, or a day without hours).
    ``opens_at``: when the hours next open, when closed (aware, office time)."""

    online: bool
    open_now: bool
    on_duty: int | None
    opens_at: dt.datetime | None


def status(dbsession: Session, now: dt.datetime | None = None) -> Status:
    now = now or utcnow()
    office = hours.office_hours(dbsession)
    state = opening_hours.status(office, now, horizon_days=31)
    on_duty, online = None, False
    if state.open:
        # Each row read once: the widget asks at every poll.
        day = office_day(now)
        order = rota.members(dbsession)
        swap = rota.swap_on(dbsession, day)
        on_duty = swap.user_id if swap is not None else rota.rotation_member(
            dbsession, day, order)
        present = presence.present_ids(dbsession, now)
        if on_duty is not None:
            online = on_duty in present
        elif not order and swap is None:
            online = bool(present)
    return Status(online=online, open_now=state.open, on_duty=on_duty,
                  opens_at=None if state.open else state.opens_at)

"""Rate limits on card look-ups, counted in ``vip_scans`` so that every server process
sees the same counts.

A terminal may look up so many cards a minute, fewer unknown ones in ten minutes (the
guessing of numbers or UIDs), and one card may be scanned so many times a minute
across all terminals (the look-ups made while granting an offer count for the terminal
only). Refused look-ups are not recorded: a terminal that keeps knocking
stays refused only until its window has passed.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..i18n import _
from ..models import Scan
from .errors import RateLimited


@dataclass(frozen=True)
class RateLimits:
    per_terminal: int = 30
    per_card: int = 6
    window: dt.timedelta = dt.timedelta(minutes=1)
    misses_per_terminal: int = 10
    miss_window: dt.timedelta = dt.timedelta(minutes=10)


DEFAULT_LIMITS = RateLimits()


def _retry_after(oldest: dt.datetime | None, window: dt.timedelta, now: dt.datetime) -> int:
    if oldest is None:
        return int(window.total_seconds())
    return max(1, math.ceil((oldest + window - now).total_seconds()))


def _refuse_over(dbsession: Session, condition, limit: int, window: dt.timedelta,
                 now: dt.datetime, message) -> None:
    count, oldest = dbsession.execute(
        select(func.count(), func.min(Scan.at)).where(condition, Scan.at > now - window)).one()
    if count >= limit:
        raise RateLimited(message, _retry_after(oldest, window, now))


def check_terminal(dbsession: Session, terminal_id: int, now: dt.datetime,
                   limits: RateLimits = DEFAULT_LIMITS) -> None:
    """Refuse a look-up by a terminal that scanned too much, or missed too often."""
    _refuse_over(dbsession, Scan.terminal_id == terminal_id, limits.per_terminal,
                 limits.window, now, _("This terminal scans too fast; wait a moment."))
    _refuse_over(dbsession, (Scan.terminal_id == terminal_id) & Scan.found.is_(False),
                 limits.misses_per_terminal, limits.miss_window, now,
                 _("Too many unknown cards on this terminal; wait a few minutes."))


def check_card(dbsession: Session, card_id: int, now: dt.datetime,
               limits: RateLimits = DEFAULT_LIMITS) -> None:
    """Refuse a scan of a card scanned too often across terminals. Only scans count:
    the taps that grant offers are bounded by the offers' limits."""
    _refuse_over(dbsession, (Scan.card_id == card_id) & (Scan.kind == "scan"),
                 limits.per_card, limits.window, now,
                 _("This card was scanned too often; wait a moment."))


def record(dbsession: Session, terminal_id: int, card_id: int | None, kind: str,
           now: dt.datetime) -> None:
    """Count one look-up. A plain INSERT: a scan changes nothing a visitor sees, so it
    must not empty the page cache as an ORM change would."""
    dbsession.execute(insert(Scan).values(terminal_id=terminal_id, card_id=card_id,
                                          kind=kind, found=card_id is not None, at=now))

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

from sqlalchemy import bindparam, func, insert, select, true
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


def _window(condition, since: str):
    """How many look-ups match ``condition`` after the moment ``since`` (a parameter),
    and the oldest of them: one row, read by one range of an index on (terminal_id, at)
    or (card_id, at)."""
    return select(func.count().label("n"), func.min(Scan.at).label("oldest")) \
        .where(condition, Scan.at > bindparam(since)).subquery()


def _windows_statement(*windows):
    joined = windows[0]
    for subquery in windows[1:]:
        joined = joined.join(subquery, true())
    return select(*(column for subquery in windows
                    for column in (subquery.c.n, subquery.c.oldest))).select_from(joined)


# Built once, run with parameters: a look-up is on the path of every scan and redemption,
# and building a statement costs more in Python than the database spends running it.
_TERMINAL = Scan.terminal_id == bindparam("terminal_id")
_TERMINAL_WINDOWS = (_window(_TERMINAL, "since"),
                     _window(_TERMINAL & Scan.found.is_(False), "miss_since"))
# Only scans count for a card: the taps that grant offers are bounded by the offers' limits.
_CARD = (Scan.card_id == bindparam("card_id")) & (Scan.kind == "scan")
_CARD_WINDOW = _window(_CARD, "since")
_COUNT_TERMINAL = _windows_statement(*_TERMINAL_WINDOWS)
_COUNT_TERMINAL_AND_CARD = _windows_statement(*_TERMINAL_WINDOWS, _CARD_WINDOW)
_RECORD = insert(Scan.__table__)


def _under(condition, since: str, limit: str):
    count = select(func.count()).select_from(Scan).where(condition, Scan.at > bindparam(since))
    return count.scalar_subquery() < bindparam(limit)


def _record_if_under(*conditions):
    """INSERT of one look-up (the parameters of ``record``) that inserts nothing when one
    of ``conditions`` fails: counting and recording in one statement. RETURNING tells
    whether the row went in: the row count SQLAlchemy gave back for it on PostgreSQL
    was -1."""
    columns = Scan.__table__.c
    row = [bindparam(name, type_=columns[name].type)
           for name in ("terminal_id", "card_id", "kind", "found", "at")]
    return insert(Scan.__table__).from_select(
        ["terminal_id", "card_id", "kind", "found", "at"],
        select(*row).where(*conditions)).returning(Scan.id)


_TERMINAL_UNDER = (_under(_TERMINAL, "since", "per_terminal"),
                   _under(_TERMINAL & Scan.found.is_(False), "miss_since", "misses"))
_RECORD_IF_TERMINAL_UNDER = _record_if_under(*_TERMINAL_UNDER)
_RECORD_IF_TERMINAL_AND_CARD_UNDER = _record_if_under(
    *_TERMINAL_UNDER, _under(_CARD, "since", "per_card"))


def admit(dbsession: Session, terminal_id: int, card_id: int | None, kind: str,
          now: dt.datetime, limits: RateLimits = DEFAULT_LIMITS) -> None:
    """:func:`check` then :func:`record` (the card's own window only for a ``scan``), in
    one statement while the look-up is within its limits, as it nearly always is; the
    windows are counted again only to say which one refused."""
    params = {"terminal_id": terminal_id, "card_id": card_id, "kind": kind,
              "found": card_id is not None, "at": now, "since": now - limits.window,
              "miss_since": now - limits.miss_window, "per_terminal": limits.per_terminal,
              "misses": limits.misses_per_terminal, "per_card": limits.per_card}
    counted_card = card_id if kind == "scan" else None
    statement = _RECORD_IF_TERMINAL_UNDER if counted_card is None \
        else _RECORD_IF_TERMINAL_AND_CARD_UNDER
    if dbsession.execute(statement, params).first() is not None:
        return
    check(dbsession, terminal_id, counted_card, now, limits)
    # Counted at the same ``now``, the windows only fill up between the two statements;
    # they empty only when look-ups are deleted (a card erased): then it is not refused.
    record(dbsession, terminal_id, card_id, kind, now)


def check(dbsession: Session, terminal_id: int, card_id: int | None, now: dt.datetime,
          limits: RateLimits = DEFAULT_LIMITS) -> None:
    """Refuse a look-up by a terminal that scanned too much or missed too often, or of a
    card (``card_id``; None for a card not found, or a tap granting an offer) scanned too
    often across terminals.

    The windows are counted in one statement, each its own single-row subquery. The
    refusals keep their order: the terminal's rate, its misses, then the card."""
    params = {"terminal_id": terminal_id, "since": now - limits.window,
              "miss_since": now - limits.miss_window}
    checks = [(limits.per_terminal, limits.window,
               _("This terminal scans too fast; wait a moment.")),
              (limits.misses_per_terminal, limits.miss_window,
               _("Too many unknown cards on this terminal; wait a few minutes."))]
    if card_id is None:
        row = dbsession.execute(_COUNT_TERMINAL, params).one()
    else:
        row = dbsession.execute(_COUNT_TERMINAL_AND_CARD, dict(params, card_id=card_id)).one()
        checks.append((limits.per_card, limits.window,
                       _("This card was scanned too often; wait a moment.")))
    for n, (limit, window, message) in enumerate(checks):
        count, oldest = row[2 * n], row[2 * n + 1]
        if count >= limit:
            raise RateLimited(message, _retry_after(oldest, window, now))


def record(dbsession: Session, terminal_id: int, card_id: int | None, kind: str,
           now: dt.datetime) -> None:
    """Count one look-up. A plain INSERT into the table (not even the ORM's bulk path): a
    scan changes nothing a visitor sees, so it must not empty the page cache as an ORM
    change would."""
    dbsession.execute(_RECORD, {"terminal_id": terminal_id, "card_id": card_id, "kind": kind,
                                "found": card_id is not None, "at": now})

"""The office's clock: stays, seasons and daily limits count in Europe/Paris days."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..models import utcnow

OFFICE_TZ = ZoneInfo("Europe/Paris")
# The days a form or a report may name: far enough for any stay or offer, near enough
# that the day after the last one and its instants stay within datetime's range.
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


def office_date(at: dt.datetime) -> dt.date:
    if at.tzinfo is None:
        raise ValueError("naive datetimes are refused: give a timezone")
    return at.astimezone(OFFICE_TZ).date()


def today(now: dt.datetime | None = None) -> dt.date:
    return office_date(now or utcnow())


def start_of_office_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), OFFICE_TZ)


__all__ = ["FIRST_DAY", "LAST_DAY", "OFFICE_TZ", "office_date", "start_of_office_day",
           "today", "utcnow"]

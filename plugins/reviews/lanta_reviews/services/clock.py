"""The office's clock: its time zone and its today (a season, a visit's day and the
dates shown to the office are counted in office days)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

OFFICE_TZ = ZoneInfo("Europe/Paris")


def office_today() -> dt.date:
    return dt.datetime.now(OFFICE_TZ).date()

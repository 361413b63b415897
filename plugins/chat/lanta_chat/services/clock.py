"""The office's clock: its time zone and its today (the rota's days are office days)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

OFFICE_TZ = ZoneInfo("Europe/Paris")


def office_day(at: dt.datetime) -> dt.date:
    """The office's date at the aware moment ``at``."""
    return at.astimezone(OFFICE_TZ).date()

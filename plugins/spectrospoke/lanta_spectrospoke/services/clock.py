"""The office's clock for the add-on's services: its time zone (Europe/Paris), its
day, and times typed in a form.

:mod:`lanta.reporting` holds the same zone and day, but it imports Pyramid, which the
services never do; views use ``lanta.reporting.today()``.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from lanta.models import utcnow

OFFICE_TZ = ZoneInfo("Europe/Paris")


def office_time(at: dt.datetime) -> dt.datetime:
    """``at`` (aware) in office time."""
    return at.astimezone(OFFICE_TZ)


def office_today(now: dt.datetime | None = None) -> dt.date:
    """The office's current day (or that of ``now``)."""
    return office_time(now or utcnow()).date()


def from_office_time(local: dt.datetime) -> dt.datetime:
    """A naive office time (as typed in a form) as an aware UTC datetime."""
    return local.replace(tzinfo=OFFICE_TZ).astimezone(dt.timezone.utc)

"""Times typed on the office's wall clock (a form, the command line).

Twice a year that clock is not a plain count of hours: in spring it skips an hour (2:00
becomes 3:00 in Europe/Paris), in autumn it shows one twice. A skipped time names no
moment at all, and Python still turns it into one an hour off; it is refused where it is
typed. A repeated time is taken as its first showing (``fold`` 0), as the office's
listings and opening hours read it.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def skipped(local: dt.datetime, zone: ZoneInfo) -> bool:
    """Whether the wall time ``local`` never shows on ``zone``'s clocks; a time with its
    UTC offset names a moment, and is never skipped."""
    if local.tzinfo is not None:
        return False
    shown = local.replace(tzinfo=zone).astimezone(dt.timezone.utc).astimezone(zone)
    return shown.replace(tzinfo=None) != local

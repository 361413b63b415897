"""Dates as visitors read them: an event's occurrence and a news item's day, in the
page's language and Pau's time."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time

from ..services.events import ZONE


def when_text(occurrence, lang: str) -> str:
    """"14 juillet 2026, 21:00 – 23:00" in the page's language, in Pau's time."""
    start = occurrence.starts_at.astimezone(ZONE)
    text = format_date(start, "full", locale=lang)
    if occurrence.details.all_day:
        return text
    text += ", " + format_time(start, "short", locale=lang)
    if occurrence.ends_at is not None:
        end = occurrence.ends_at.astimezone(ZONE)
        if end.date() == start.date():
            text += " – " + format_time(end, "short", locale=lang)
        else:
            text += " – " + format_date(end, "full", locale=lang) + ", " + \
                format_time(end, "short", locale=lang)
    return text


def local_day(value: dt.datetime) -> dt.date:
    """The day in Pau of a stored (UTC) time: news published at 00:30 belongs to today."""
    return value.astimezone(ZONE).date()

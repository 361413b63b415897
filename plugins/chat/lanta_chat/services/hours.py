"""The welcome office's hours for the chat: when visitors may expect a person.

Stored in the core's ``site_settings`` table under ``chat.hours``, in the opening-hours
format of the partner directory (:mod:`lanta.services.opening_hours`): one year-round
weekly schedule, plus closed days (public holidays) as exceptions. Until the office sets
them, :data:`DEFAULT_WEEKLY` applies.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from lanta.models import SiteSetting
from lanta.services import opening_hours
from lanta.services.errors import InvalidField

from ..i18n import _
from .clock import OFFICE_TZ

KEY = "chat.hours"
DAY_KEYS = opening_hours.DAY_KEYS
# Monday to Saturday, 9:30–12:30 and 14:00–18:00: a welcome office's usual hours.
DEFAULT_WEEKLY: dict[str, list[list[str]]] = {
    day: [["09:30", "12:30"], ["14:00", "18:00"]] for day in DAY_KEYS[:6]}


def _document(weekly: dict[str, list[list[str]]], closed: list[dt.date]) -> dict[str, Any]:
    return {"timezone": OFFICE_TZ.key,
            "periods": [{"from": "01-01", "to": "12-31", "weekly": weekly}],
            "exceptions": [{"date": day.isoformat(), "slots": []} for day in sorted(closed)]}


def stored(dbsession: Session) -> dict[str, Any]:
    """The hours as stored (the default schedule when unset)."""
    row = dbsession.get(SiteSetting, KEY)
    if row is None or not isinstance(row.value, dict):
        return _document(DEFAULT_WEEKLY, [])
    return row.value


def office_hours(dbsession: Session) -> opening_hours.OpeningHours:
    """The parsed hours; the default ones when the stored value cannot be read (a
    hand-edited row must not take the chat down)."""
    try:
        return opening_hours.parse(stored(dbsession))
    except opening_hours.OpeningHoursError:
        return opening_hours.parse(_document(DEFAULT_WEEKLY, []))


def weekly(dbsession: Session) -> dict[str, list[list[str]]]:
    """Day key → [[start, end], …] of the stored schedule."""
    periods = stored(dbsession).get("periods") or [{}]
    return {day: periods[0].get("weekly", {}).get(day, []) for day in DAY_KEYS}


def closed_days(dbsession: Session) -> list[dt.date]:
    return sorted(dt.date.fromisoformat(item["date"])
                  for item in stored(dbsession).get("exceptions", [])
                  if isinstance(item, dict) and "date" in item)


def save(dbsession: Session, weekly: dict[str, list[list[str]]],
         closed: list[dt.date] = ()) -> None:
    """Store a weekly schedule (day key → [[start, end], …], times "HH:MM") and the days
    the office is closed; refuses what the opening-hours format refuses, naming it."""
    unknown = set(weekly) - set(DAY_KEYS)
    if unknown:
        raise InvalidField(_("Unknown day: ${day}."), on="hours", day=sorted(unknown)[0])
    document = _document({day: [list(s) for s in weekly.get(day, [])] for day in DAY_KEYS},
                         list(closed))
    try:
        opening_hours.parse(document)
    except opening_hours.OpeningHoursError as error:
        raise InvalidField(_("These hours cannot be read: ${detail}"), on="hours",
                           detail=error.message) from error
    row = dbsession.get(SiteSetting, KEY)
    if row is None:
        dbsession.add(SiteSetting(key=KEY, value=document, revision=1))
    else:
        row.value, row.revision = document, (row.revision or 0) + 1
    dbsession.flush()


def is_open(dbsession: Session, at: dt.datetime) -> bool:
    return opening_hours.is_open(office_hours(dbsession), at)

"""Events: when and where they happen, their repetitions, and the agenda's occurrences.

Times are typed and repeated in Pau's time (Europe/Paris): a weekly market at 08:00
stays at 08:00 across the clock changes. Repetitions are stored as an iCalendar RRULE so
that calendar exports carry them unchanged.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ContentItem, EventDetails, Partner
from .content import _visible_clauses
from .errors import InvalidField

ZONE = ZoneInfo("Europe/Paris")
REPEATS = {"": None, "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY"}
# An agenda page shows this many occurrences at most: a daily event must not flood it.
MAX_OCCURRENCES = 400


@dataclass(frozen=True)
class EventData:
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    all_day: bool = False
    repeat: str = ""
    repeat_until: dt.date | None = None
    place_partner_id: int | None = None
    place_name: str = ""
    place_address: str = ""


@dataclass(frozen=True)
class Occurrence:
    item: ContentItem
    details: EventDetails
    starts_at: dt.datetime
    ends_at: dt.datetime | None


def check(dbsession: Session, data: EventData) -> EventData:
    """``data`` checked, before anything is written; refusals name their field."""
    if data.starts_at.tzinfo is None:
        raise InvalidField("Give the start with a time zone.", on="starts_at")
    if data.ends_at is not None and data.ends_at <= data.starts_at:
        raise InvalidField("The end must come after the start.", on="ends_at")
    if data.repeat not in REPEATS:
        raise InvalidField("Choose how the event repeats from the list.", on="repeat")
    if data.repeat_until and not data.repeat:
        raise InvalidField("Choose how the event repeats, or leave the last date empty.",
                           on="repeat_until")
    if data.repeat_until and data.repeat_until < data.starts_at.astimezone(ZONE).date():
        raise InvalidField("The last date must not come before the first one.",
                           on="repeat_until")
    if data.place_partner_id is not None and dbsession.get(Partner,
                                                           data.place_partner_id) is None:
        raise InvalidField("This partner does not exist.", on="place_partner")
    return data


def _rule(data: EventData) -> str:
    freq = REPEATS[data.repeat]
    if freq is None:
        return ""
    rule = f"FREQ={freq}"
    if data.repeat_until:
        last = dt.datetime.combine(data.repeat_until, dt.time(23, 59, 59), ZONE)
        rule += f";UNTIL={last.astimezone(dt.timezone.utc):%Y%m%dT%H%M%SZ}"
    return rule


def _duration(details: EventDetails) -> dt.timedelta | None:
    if details.ends_at is not None:
        return details.ends_at - details.starts_at
    return dt.timedelta(days=1) if details.all_day else None


def _repetitions(details: EventDetails):
    return rrulestr(details.recurrence, dtstart=details.starts_at.astimezone(ZONE))


def set_details(dbsession: Session, item: ContentItem, data: EventData) -> EventDetails:
    """Store checked ``data`` (see :func:`check`) as ``item``'s dates and place."""
    details = dbsession.get(EventDetails, item.id) or EventDetails(content_id=item.id)
    details.starts_at, details.ends_at = data.starts_at, data.ends_at
    details.all_day = data.all_day
    details.recurrence = _rule(data)
    details.place_partner_id = data.place_partner_id
    details.place_name = data.place_name.strip()[:200]
    details.place_address = data.place_address.strip()[:300]
    dbsession.add(details)
    details.last_ends_at = _last_end(details)
    dbsession.flush()
    return details


def _last_end(details: EventDetails) -> dt.datetime | None:
    if details.recurrence and "UNTIL=" not in details.recurrence:
        return None  # repeats without end
    last = details.starts_at
    if details.recurrence:
        for last in _repetitions(details):  # bounded by its UNTIL
            pass
    return last + (_duration(details) or dt.timedelta(0))


def details_of(dbsession: Session, item: ContentItem) -> EventDetails | None:
    return dbsession.get(EventDetails, item.id)


def data_of(details: EventDetails) -> EventData:
    """The form's view of stored details."""
    repeat = next((name for name, freq in REPEATS.items()
                   if freq and details.recurrence.startswith(f"FREQ={freq}")), "")
    until = None
    if "UNTIL=" in details.recurrence:
        stamp = details.recurrence.split("UNTIL=")[1].split(";")[0]
        until = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=dt.timezone.utc).astimezone(ZONE).date()
    return EventData(starts_at=details.starts_at, ends_at=details.ends_at,
                     all_day=details.all_day, repeat=repeat, repeat_until=until,
                     place_partner_id=details.place_partner_id,
                     place_name=details.place_name, place_address=details.place_address)


def occurrences_of(details: EventDetails, start: dt.datetime, end: dt.datetime,
                   item: ContentItem | None = None) -> list[Occurrence]:
    """The occurrences that overlap ``start`` … ``end`` (at most MAX_OCCURRENCES), however
    long ago the event began repeating."""
    duration = _duration(details)
    span = duration or dt.timedelta(0)
    if details.recurrence:
        begins = _repetitions(details).between(start - span, end, inc=True)
    else:
        begins = [details.starts_at.astimezone(ZONE)]
    found = []
    for begin in begins:
        if begin < end and (begin + span > start or begin >= start):
            found.append(Occurrence(item, details, begin.astimezone(dt.timezone.utc),
                                    (begin + duration).astimezone(dt.timezone.utc)
                                    if duration else None))
            if len(found) == MAX_OCCURRENCES:
                break
    return found


def agenda(dbsession: Session, language: str, now: dt.datetime, start: dt.datetime,
           end: dt.datetime) -> list[Occurrence]:
    """What visitors see in the agenda between ``start`` and ``end``: the occurrences of
    visible events, soonest first."""
    query = _visible_clauses(
        select(ContentItem, EventDetails).join(EventDetails,
                                               EventDetails.content_id == ContentItem.id),
        now).where(ContentItem.language == language, EventDetails.starts_at < end,
                   (EventDetails.last_ends_at.is_(None)) | (EventDetails.last_ends_at > start))
    found: list[Occurrence] = []
    for item, details in dbsession.execute(query).all():
        found.extend(occurrences_of(details, start, end, item))
    found.sort(key=lambda o: (o.starts_at, o.item.live_title))
    return found[:MAX_OCCURRENCES]

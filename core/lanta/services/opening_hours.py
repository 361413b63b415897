"""Opening hours of partners: the stored JSON format, its validation and its evaluation.

The format (``Partner.opening_hours``)::

    {"timezone": "Europe/Paris",
     "periods": [{"from": "07-01", "to": "08-31", "label": {"fr": "Été", "en": "Summer"},
                  "weekly": {"mon": [["09:00", "12:30"], ["14:00", "18:00"]], ...}}],
     "exceptions": [{"date": "2026-12-25", "slots": [], "label": {"fr": "Noël"}}]}

* Times are wall-clock times in ``timezone`` ("Europe/Paris" when absent).
* A period recurs yearly, both ends included, and may wrap the year end. Dates compare as
  (month, day) pairs, so in a common year a bound on 02-29 falls between Feb 28 and Mar 1:
  "02-29"→"03-31" starts on Mar 1, "01-01"→"02-29" ends on Feb 28, "02-29"→"02-29" holds
  no day. Where periods overlap the shortest (counted in a leap year) applies; between
  equally long ones, the first listed. A date in no period is closed.
* Days are ``mon``..``sun``; an absent day or an empty list is closed. A slot whose end is
  <= its start ends the next day, whatever that day's schedule or exception says (equal
  ends make 24 hours). "24:00" is stored as ``Slot.end == time(0)``, written back "24:00".
* An exception replaces the weekly slots of its date ([] = closed all day).
* Slots become instants with zoneinfo: a wall time that happens twice (autumn) is its first
  occurrence (fold=0); one the spring change skips is the instant the clock jumps, so
  "02:00"–"03:00" is empty that day and a bar closing at "02:30" closes at 03:00.
* ``parse(None)`` and ``parse({})`` are unknown hours (``known`` False), unlike closed ones.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/Paris"
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_ONE_DAY = timedelta(days=1)
_UTC = timezone.utc
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_MONTH_DAY = re.compile(r"(\d\d)-(\d\d)")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


class OpeningHoursError(ValueError):
    """Hours that cannot be read; ``message`` is an English sentence naming the bad part."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Slot:
    """Open from ``start`` to ``end`` (wall clock); ``end <= start`` ends the next day, and
    ``end == time(0)`` is "24:00"."""

    start: time
    end: time


@dataclass(frozen=True)
class Period:
    """A yearly season, ``start`` to ``end`` as (month, day) both included; ``weekly`` holds
    only the open days (0 = Monday), each with its slots in order of opening."""

    start: tuple[int, int]
    end: tuple[int, int]
    weekly: dict[int, tuple[Slot, ...]]
    label: dict[str, str] = field(default_factory=dict)


def _holds(period: Period, month_day: tuple[int, int]) -> bool:
    if period.start <= period.end:
        return period.start <= month_day <= period.end
    return month_day >= period.start or month_day <= period.end  # wraps the year end


def _length(period: Period) -> int:
    """Days in the period, counted in a leap year."""
    days = date(2000, *period.end).toordinal() - date(2000, *period.start).toordinal() + 1
    return days if days > 0 else days + 366


@dataclass(frozen=True)
class OpeningHours:
    """Parsed hours; ``exception_labels`` holds only the exception dates with a label."""

    timezone: str
    periods: tuple[Period, ...]
    exceptions: dict[date, tuple[Slot, ...]]
    exception_labels: dict[date, dict[str, str]] = field(default_factory=dict)
    known: bool = True
    # Worked out once here rather than in is_open, which runs for thousands of partners.
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _ranked: tuple[Period, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_zone", ZoneInfo(self.timezone))
        # Shortest first; the sort is stable, so the first listed wins a tie.
        object.__setattr__(self, "_ranked", tuple(sorted(self.periods, key=_length)))


@dataclass(frozen=True)
class Status:
    """``closes_at`` is None when open past the horizon, ``opens_at`` when no opening falls
    within it; both are None when the hours are not ``known``."""

    known: bool
    open: bool
    closes_at: datetime | None = None
    opens_at: datetime | None = None


UNKNOWN = OpeningHours(DEFAULT_TIMEZONE, (), {}, {}, known=False)


# --- reading ------------------------------------------------------------------------------

def parse(data: dict[str, Any] | None) -> OpeningHours:
    """Validate stored or submitted hours; raise OpeningHoursError naming the bad part."""
    if data is None or data == {}:
        return UNKNOWN
    if not isinstance(data, dict):
        _fail("", f"Opening hours must be a JSON object, not {_show(data)}.")
    _no_unknown_keys(data, ("timezone", "periods", "exceptions"), "Opening hours")
    zone_name = data.get("timezone", DEFAULT_TIMEZONE)
    try:
        ZoneInfo(zone_name)
    except (KeyError, ValueError, OSError, TypeError):
        _fail("", f'Timezone {_show(zone_name)} is not a known time zone '
                  '(use a name such as "Europe/Paris").')
    periods = tuple(_period(item, f"Period {n}")
                    for n, item in enumerate(_list(data, "periods"), 1))
    exceptions: dict[date, tuple[Slot, ...]] = {}
    labels: dict[date, dict[str, str]] = {}
    for n, item in enumerate(_list(data, "exceptions"), 1):
        day, slots, label = _exception(item, f"Exception {n}")
        if day in exceptions:
            _fail(f"Exception {n}", f"{day.isoformat()} already has an exception.")
        exceptions[day] = slots
        if label:
            labels[day] = label
    return OpeningHours(zone_name, periods, exceptions, labels)


def _period(item: Any, where: str) -> Period:
    if not isinstance(item, dict):
        _fail("", f'{where} must be an object with "from", "to" and "weekly", '
                  f"not {_show(item)}.")
    _no_unknown_keys(item, ("from", "to", "weekly", "label"), where)
    start, end = _month_day(item, "from", where), _month_day(item, "to", where)
    weekly_data = item.get("weekly", {})
    if not isinstance(weekly_data, dict):
        _fail(where, f'"weekly" must map days ("mon".."sun") to slots, '
                     f"not {_show(weekly_data)}.")
    weekly = {}
    for key, value in weekly_data.items():
        if key not in DAY_KEYS:
            _fail(where, f'{_show(key)} is not a day; use {", ".join(DAY_KEYS)}.')
        day = DAY_KEYS.index(key)
        if slots := _slots(value, f"{where}, {DAY_NAMES[day]}"):
            weekly[day] = slots
    return Period(start, end, dict(sorted(weekly.items())), _label(item, where))


def _exception(item: Any, where: str) -> tuple[date, tuple[Slot, ...], dict[str, str]]:
    if not isinstance(item, dict):
        _fail("", f'{where} must be an object with "date" and "slots", not {_show(item)}.')
    _no_unknown_keys(item, ("date", "slots", "label"), where)
    value = item.get("date")
    try:  # the pattern, because fromisoformat alone also takes "20261225"
        day = date.fromisoformat(value) if _ISO_DATE.fullmatch(value) else None
    except (TypeError, ValueError):
        day = None
    if day is None:
        _fail(where, f"{_show(value)} is not a date in the form YYYY-MM-DD.")
    where = f"{where} ({day.isoformat()})"
    if "slots" not in item:
        _fail(where, '"slots" is missing; use [] for a day closed all day.')
    return day, _slots(item["slots"], where), _label(item, where)


def _month_day(item: dict[str, Any], key: str, where: str) -> tuple[int, int]:
    if key not in item:
        _fail(where, f'"{key}" is missing (a MM-DD date).')
    value = item[key]
    match = _MONTH_DAY.fullmatch(value) if isinstance(value, str) else None
    month_day = (int(match[1]), int(match[2])) if match else (0, 0)
    try:
        date(2000, *month_day)  # a leap year, so that 02-29 is accepted
    except ValueError:
        _fail(where, f"{_show(value)} is not a valid MM-DD date.")
    return month_day


def _slots(value: Any, where: str) -> tuple[Slot, ...]:
    if not isinstance(value, list):
        _fail(where, f'the slots must be a list of ["HH:MM", "HH:MM"] pairs, '
                     f"not {_show(value)}.")
    slots = []
    for n, pair in enumerate(value, 1):
        at = f"{where}, slot {n}"
        if not isinstance(pair, list) or len(pair) != 2:
            _fail(at, f'{_show(pair)} is not a ["HH:MM", "HH:MM"] pair.')
        slots.append(Slot(_time(pair[0], at, end=False), _time(pair[1], at, end=True)))
    return tuple(sorted(slots, key=lambda s: (s.start, s.end)))  # as a visitor reads them


def _time(value: Any, where: str, *, end: bool) -> time:
    if value == "24:00":
        if end:
            return time(0)
        _fail(where, '"24:00" can only end a slot; start at "00:00".')
    match = _TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        _fail(where, f"{_show(value)} is not a time of day (HH:MM).")
    return time(int(match[1]), int(match[2]))


def _label(item: dict[str, Any], where: str) -> dict[str, str]:
    label = item.get("label", {})
    if not isinstance(label, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in label.items()):
        _fail(where, 'the label must map languages to texts, like {"fr": "Été", '
                     f'"en": "Summer"}}, not {_show(label)}.')
    return dict(label)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        _fail("Opening hours", f'"{key}" must be a list, not {_show(value)}.')
    return value


def _no_unknown_keys(data: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in allowed:
            _fail(where, f"unknown key {_show(key)} (expected "
                         f"{', '.join(json.dumps(k) for k in allowed)}).")


def _fail(where: str, text: str) -> NoReturn:
    raise OpeningHoursError(f"{where}: {text}" if where else text)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= 60 else text[:57] + "..."


# --- writing ------------------------------------------------------------------------------

def to_json(hours: OpeningHours) -> dict[str, Any] | None:
    """The stored form of ``hours`` (None when unknown); ``parse`` reads it back equal."""
    if not hours.known:
        return None
    periods = []
    for period in hours.periods:
        item: dict[str, Any] = {
            "from": "%02d-%02d" % period.start, "to": "%02d-%02d" % period.end,
            "weekly": {DAY_KEYS[d]: _slots_json(s) for d, s in sorted(period.weekly.items())}}
        if period.label:
            item["label"] = dict(period.label)
        periods.append(item)
    exceptions = []
    for day in sorted(hours.exceptions):
        item = {"date": day.isoformat(), "slots": _slots_json(hours.exceptions[day])}
        if hours.exception_labels.get(day):
            item["label"] = dict(hours.exception_labels[day])
        exceptions.append(item)
    return {"timezone": hours.timezone, "periods": periods, "exceptions": exceptions}


def _slots_json(slots: tuple[Slot, ...]) -> list[list[str]]:
    return [[s.start.strftime("%H:%M"),
             "24:00" if s.end == time(0) else s.end.strftime("%H:%M")] for s in slots]


# --- evaluating ---------------------------------------------------------------------------

def intervals_on(hours: OpeningHours, day: date) -> list[tuple[datetime, datetime]]:
    """The open intervals [start, end) that start on local ``day``, as aware datetimes in
    the hours' zone; overnight ones end the next day. Slots a clock change empties, and
    unknown hours, give none. (Across a clock change, compare or subtract them in UTC:
    Python does so by wall clock between datetimes of one zone.)"""
    return [(_aware(start, hours._zone), _aware(end, hours._zone))
            for start, end in _utc_intervals(hours, day)]


def is_open(hours: OpeningHours, at: datetime) -> bool:
    """Whether the place is open at the aware moment ``at`` (False when unknown)."""
    _require_aware(at)
    local = at.astimezone(hours._zone)
    day = local.date()
    # Only the slots of the day before (for those running past midnight) and of the day
    # itself can hold ``at``: no scan of the week, and no parsing here.
    if None in (_steady_offset(hours._zone, day), _steady_offset(hours._zone, day - _ONE_DAY)):
        utc = at.astimezone(_UTC).replace(tzinfo=None)
        return any(start <= utc < end for previous in (day - _ONE_DAY, day)
                   for start, end in _utc_intervals(hours, previous))
    # No clock change since yesterday's midnight: wall-clock times order like instants.
    wall = local.time()
    return (any(s.end <= s.start and wall < s.end for s in _slots_on(hours, day - _ONE_DAY))
            or any(s.start <= wall and (wall < s.end or s.end <= s.start)
                   for s in _slots_on(hours, day)))


def status(hours: OpeningHours, at: datetime, horizon_days: int = 370) -> Status:
    """Open or closed at the aware moment ``at``: if open, when it closes (back-to-back or
    overlapping intervals count as one); if closed, when it next opens. Both look
    ``horizon_days`` days ahead of ``at``'s local date."""
    _require_aware(at)
    if not hours.known:
        return Status(known=False, open=False)
    zone = hours._zone
    utc = at.astimezone(_UTC).replace(tzinfo=None)
    first = at.astimezone(zone).date() - _ONE_DAY
    closes: datetime | None = None
    for offset in range(horizon_days + 2):
        # In order of start: each day's are sorted, and each starts on its own local day.
        for start, end in _utc_intervals(hours, first + timedelta(days=offset)):
            if closes is None:
                if start <= utc < end:
                    closes = end
                elif start > utc:
                    return Status(known=True, open=False, opens_at=_aware(start, zone))
            elif start <= closes:
                closes = max(closes, end)
            else:
                return Status(known=True, open=True, closes_at=_aware(closes, zone))
    if closes is None:
        return Status(known=True, open=False)
    # Open at the end of the scan: it closes when the last run of intervals ends, unless
    # that run reaches the last day scanned (it may go on past the horizon).
    last_day = _instant(first + timedelta(days=horizon_days + 1), time(0), zone)
    return Status(known=True, open=True,
                  closes_at=_aware(closes, zone) if closes < last_day else None)


def week_table(hours: OpeningHours, week_of: date
               ) -> list[tuple[date, list[tuple[time, time]]]]:
    """The seven days, Monday to Sunday, of the week holding ``week_of`` with their slots
    as (start, end) wall-clock times (end ``time(0)`` for "24:00"), for display; an
    overnight slot shows on the day it starts."""
    days = [week_of + timedelta(days=n - week_of.weekday()) for n in range(7)]
    return [(day, [(s.start, s.end) for s in _slots_on(hours, day)]) for day in days]


def _slots_on(hours: OpeningHours, day: date) -> tuple[Slot, ...]:
    slots = hours.exceptions.get(day)
    if slots is not None:
        return slots
    month_day = (day.month, day.day)
    for period in hours._ranked:
        if _holds(period, month_day):
            return period.weekly.get(day.weekday(), ())
    return ()


# Inside this module instants are naive UTC datetimes: cheap to build and compare (aware
# ones sharing a tzinfo compare by wall clock, which is wrong across a clock change).

def _utc_intervals(hours: OpeningHours, day: date) -> list[tuple[datetime, datetime]]:
    zone = hours._zone
    intervals = []
    for slot in _slots_on(hours, day):
        start = _instant(day, slot.start, zone)
        end = _instant(day + _ONE_DAY if slot.end <= slot.start else day, slot.end, zone)
        if end > start:
            intervals.append((start, end))
    return intervals


def _instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    offset = _steady_offset(zone, day)
    if offset is not None:
        return datetime.combine(day, wall) - offset
    return _instant_on_change_day(day, wall, zone)


@lru_cache(maxsize=4096)
def _steady_offset(zone: ZoneInfo, day: date) -> timedelta | None:
    """The zone's UTC offset all through ``day``; None when the clock changes that day."""
    offset = datetime.combine(day, time(0), tzinfo=zone).utcoffset()
    same = datetime.combine(day + _ONE_DAY, time(0), tzinfo=zone).utcoffset() == offset
    return offset if same else None


def _instant_on_change_day(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """A wall time that happens twice is its first occurrence; a skipped one, the jump."""
    local = datetime.combine(day, wall, tzinfo=zone)  # fold=0
    utc = local.astimezone(_UTC)
    if utc.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
        return utc.replace(tzinfo=None)
    # Skipped: read with the offset before the jump (fold=0) it lies after the jump, read
    # with the offset after it lies before; the jump (a whole second) is between the two.
    after = utc.astimezone(zone).utcoffset()
    low = int((local.replace(tzinfo=None) - after).replace(tzinfo=_UTC).timestamp())
    high = int(utc.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        low, high = ((low, middle) if datetime.fromtimestamp(middle, zone).utcoffset() == after
                     else (middle, high))
    return datetime.fromtimestamp(high, _UTC).replace(tzinfo=None)


def _aware(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.replace(tzinfo=_UTC).astimezone(zone)


def _require_aware(at: datetime) -> None:
    if at.utcoffset() is None:
        raise ValueError(f"Opening hours are evaluated at an aware datetime, not {at}.")

"""What every report page of an add-on needs: a period of office days read from the query,
bar charts drawn as inline SVG, and CSV files made for Excel in France.

*Periods.* The office counts in its own days (Europe/Paris): a period runs from ``start``
to ``end``, both included; :attr:`Period.bounds` gives the UTC instants to compare
stored timestamps with (the start of the first day, the start of the day after the
last), right across the summer-time changes. :func:`asked_period` reads ``?from=`` and
``?to=`` (``YYYY-MM-DD``) and raises :class:`BadPeriod` with a sentence for the page;
:func:`shown_day` gives the value to put back in a date field.

*Charts.* :func:`bar_chart` turns points into geometry (bars, gridlines at 0, the middle
and a round top, at most four labels under the axis so they never overlap on a phone);
the macro ``bar_chart`` of ``lanta:templates/reporting_chart.pt`` draws it. No script and
no chart library: the chart shows wherever the page does. Put a table of the same figures
beside each chart, for screen readers and for copying.

*CSV.* :func:`csv_bytes` writes UTF-8 with a byte order mark (without it Excel reads the
accents as Latin-1), ``;`` between fields and CRLF line ends, and turns a text cell that
starts like a formula into plain text (CSV injection); :func:`money_cell` writes cents
with a decimal comma; :func:`csv_response` sends the file, never cached.

This module is for views: it imports Pyramid. A service takes the :class:`Period` its
view gives it and reads ``start``, ``end``, ``days`` and ``bounds`` (services import no
Pyramid, see tests/meta/test_layering.py).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton
from pyramid.response import Response

from lanta.i18n import _
from lanta.services.errors import InvalidField

OFFICE_TZ = ZoneInfo("Europe/Paris")
# The days a report may name: far enough for any season, near enough that the day after
# the last one and its instants stay within datetime's range.
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# --- office days and periods -------------------------------------------------------------


def office_day(at: dt.datetime) -> dt.date:
    """The office's date at the aware instant ``at``."""
    if at.tzinfo is None:
        raise ValueError("naive datetimes are refused: give a timezone")
    return at.astimezone(OFFICE_TZ).date()


def today(now: dt.datetime | None = None) -> dt.date:
    """The office's date now (or at ``now``)."""
    return office_day(now or dt.datetime.now(dt.timezone.utc))


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), OFFICE_TZ).astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class Period:
    """Office days from ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> list[dt.date]:
        """Every day of the period, in order."""
        return [self.start + dt.timedelta(days=n)
                for n in range((self.end - self.start).days + 1)]

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """In UTC, the first instant of the period and the first instant after it: a
        timestamp ``at`` is in the period when ``since <= at < until``."""
        return _start_of(self.start), _start_of(self.end + dt.timedelta(days=1))


def period(start: dt.date, end: dt.date, max_days: int = 366) -> Period:
    """The period asked for, or :class:`~lanta.services.errors.InvalidField` (``on``
    ``"from"`` or ``"to"``) when it runs backwards, holds more than ``max_days`` days (a
    report of several years is a database dump, not a page) or leaves the years 2000 to
    2100."""
    for day, field in ((start, "from"), (end, "to")):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise InvalidField("Choose a day from the year ${first} to the year ${last}.",
                               on=field, first=FIRST_DAY.year, last=LAST_DAY.year)
    if end < start:
        raise InvalidField("The last day cannot come before the first.", on="to")
    if (end - start).days + 1 > max_days:
        raise InvalidField("Choose a period of at most ${days} days.", on="to",
                           days=max_days)
    return Period(start, end)


def last_days(days: int = 30, now: dt.datetime | None = None) -> Period:
    """The ``days`` office days ending today."""
    end = today(now)
    return Period(end - dt.timedelta(days=days - 1), end)


def this_week(now: dt.datetime | None = None) -> Period:
    """From Monday of the office's current week to today."""
    end = today(now)
    return Period(end - dt.timedelta(days=end.weekday()), end)


# --- the period of a request -------------------------------------------------------------


class BadPeriod(Exception):
    """The query's period is refused: ``message`` (a translation string) says why and
    ``field`` (``"from"`` or ``"to"``) which date field to mark."""

    def __init__(self, message, field: str) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def _asked_day(request, name: str, default: dt.date) -> dt.date:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        if not DAY_TEXT.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadPeriod(_("Give the date as YYYY-MM-DD, like 2026-07-14."), name) from None


def asked_period(request, default_days: int = 30) -> Period:
    """The period of the query (``from``, ``to``, as ``YYYY-MM-DD``); a day left out is
    taken from the last ``default_days`` days. Raises :class:`BadPeriod`."""
    default = last_days(default_days)
    start = _asked_day(request, "from", default.start)
    end = _asked_day(request, "to", default.end)
    try:
        return period(start, end)
    except InvalidField as exc:
        raise BadPeriod(_(exc.message, mapping=exc.mapping), exc.on) from None


def shown_day(request, name: str) -> str:
    """The query's day ``name``, to show back in its date field, only when it is a date:
    a date field holding anything else is invalid HTML (browsers never send one)."""
    text = request.GET.get(name, "").strip()
    if not DAY_TEXT.fullmatch(text):
        return ""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return ""
    return text


# --- bar charts --------------------------------------------------------------------------

WIDTH, HEIGHT = 480, 180
LEFT, RIGHT, TOP, BOTTOM = 36, 6, 12, 28
MAX_LABELS = 4  # labels under the axis: few enough never to overlap on a phone


@dataclass(frozen=True)
class Point:
    """One bar: ``short`` under the axis (when picked), ``title`` as its tooltip."""

    short: str
    title: str
    value: int


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class AxisLabel:
    x: float
    anchor: str
    text: str


@dataclass(frozen=True)
class Chart:
    """A bar chart's geometry in SVG user units (``width`` × ``height``)."""

    width: int
    height: int
    left: int
    right: int
    baseline: int
    bars: list[Bar]
    grid: list[Gridline]
    labels: list[AxisLabel]
    total: int


def nice_top(value: int) -> int:
    """The axis' top: the first of 1, 2, 5, 10, 20, 50… that holds ``value``."""
    top = 1
    while True:
        for factor in (1, 2, 5):
            if top * factor >= value:
                return top * factor
        top *= 10


def _picked(count: int) -> list[int]:
    if count <= MAX_LABELS:
        return list(range(count))
    return sorted({round(n * (count - 1) / (MAX_LABELS - 1)) for n in range(MAX_LABELS)})


def _label(index: int, last: int, step: float, text: str) -> AxisLabel:
    # The first and the last label lean inwards, so that they stay inside the picture.
    if last and index == 0:
        return AxisLabel(LEFT, "start", text)
    if last and index == last:
        return AxisLabel(WIDTH - RIGHT, "end", text)
    return AxisLabel(round(LEFT + index * step + step / 2, 2), "middle", text)


def bar_chart(points: list[Point]) -> Chart:
    """One bar per point, scaled to a round top; negative values are drawn as zero."""
    top = nice_top(max((p.value for p in points), default=0))
    inner_width, inner_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + inner_height
    step = inner_width / max(1, len(points))
    gap = min(step * 0.2, 4)
    bars = []
    for index, point in enumerate(points):
        height = inner_height * max(point.value, 0) / top
        bars.append(Bar(round(LEFT + index * step + gap / 2, 2), round(baseline - height, 2),
                        round(max(step - gap, 1), 2), round(height, 2), point.title))
    # Gridlines at 0, the middle (when a whole number) and the top.
    grid = [Gridline(round(baseline - inner_height * n / 2, 2), str(top * n // 2))
            for n in (0, 1, 2) if n != 1 or top % 2 == 0]
    last = len(points) - 1
    labels = [_label(i, last, step, points[i].short) for i in _picked(len(points))]
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, baseline, bars, grid, labels,
                 sum(p.value for p in points))


def day_points(values: list[tuple[dt.date, int]], locale: str) -> list[Point]:
    """One point per day: "14 Jul" under the axis, "Jul 14, 2026: 3" as the tooltip
    (French puts a space before the colon)."""
    colon = " : " if locale.startswith("fr") else ": "
    return [Point(format_skeleton("MMMd", day, locale=locale),
                  f"{format_date(day, 'medium', locale=locale)}{colon}{value}", value)
            for day, value in values]


# --- CSV for Excel in France -------------------------------------------------------------

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?[0-9]+(,[0-9]+)?")


def _plain(cell: str) -> str:
    # Text written by partners or add-ons: a cell starting like a formula would run in
    # the office's spreadsheet, so it is made plain text. A negative amount is no formula.
    if cell[:1] in FORMULA_STARTS and not NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """The file: UTF-8 with a byte order mark, ``;`` between fields, CRLF line ends.
    Every cell is a string; one starting with ``= + - @``, a tab or a carriage return
    gets a leading ``'``, unless it is a plain number (``-12,50``)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_plain(cell) for cell in row] for row in rows)
    return (BOM + out.getvalue()).encode("utf-8")


def money_cell(cents: int) -> str:
    """An amount in cents as French Excel reads it: ``1250`` → ``"12,50"``."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros},{rest:02d}"


def csv_response(body: bytes, filename: str) -> Response:
    """A download of ``body`` named ``filename`` (ASCII, without quotes), never kept by
    a cache: reports hold the office's and its partners' figures."""
    response = Response(body=body, content_type="text/csv", charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response

"""The reports' shared parts (lanta.reporting): periods of office days and their UTC
bounds across the summer-time changes, the period read from a query, the bar charts'
geometry at its edges, and the CSV made for French Excel."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from pyramid.request import Request

from lanta import reporting
from lanta.services.errors import InvalidField

UTC = dt.timezone.utc


# --- office days and periods -------------------------------------------------------------


def test_the_office_day_is_the_paris_one():
    # 22:30 UTC in summer is 00:30 the next day in Paris; in winter, 23:30 the same day.
    assert reporting.office_day(dt.datetime(2026, 7, 13, 22, 30, tzinfo=UTC)) == \
        dt.date(2026, 7, 14)
    assert reporting.office_day(dt.datetime(2026, 1, 13, 22, 30, tzinfo=UTC)) == \
        dt.date(2026, 1, 13)
    assert reporting.today(dt.datetime(2026, 12, 31, 23, 0, tzinfo=UTC)) == \
        dt.date(2027, 1, 1)


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError):
        reporting.office_day(dt.datetime(2026, 7, 14, 12, 0))


def test_a_period_lists_every_day_both_ends_included():
    span = reporting.period(dt.date(2026, 2, 27), dt.date(2026, 3, 2))
    assert span.days == [dt.date(2026, 2, 27), dt.date(2026, 2, 28), dt.date(2026, 3, 1),
                         dt.date(2026, 3, 2)]
    assert reporting.period(dt.date(2026, 3, 2), dt.date(2026, 3, 2)).days == \
        [dt.date(2026, 3, 2)]


@pytest.mark.parametrize("day, since, until", [
    # Sunday 29 March 2026 has 23 hours in Paris, Sunday 25 October 25.
    (dt.date(2026, 3, 29), dt.datetime(2026, 3, 28, 23, tzinfo=UTC),
     dt.datetime(2026, 3, 29, 22, tzinfo=UTC)),
    (dt.date(2026, 10, 25), dt.datetime(2026, 10, 24, 22, tzinfo=UTC),
     dt.datetime(2026, 10, 25, 23, tzinfo=UTC)),
])
def test_bounds_follow_the_summer_time_changes(day, since, until):
    bounds = reporting.period(day, day).bounds
    assert bounds == (since, until)
    assert all(b.utcoffset() == dt.timedelta(0) for b in bounds)


def test_bounds_of_a_period_across_both_changes():
    since, until = reporting.period(dt.date(2026, 3, 1), dt.date(2026, 11, 30)).bounds
    assert (since, until) == (dt.datetime(2026, 2, 28, 23, tzinfo=UTC),
                              dt.datetime(2026, 11, 30, 23, tzinfo=UTC))


@pytest.mark.parametrize("start, end, on, words", [
    (dt.date(2026, 7, 14), dt.date(2026, 7, 13), "to", "cannot come before"),
    (dt.date(2025, 7, 13), dt.date(2026, 7, 14), "to", "at most 366 days"),
    (dt.date(1999, 12, 31), dt.date(2000, 1, 5), "from", "2000"),
    (dt.date(2100, 12, 1), dt.date(2101, 1, 1), "to", "2100"),
])
def test_a_backward_too_long_or_out_of_calendar_period_is_refused(start, end, on, words):
    with pytest.raises(InvalidField) as refused:
        reporting.period(start, end)
    assert refused.value.on == on
    assert words in str(refused.value)


def test_a_period_of_exactly_the_longest_length_is_accepted():
    start = dt.date(2025, 7, 15)
    assert len(reporting.period(start, dt.date(2026, 7, 15)).days) == 366
    with pytest.raises(InvalidField):
        reporting.period(start, dt.date(2026, 7, 15), max_days=365)


def test_last_days_and_this_week_end_today():
    now = dt.datetime(2026, 7, 14, 23, 30, tzinfo=UTC)  # Wednesday 15 in Paris
    assert reporting.last_days(30, now) == reporting.Period(dt.date(2026, 6, 16),
                                                            dt.date(2026, 7, 15))
    assert reporting.this_week(now) == reporting.Period(dt.date(2026, 7, 13),
                                                        dt.date(2026, 7, 15))


# --- the period of a request -------------------------------------------------------------


def asked(query: str, default_days: int = 30) -> reporting.Period:
    return reporting.asked_period(Request.blank("/report?" + query), default_days)


def test_the_asked_period_reads_from_and_to():
    assert asked("from=2026-07-01&to=2026-07-14") == reporting.Period(
        dt.date(2026, 7, 1), dt.date(2026, 7, 14))


def test_days_left_out_are_the_last_days():
    default = reporting.last_days(56)
    span = asked("to=", 56)
    # Around midnight the default may move by a day between the two calls.
    assert len(span.days) == 56 and span.end in {default.end,
                                                  default.end + dt.timedelta(days=1)}
    assert asked(f"from={default.end.isoformat()}").start == default.end


@pytest.mark.parametrize("query, field", [
    ("from=14/07/2026", "from"), ("from=20260714", "from"), ("to=2026-02-30", "to"),
    ("from=2026-07-14&to=2026-07-01", "to"), ("from=1999-01-01&to=1999-01-02", "from"),
])
def test_a_wrong_asked_period_names_its_field(query, field):
    with pytest.raises(reporting.BadPeriod) as refused:
        asked(query)
    assert refused.value.field == field
    assert refused.value.message.domain == "lanta"


def test_the_day_shown_back_is_a_date_or_nothing():
    request = Request.blank("/report?from=2026-07-14&to=2026-02-30")
    assert reporting.shown_day(request, "from") == "2026-07-14"
    assert reporting.shown_day(request, "to") == ""
    assert reporting.shown_day(Request.blank("/report?from=%3Cb%3E"), "from") == ""


# --- bar charts --------------------------------------------------------------------------


def points(values: list[int]) -> list[reporting.Point]:
    return [reporting.Point(f"d{n}", f"day {n}: {v}", v) for n, v in enumerate(values)]


def test_bars_scale_to_a_round_top_and_stand_on_the_baseline():
    chart = reporting.bar_chart(points([3, 0, 5]))
    heights = [bar.height for bar in chart.bars]
    assert heights[1] == 0 and heights[0] / heights[2] == pytest.approx(3 / 5)
    assert heights[2] == chart.baseline - reporting.TOP  # 5 is the top: full height
    assert [g.label for g in chart.grid] == ["0", "5"]  # the middle, 2.5, is left out
    assert all(bar.y + bar.height == pytest.approx(chart.baseline) for bar in chart.bars)
    assert [(label.anchor, label.text) for label in chart.labels] == [
        ("start", "d0"), ("middle", "d1"), ("end", "d2")]
    assert [bar.title for bar in chart.bars] == ["day 0: 3", "day 1: 0", "day 2: 5"]
    assert chart.total == 8


@pytest.mark.parametrize("value, top", [(0, 1), (1, 1), (2, 2), (3, 5), (7, 10),
                                        (11, 20), (50, 50), (51, 100)])
def test_the_top_is_the_next_round_value(value, top):
    assert reporting.nice_top(value) == top


def test_a_chart_of_zeros_draws_flat_bars_on_an_axis_up_to_one():
    chart = reporting.bar_chart(points([0] * 7))
    assert [bar.height for bar in chart.bars] == [0] * 7
    assert [g.label for g in chart.grid] == ["0", "1"]
    assert chart.total == 0


def test_a_chart_of_one_day_has_one_wide_bar_and_a_centred_label():
    chart = reporting.bar_chart(points([4]))
    (bar,) = chart.bars
    assert bar.x >= chart.left and bar.x + bar.width <= chart.right
    assert bar.width > (chart.right - chart.left) * 0.9
    assert [(label.anchor, label.text) for label in chart.labels] == [("middle", "d0")]


def test_a_chart_without_points_is_empty_but_drawable():
    chart = reporting.bar_chart([])
    assert chart.bars == [] and chart.labels == [] and chart.total == 0


def test_a_year_of_days_stays_inside_the_picture_with_four_labels():
    chart = reporting.bar_chart(points([n % 13 for n in range(366)]))
    assert len(chart.bars) == 366
    assert all(bar.width >= 1 for bar in chart.bars)
    assert chart.bars[0].x >= chart.left
    assert chart.bars[-1].x + chart.bars[-1].width <= chart.right + 0.01
    assert [label.text for label in chart.labels] == ["d0", "d122", "d243", "d365"]
    assert [label.anchor for label in chart.labels] == ["start", "middle", "middle", "end"]


def test_day_points_speak_the_page_language():
    days = [(dt.date(2026, 7, 14), 3), (dt.date(2026, 7, 15), 0)]
    english = reporting.day_points(days, "en")
    french = reporting.day_points(days, "fr")
    assert [(p.short, p.title, p.value) for p in english] == [
        ("Jul 14", "Jul 14, 2026: 3", 3), ("Jul 15", "Jul 15, 2026: 0", 0)]
    assert (french[0].short, french[0].title) == ("14 juil.", "14 juil. 2026 : 3")


# --- CSV ---------------------------------------------------------------------------------


def test_the_csv_is_utf8_with_a_bom_semicolons_and_crlf():
    body = reporting.csv_bytes(("day", "name"), [("2026-07-14", "Été; à l'eau")])
    assert body.startswith(b"\xef\xbb\xbfday;name\r\n")
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    assert rows == [["day", "name"], ["2026-07-14", "Été; à l'eau"]]


@pytest.mark.parametrize("cell, written", [
    ("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("+33 5 59", "'+33 5 59"), ("@SUM(A1)", "'@SUM(A1)"),
    ("-1+2", "'-1+2"), ("\tx", "'\tx"), ("-12,50", "-12,50"), ("-3", "-3"),
    ("Rafting = fun", "Rafting = fun"),
])
def test_a_cell_starting_like_a_formula_is_made_plain_text(cell, written):
    body = reporting.csv_bytes(("a",), [(cell,)])
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    assert rows[1] == [written]


@pytest.mark.parametrize("cents, text", [(1250, "12,50"), (5, "0,05"), (0, "0,00"),
                                         (-1250, "-12,50"), (123456789, "1234567,89")])
def test_money_has_a_decimal_comma(cents, text):
    assert reporting.money_cell(cents) == text


def test_the_csv_response_is_a_download_never_cached():
    response = reporting.csv_response(b"\xef\xbb\xbfa\r\n", "figures-2026-07-14.csv")
    assert response.content_type == "text/csv" and response.charset == "utf-8"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="figures-2026-07-14.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    assert response.body == b"\xef\xbb\xbfa\r\n"

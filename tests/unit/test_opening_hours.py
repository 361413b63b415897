"""Opening hours: reading the stored JSON, refusing bad input, and open/closed at a moment.

Every clock here is fixed: moments are built explicitly, in Paris or in UTC.
"""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from lanta.services import opening_hours as oh

PARIS = ZoneInfo("Europe/Paris")
UTC = timezone.utc
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
          fold: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, fold=fold, tzinfo=PARIS)


def all_year(weekly: dict, **extra) -> oh.OpeningHours:
    return oh.parse({"periods": [{"from": "01-01", "to": "12-31", "weekly": weekly}], **extra})


OFFICE = all_year({day: [["09:00", "12:30"], ["14:00", "18:00"]] for day in WEEKDAYS})

# The example the format was designed on, as partners' data is written in it.
DOCUMENTED = {
    "timezone": "Europe/Paris",
    "periods": [
        {"from": "01-01", "to": "12-31", "label": {"fr": "Toute l'année", "en": "All year"},
         "weekly": {"mon": [["09:00", "12:30"], ["14:00", "18:00"]], "tue": [["09:00", "18:00"]]}},
        {"from": "07-01", "to": "08-31", "label": {"fr": "Été", "en": "Summer"},
         "weekly": {"mon": [["09:00", "19:00"]], "sat": [["19:00", "02:00"]]}},
    ],
    "exceptions": [
        {"date": "2026-12-25", "slots": [], "label": {"fr": "Noël", "en": "Christmas"}},
        {"date": "2026-07-14", "slots": [["10:00", "13:00"]]},
    ],
}


# --- weekly slots ---------------------------------------------------------------------------

def test_open_morning_and_afternoon_closed_over_lunch_and_at_night():
    monday = (2026, 1, 5)
    assert oh.is_open(OFFICE, paris(*monday, 10, 0))
    assert not oh.is_open(OFFICE, paris(*monday, 13, 0))
    assert oh.is_open(OFFICE, paris(*monday, 15, 0))
    assert not oh.is_open(OFFICE, paris(*monday, 20, 0))


def test_a_slot_includes_its_start_and_excludes_its_end():
    monday = (2026, 1, 5)
    assert not oh.is_open(OFFICE, paris(*monday, 8, 59))
    assert oh.is_open(OFFICE, paris(*monday, 9, 0))
    assert oh.is_open(OFFICE, paris(*monday, 12, 29))
    assert not oh.is_open(OFFICE, paris(*monday, 12, 30))


def test_an_absent_day_and_an_empty_day_are_closed_every_week():
    hours = all_year({"mon": [["00:00", "24:00"]], "sat": []})
    assert oh.is_open(hours, paris(2026, 6, 1, 12))       # Monday
    assert not oh.is_open(hours, paris(2026, 6, 13, 12))  # Saturday: []
    assert not oh.is_open(hours, paris(2026, 6, 14, 12))  # Sunday: absent


# --- periods --------------------------------------------------------------------------------

SEASONS = oh.parse({"periods": [
    {"from": "04-01", "to": "09-30", "weekly": {d: [["10:00", "24:00"]] for d in oh.DAY_KEYS}},
    {"from": "10-01", "to": "03-31", "weekly": {d: [["10:00", "17:00"]] for d in WEEKDAYS}},
]})


def test_the_summer_rule_holds_until_september_30_and_the_winter_one_from_october_1():
    assert oh.is_open(SEASONS, paris(2026, 9, 30, 23, 59))
    assert not oh.is_open(SEASONS, paris(2026, 10, 1, 0, 0))   # summer's 24:00 is over
    assert oh.is_open(SEASONS, paris(2026, 10, 1, 16, 59))
    assert not oh.is_open(SEASONS, paris(2026, 10, 1, 17, 0))  # winter closes at 17:00
    assert not oh.is_open(SEASONS, paris(2026, 10, 3, 12, 0))  # winter Saturday


def test_a_period_wrapping_the_year_end_holds_december_and_january_only():
    winter = oh.parse({"periods": [
        {"from": "10-01", "to": "03-31", "weekly": {d: [["10:00", "17:00"]] for d in WEEKDAYS}}]})
    assert oh.is_open(winter, paris(2026, 12, 31, 11))  # Thursday
    assert oh.is_open(winter, paris(2027, 1, 4, 11))    # Monday
    assert not oh.is_open(winter, paris(2026, 6, 1, 11))  # a Monday in no period: closed


def test_the_shortest_period_applies_where_periods_overlap():
    hours = oh.parse(DOCUMENTED)
    july_monday, june_monday = (2026, 7, 6), (2026, 6, 1)
    assert oh.is_open(hours, paris(*july_monday, 13, 0))     # summer: 09:00-19:00
    assert oh.is_open(hours, paris(*july_monday, 18, 30))
    assert not oh.is_open(hours, paris(*june_monday, 13, 0))  # all year: lunch break
    assert not oh.is_open(hours, paris(*june_monday, 18, 30))


def test_between_equally_long_periods_the_first_listed_applies():
    hours = oh.parse({"periods": [
        {"from": "06-01", "to": "06-30", "weekly": {"mon": [["09:00", "10:00"]]}},
        {"from": "06-15", "to": "07-14", "weekly": {"mon": [["15:00", "16:00"]]}}]})
    assert oh.is_open(hours, paris(2026, 6, 15, 9, 30))
    assert not oh.is_open(hours, paris(2026, 6, 15, 15, 30))
    assert oh.is_open(hours, paris(2026, 7, 6, 15, 30))


def test_a_february_29_bound_falls_between_february_28_and_march_1_in_common_years():
    hours = oh.parse({"periods": [
        {"from": "02-29", "to": "03-31", "weekly": {d: [["10:00", "12:00"]] for d in oh.DAY_KEYS}},
        {"from": "02-29", "to": "02-29", "weekly": {"tue": [["14:00", "15:00"]]}}]})
    assert not oh.is_open(hours, paris(2027, 2, 28, 11))
    assert oh.is_open(hours, paris(2027, 3, 1, 11))
    assert oh.is_open(hours, paris(2028, 2, 29, 14, 30))  # the leap day's own period
    assert oh.status(hours, paris(2027, 2, 1)).opens_at == paris(2027, 3, 1, 10)


# --- exceptions -----------------------------------------------------------------------------

def test_an_exception_closes_a_normally_open_day():
    hours = oh.parse(DOCUMENTED | {"periods": [{"from": "01-01", "to": "12-31", "weekly": {
        d: [["09:00", "18:00"]] for d in WEEKDAYS}}]})
    assert oh.is_open(hours, paris(2026, 12, 24, 10))      # Thursday
    assert not oh.is_open(hours, paris(2026, 12, 25, 10))  # Christmas, a Friday


def test_an_exception_replaces_the_slots_of_its_day():
    hours = oh.parse(DOCUMENTED)  # 14 July 2026 is a Tuesday, normally 09:00-18:00
    assert not oh.is_open(hours, paris(2026, 7, 14, 9, 30))
    assert oh.is_open(hours, paris(2026, 7, 14, 12, 0))
    assert not oh.is_open(hours, paris(2026, 7, 14, 15, 0))


def test_an_exception_opens_a_weekly_closed_day():
    hours = all_year({"mon": [["09:00", "18:00"]]},
                     exceptions=[{"date": "2026-06-14", "slots": [["10:00", "13:00"]]}])
    assert oh.is_open(hours, paris(2026, 6, 14, 11))      # that Sunday only
    assert not oh.is_open(hours, paris(2026, 6, 21, 11))  # the next Sunday


# --- past midnight --------------------------------------------------------------------------

def test_an_overnight_slot_runs_into_a_closed_next_day():
    bar = all_year({"sat": [["19:00", "02:00"]]})
    assert not oh.is_open(bar, paris(2026, 6, 13, 18, 59))
    assert oh.is_open(bar, paris(2026, 6, 13, 23, 0))
    assert oh.is_open(bar, paris(2026, 6, 14, 1, 59))  # Sunday, closed on its own
    assert not oh.is_open(bar, paris(2026, 6, 14, 2, 0))


def test_an_overnight_slot_runs_into_an_exception_day_and_into_another_period():
    bar = oh.parse({
        "periods": [{"from": "01-01", "to": "12-31", "weekly": {"sat": [["19:00", "02:00"]]}},
                    {"from": "06-01", "to": "08-29", "weekly": {"sat": [["20:00", "03:00"]]}}],
        "exceptions": [{"date": "2026-06-14", "slots": []}]})
    assert oh.is_open(bar, paris(2026, 6, 14, 2, 30))   # into a closed exception day
    assert oh.is_open(bar, paris(2026, 8, 30, 2, 30))   # Sunday after summer's last day
    assert not oh.is_open(bar, paris(2026, 9, 6, 2, 30))  # all-year Saturday: until 02:00


def test_24_00_ends_the_day_and_equal_ends_make_24_hours():
    hours = all_year({"mon": [["20:00", "24:00"]], "wed": [["10:00", "10:00"]]})
    assert oh.is_open(hours, paris(2026, 6, 1, 23, 59))
    assert not oh.is_open(hours, paris(2026, 6, 2, 0, 0))
    assert oh.intervals_on(hours, date(2026, 6, 1)) == [(paris(2026, 6, 1, 20), paris(2026, 6, 2))]
    assert oh.is_open(hours, paris(2026, 6, 4, 9, 59))   # Thursday, still Wednesday's slot
    assert not oh.is_open(hours, paris(2026, 6, 4, 10, 0))


def test_intervals_on_a_day_start_that_day_and_overnight_ones_end_the_next():
    hours = oh.parse(DOCUMENTED)
    assert oh.intervals_on(hours, date(2026, 7, 11)) == [
        (paris(2026, 7, 11, 19), paris(2026, 7, 12, 2))]
    assert oh.intervals_on(hours, date(2026, 7, 12)) == []


# --- clock changes and zones ----------------------------------------------------------------

def test_spring_forward_empties_the_skipped_hour_and_a_bar_closes_when_the_clock_jumps():
    hours = all_year({"sat": [["22:00", "02:30"]],
                      "sun": [["02:00", "03:00"], ["10:00", "12:00"]]})
    sunday = date(2026, 3, 29)  # 02:00 becomes 03:00 in Paris
    assert oh.intervals_on(hours, sunday) == [(paris(2026, 3, 29, 10), paris(2026, 3, 29, 12))]
    assert oh.is_open(hours, datetime(2026, 3, 29, 0, 59, tzinfo=UTC))     # 01:59 winter time
    assert not oh.is_open(hours, datetime(2026, 3, 29, 1, 0, tzinfo=UTC))  # 03:00 summer time
    assert oh.status(hours, paris(2026, 3, 28, 23)).closes_at == datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC)
    assert oh.is_open(hours, datetime(2026, 3, 29, 8, 30, tzinfo=UTC))     # 10:30 summer time
    assert not oh.is_open(hours, datetime(2026, 3, 29, 10, 30, tzinfo=UTC))
    [(start, end)] = oh.intervals_on(all_year({"sun": [["00:00", "24:00"]]}), sunday)
    # In UTC: Python subtracts two datetimes of one zone by their wall clocks.
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)


def test_fall_back_reads_a_repeated_time_as_its_first_occurrence():
    hours = all_year({"sun": [["01:00", "02:30"]]})
    sunday = date(2026, 10, 25)  # 03:00 becomes 02:00 in Paris
    assert oh.is_open(hours, paris(2026, 10, 25, 2, 15, fold=0))      # 00:15 UTC
    assert not oh.is_open(hours, paris(2026, 10, 25, 2, 15, fold=1))  # 01:15 UTC
    [(start, end)] = oh.intervals_on(hours, sunday)
    # In UTC: Python never finds a time of the repeated hour equal to one of another zone.
    assert (start.astimezone(UTC), end.astimezone(UTC)) == (
        datetime(2026, 10, 24, 23, tzinfo=UTC), datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    [(start, end)] = oh.intervals_on(all_year({"sun": [["00:00", "24:00"]]}), sunday)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=25)


def test_is_open_agrees_with_the_intervals_minute_by_minute_over_clock_change_weekends():
    hours = all_year({"fri": [["22:00", "02:30"]],
                      "sat": [["01:30", "03:30"], ["23:00", "02:15"]],
                      "sun": [["00:00", "02:45"], ["09:00", "12:00"]],
                      "mon": [["02:00", "24:00"]]})
    for first in (datetime(2026, 3, 27, 12, tzinfo=UTC), datetime(2026, 10, 23, 12, tzinfo=UTC)):
        for minutes in range(0, 4 * 24 * 60, 5):
            at = first + timedelta(minutes=minutes)
            day = at.astimezone(PARIS).date()
            expected = any(start <= at < end for d in (day - timedelta(days=1), day)
                           for start, end in oh.intervals_on(hours, d))
            assert oh.is_open(hours, at) is expected, at
            assert oh.status(hours, at).open is expected, at


def test_a_moment_in_utc_is_read_in_the_zone_of_the_hours():
    assert oh.is_open(OFFICE, datetime(2026, 6, 1, 7, 0, tzinfo=UTC))       # 09:00 in summer
    assert not oh.is_open(OFFICE, datetime(2026, 1, 5, 7, 30, tzinfo=UTC))  # 08:30 in winter
    new_york = oh.parse({"timezone": "America/New_York", "periods": [
        {"from": "01-01", "to": "12-31", "weekly": {"mon": [["09:00", "17:00"]]}}]})
    assert oh.is_open(new_york, datetime(2026, 6, 1, 20, 30, tzinfo=UTC))   # 16:30 there
    assert not oh.is_open(new_york, paris(2026, 6, 1, 12))                  # 06:00 there


def test_a_naive_moment_is_refused():
    for evaluate in (oh.is_open, oh.status):
        with pytest.raises(ValueError, match="aware"):
            evaluate(OFFICE, datetime(2026, 6, 1, 10))


# --- status ---------------------------------------------------------------------------------

def test_status_when_open_says_when_it_closes():
    assert oh.status(OFFICE, paris(2026, 6, 1, 10)) == oh.Status(
        known=True, open=True, closes_at=paris(2026, 6, 1, 12, 30), opens_at=None)


def test_status_merges_back_to_back_and_overlapping_intervals_before_closing():
    hours = all_year({"fri": [["23:00", "24:00"]],
                      "sat": [["00:00", "02:00"], ["01:00", "04:00"]]})
    status = oh.status(hours, paris(2026, 6, 12, 23, 30))
    assert status.open and status.closes_at == paris(2026, 6, 13, 4, 0)


def test_status_when_closed_opens_after_the_weekend():
    status = oh.status(OFFICE, paris(2026, 6, 5, 18, 30))  # Friday evening
    assert status == oh.Status(known=True, open=False, closes_at=None,
                               opens_at=paris(2026, 6, 8, 9, 0))
    assert status.opens_at.tzinfo == PARIS


def test_status_when_closed_for_the_winter_season_opens_in_spring():
    museum = oh.parse({"periods": [{"from": "04-01", "to": "10-31", "weekly": {
        d: [["10:00", "18:00"]] for d in WEEKDAYS}}]})
    at = paris(2026, 11, 13, 12)
    assert oh.status(museum, at).opens_at == paris(2027, 4, 1, 10)  # a Thursday
    assert oh.status(museum, at, horizon_days=30) == oh.Status(True, False, None, None)


def test_status_around_the_clock_never_closes_within_the_horizon():
    always = all_year({d: [["00:00", "24:00"]] for d in oh.DAY_KEYS})
    assert oh.status(always, datetime(2026, 6, 1, tzinfo=UTC)) == oh.Status(True, True, None, None)


# --- unknown, known and stored forms --------------------------------------------------------

def test_unknown_hours_are_never_open_and_say_so():
    for data in (None, {}):
        hours = oh.parse(data)
        assert hours.known is False
        assert not oh.is_open(hours, paris(2026, 6, 1, 12))
        assert oh.status(hours, paris(2026, 6, 1, 12)) == oh.Status(False, False, None, None)
        assert oh.to_json(hours) is None
        assert oh.intervals_on(hours, date(2026, 6, 1)) == []


def test_hours_without_any_period_are_known_and_closed():
    hours = oh.parse({"periods": []})
    assert hours.known and hours.timezone == "Europe/Paris"
    assert oh.status(hours, paris(2026, 6, 1, 12)) == oh.Status(True, False, None, None)


def test_to_json_and_parse_round_trip():
    hours = oh.parse(DOCUMENTED | {"periods": DOCUMENTED["periods"] + [
        {"from": "12-20", "to": "01-05",
         "weekly": {"fri": [["18:00", "24:00"], ["08:00", "09:00"]]}}]})
    stored = json.loads(json.dumps(oh.to_json(hours)))
    assert oh.parse(stored) == hours
    assert stored["periods"][2]["weekly"] == {"fri": [["08:00", "09:00"], ["18:00", "24:00"]]}
    assert stored["exceptions"][1] == {"date": "2026-12-25", "slots": [],
                                       "label": {"fr": "Noël", "en": "Christmas"}}
    assert hours.periods[1].weekly[5] == (oh.Slot(time(19), time(2)),)
    assert hours.exception_labels == {date(2026, 12, 25): {"fr": "Noël", "en": "Christmas"}}


def test_week_table_lists_monday_to_sunday_with_the_slots_of_each_day():
    hours = oh.parse(DOCUMENTED)
    table = oh.week_table(hours, date(2026, 7, 15))  # a Wednesday
    assert [day for day, _ in table] == [date(2026, 7, 13) + timedelta(days=n) for n in range(7)]
    assert table[0][1] == [(time(9), time(19))]       # summer Monday
    assert table[1][1] == [(time(10), time(13))]      # 14 July exception
    assert table[2][1] == []                          # Wednesday closed
    assert table[5][1] == [(time(19), time(2))]       # overnight shows on Saturday


# --- validation -----------------------------------------------------------------------------

def period(**changes) -> dict:
    return {"periods": [{"from": "01-01", "to": "12-31", "weekly": {}} | changes]}


@pytest.mark.parametrize("data, culprit", [
    (period(**{"from": "13-01"}), 'Period 1: "13-01" is not a valid MM-DD date.'),
    (period(to="02-30"), 'Period 1: "02-30" is not a valid MM-DD date.'),
    (period(to="2026-12-31"), '"2026-12-31" is not a valid MM-DD date'),
    ({"periods": [{"to": "12-31"}]}, 'Period 1: "from" is missing'),
    (period(weekly={"mon": [["25:00", "26:00"]]}),
     'Period 1, Monday, slot 1: "25:00" is not a time of day (HH:MM).'),
    (period(weekly={"tue": [["09:00", "9h"]]}), 'Tuesday, slot 1: "9h" is not a time of day'),
    (period(weekly={"fri": [["24:00", "02:00"]]}), 'Friday, slot 1: "24:00" can only end'),
    (period(weekly={"monday": []}), '"monday" is not a day; use mon, tue'),
    (period(weekly={"mon": [["09:00", "12:00", "14:00"]]}),
     'Monday, slot 1: ["09:00", "12:00", "14:00"] is not a ["HH:MM", "HH:MM"] pair.'),
    (period(weekly={"mon": ["09:00-12:00"]}), 'Monday, slot 1: "09:00-12:00" is not a'),
    (period(weekly={"mon": "09:00-12:00"}), 'Monday: the slots must be a list'),
    (period(weekly=[["09:00", "12:00"]]), 'Period 1: "weekly" must map days'),
    (period(label="Summer"), 'Period 1: the label must map languages to texts'),
    ({"timezone": "Europe/Pariss", "periods": []}, 'Timezone "Europe/Pariss" is not a known'),
    ({"timezone": 1, "periods": []}, "Timezone 1 is not a known"),
    ({"exceptions": [{"date": "25/12/2026", "slots": []}]},
     'Exception 1: "25/12/2026" is not a date in the form YYYY-MM-DD.'),
    ({"exceptions": [{"date": "20261225", "slots": []}]}, '"20261225" is not a date'),
    ({"exceptions": [{"date": "2026-12-25"}]}, 'Exception 1 (2026-12-25): "slots" is missing'),
    ({"exceptions": [{"date": "2026-07-14", "slots": [["10:00", "1300"]]}]},
     'Exception 1 (2026-07-14), slot 1: "1300" is not a time of day'),
    ({"exceptions": [{"date": "2026-12-25", "slots": []}, {"date": "2026-12-25", "slots": []}]},
     "Exception 2: 2026-12-25 already has an exception."),
    ({"periods": {"from": "01-01"}}, 'Opening hours: "periods" must be a list'),
    ({"periods": ["01-01"]}, 'Period 1 must be an object'),
    ({"exceptions": "2026-12-25"}, '"exceptions" must be a list'),
    ({"period": []}, 'Opening hours: unknown key "period"'),
    (period(weekley={}), 'Period 1: unknown key "weekley"'),
    ([], "Opening hours must be a JSON object"),
])
def test_bad_hours_are_refused_with_a_message_naming_the_culprit(data, culprit):
    with pytest.raises(oh.OpeningHoursError) as caught:
        oh.parse(data)
    assert culprit in caught.value.message
    assert str(caught.value) == caught.value.message
    assert isinstance(caught.value, ValueError)


def test_status_gives_the_closing_time_when_nothing_opens_after_it_within_the_horizon():
    # Friday evening until Saturday 02:00, then closed for weeks: the closing is known
    # even though the scan finds no later opening.
    once = oh.parse({"periods": [{"from": "06-01", "to": "06-06",
                                  "weekly": {"fri": [["20:00", "02:00"]]}}]})
    status = oh.status(once, paris(2026, 6, 5, 23), horizon_days=7)
    assert status == oh.Status(True, True, paris(2026, 6, 6, 2), None)

"""The rota decides "online": who is on duty each day, and whether that person is there.

The office's default hours are Monday to Saturday, 9:30–12:30 and 14:00–18:00 (Paris);
Sunday is closed. 2026-11-30 is a Monday.
"""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.services import users as users_service
from lanta_chat.services import hours, online, presence, rota
from lanta_chat.services.clock import OFFICE_TZ

MONDAY = dt.date(2026, 11, 30)


def at(day: dt.date, time: str = "10:00") -> dt.datetime:
    hour, minute = map(int, time.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=OFFICE_TZ)


@pytest.fixture
def team(dbsession, users):
    """Three who may be on duty: Staff, Admin and a second staff member, Bea."""
    bea = users_service.create(dbsession, "bea@example.org", "a-long-password-1", "staff",
                               display_name="Bea")
    return [users["staff"].id, users["admin"].id, bea.id]


def days(n: int) -> list[dt.date]:
    return [MONDAY + dt.timedelta(days=k) for k in range(n)]


def test_rotation_turns_on_open_weekdays_and_a_closed_sunday_takes_no_turn(dbsession, team):
    a, b, c = team
    rota.set_rotation(dbsession, team, MONDAY)
    on_duty = [rota.on_duty(dbsession, day) for day in days(9)]
    # Mon..Sat take turns; Sunday has no hours and nobody; Monday goes on from Saturday.
    assert on_duty == [a, b, c, a, b, c, None, a, b]
    # Before the start day the rotation runs backwards the same way.
    assert rota.on_duty(dbsession, MONDAY - dt.timedelta(days=2)) == c


def test_a_weekday_without_hours_takes_no_turn(dbsession, team):
    a, b, c = team
    week = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "thu", "fri")}
    hours.save(dbsession, week)
    rota.set_rotation(dbsession, team, MONDAY)
    assert [rota.on_duty(dbsession, day) for day in days(8)] == [
        a, b, None, c, a, None, None, b]


def test_a_start_day_without_hours_gives_the_first_turn_to_the_next_open_day(
        dbsession, team):
    a, b, _c = team
    rota.set_rotation(dbsession, team, MONDAY - dt.timedelta(days=1))  # a Sunday
    assert [rota.on_duty(dbsession, day) for day in days(2)] == [a, b]


def test_a_swap_wins_over_the_rotation_and_the_calendar_marks_it(dbsession, team):
    a, b, c = team
    rota.set_rotation(dbsession, team, MONDAY)
    tuesday = MONDAY + dt.timedelta(days=1)
    rota.set_swap(dbsession, tuesday, c, "dentist", by_user_id=a)
    assert rota.on_duty(dbsession, tuesday) == c
    assert rota.rotation_member(dbsession, tuesday) == b
    assert rota.calendar(dbsession, MONDAY, 3) == [
        (MONDAY, a, False), (tuesday, c, True), (MONDAY + dt.timedelta(days=2), c, False)]
    rota.remove_swap(dbsession, tuesday)
    assert rota.on_duty(dbsession, tuesday) == b


def test_without_rotation_any_present_staff_member_makes_it_online(dbsession, team):
    now = at(MONDAY)
    assert online.status(dbsession, now).online is False
    presence.heartbeat(dbsession, team[2], now=now - dt.timedelta(seconds=5))
    status = online.status(dbsession, now)
    assert (status.online, status.open_now, status.on_duty) == (True, True, None)


def test_outside_hours_it_is_offline_even_with_someone_present(dbsession, team):
    rota.set_rotation(dbsession, team, MONDAY)
    evening = at(MONDAY, "19:00")
    presence.heartbeat(dbsession, team[0], now=evening)
    status = online.status(dbsession, evening)
    assert (status.online, status.open_now) == (False, False)
    assert status.opens_at == at(MONDAY + dt.timedelta(days=1), "09:30")
    lunch = at(MONDAY, "13:00")
    presence.heartbeat(dbsession, team[0], now=lunch)
    assert online.status(dbsession, lunch).online is False


def test_a_closed_day_listed_as_holiday_is_offline(dbsession, team):
    hours.save(dbsession, hours.DEFAULT_WEEKLY, [MONDAY])
    now = at(MONDAY)
    presence.heartbeat(dbsession, team[0], now=now)
    assert online.status(dbsession, now).online is False


def test_the_person_on_duty_present_makes_it_online_away_or_gone_does_not(dbsession, team):
    a = team[0]
    rota.set_rotation(dbsession, team, MONDAY)
    now = at(MONDAY)
    presence.heartbeat(dbsession, a, now=now - dt.timedelta(seconds=30))
    assert online.status(dbsession, now) == online.Status(True, True, a, None)
    presence.heartbeat(dbsession, a, away=True, now=now)
    assert online.status(dbsession, now).online is False
    presence.heartbeat(dbsession, a, now=now)  # away is kept when not said
    assert online.status(dbsession, now).online is False
    presence.heartbeat(dbsession, a, away=False, now=now)
    assert online.status(dbsession, now).online is True
    # Gone for more than a minute (three missed heartbeats): offline.
    later = now + dt.timedelta(seconds=presence.WINDOW_SECONDS + 1)
    assert online.status(dbsession, later).online is False


def test_someone_else_present_does_not_make_it_online_when_a_rotation_exists(
        dbsession, team):
    a, b, c = team
    rota.set_rotation(dbsession, team, MONDAY)
    now = at(MONDAY)  # a's day
    presence.heartbeat(dbsession, b, now=now)
    presence.heartbeat(dbsession, c, now=now)
    status = online.status(dbsession, now)
    assert (status.online, status.on_duty) == (False, a)
    # A swap giving the day to b makes b's presence count.
    rota.set_swap(dbsession, MONDAY, b)
    assert online.status(dbsession, now).online is True

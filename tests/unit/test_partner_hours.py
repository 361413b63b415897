""""Open now" as searches judge it: once per listing until its next opening or closing,
then by the clock alone. Every clock here is fixed."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from lanta.services import opening_hours, partner_hours

PARIS = ZoneInfo("Europe/Paris")
STAMP = datetime(2026, 1, 1, tzinfo=timezone.utc)
HOURS = {
    "timezone": "Europe/Paris",
    "periods": [
        {"from": "01-01", "to": "12-31",
         "weekly": {"mon": [["09:00", "12:30"], ["14:00", "18:00"]],
                    "sat": [["22:00", "02:00"]]}},
        {"from": "04-01", "to": "04-30", "weekly": {"sun": [["00:00", "24:00"]]}},
    ],
    "exceptions": [{"date": "2026-03-30", "slots": []}],
}


def listing(number: int, hours=HOURS) -> SimpleNamespace:
    return SimpleNamespace(id=number, updated_at=STAMP, opening_hours=hours)


def test_the_remembered_answer_agrees_with_the_hours_at_every_moment():
    # Three weeks by steps of 17 minutes, across the change to summer time (29 March),
    # a closed Monday (30 March), overnight slots and the change of season (1 April).
    partner = listing(1)
    parsed = opening_hours.parse(HOURS)
    # Steps of real time (in UTC): a step in Paris time would land in the hour skipped.
    moment = datetime(2026, 3, 21, tzinfo=PARIS).astimezone(timezone.utc)
    seen = set()
    while moment < datetime(2026, 4, 11, tzinfo=PARIS):
        expected = opening_hours.is_open(parsed, moment)
        # Asked in Paris time as well: the remembered moments must compare as instants.
        assert partner_hours.is_open(partner, moment.astimezone(PARIS)) == expected, moment
        seen.add(expected)
        moment += timedelta(minutes=17)
    assert seen == {True, False}


def test_asking_about_an_earlier_moment_judges_again():
    partner = listing(2)
    monday = datetime(2026, 3, 23, 10, 0, tzinfo=PARIS)
    assert partner_hours.is_open(partner, monday)
    assert not partner_hours.is_open(partner, monday - timedelta(hours=2))
    assert partner_hours.is_open(partner, monday + timedelta(hours=2, minutes=29))
    assert not partner_hours.is_open(partner, monday + timedelta(hours=2, minutes=30))


def test_a_new_version_of_a_listing_is_judged_on_its_own_hours():
    monday = datetime(2026, 3, 23, 10, 0, tzinfo=PARIS)
    assert partner_hours.is_open(listing(3), monday)
    closed = listing(3, {"timezone": "Europe/Paris", "periods": []})
    closed.updated_at = STAMP + timedelta(seconds=1)
    assert not partner_hours.is_open(closed, monday)

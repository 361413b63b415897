"""Events' dates: repetitions in Pau's time across clock changes, their end, the agenda's
window and the checks before anything is written."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.services import content, events
from lanta.services.errors import InvalidField

PARIS = events.ZONE
UTC = dt.timezone.utc


def event(dbsession, data, title="Marché", publish=True):
    item = content.create(dbsession, language="fr", parent=None, type="event",
                          slug=content.slugify(title), texts=content.Texts(title),
                          author=None)
    details = events.set_details(dbsession, item, events.check(dbsession, data))
    if publish:
        content.transition(dbsession, item, "publish", can_review=True)
    return item, details


def test_weekly_repetition_keeps_the_local_hour_across_the_clock_change(dbsession):
    start = dt.datetime(2026, 10, 17, 8, 0, tzinfo=PARIS)  # summer time, UTC+2
    _item, details = event(dbsession, events.EventData(
        starts_at=start, ends_at=start + dt.timedelta(hours=5), repeat="weekly",
        repeat_until=dt.date(2026, 11, 7)))
    found = events.occurrences_of(details, start - dt.timedelta(days=1),
                                  start + dt.timedelta(days=60))
    assert [o.starts_at.astimezone(PARIS).strftime("%m-%d %H:%M") for o in found] == [
        "10-17 08:00", "10-24 08:00", "10-31 08:00", "11-07 08:00"]
    assert [o.starts_at.hour for o in found] == [6, 6, 7, 7]  # UTC moved, Pau did not
    assert details.last_ends_at == dt.datetime(2026, 11, 7, 13, 0, tzinfo=PARIS)


def test_a_repetition_without_end_has_no_last_end(dbsession):
    start = dt.datetime(2026, 1, 5, 18, 0, tzinfo=PARIS)
    _item, details = event(dbsession, events.EventData(starts_at=start, repeat="monthly"))
    assert details.last_ends_at is None
    assert details.recurrence == "FREQ=MONTHLY"
    found = events.occurrences_of(details, dt.datetime(2027, 1, 1, tzinfo=UTC),
                                  dt.datetime(2027, 4, 1, tzinfo=UTC))
    assert [o.starts_at.astimezone(PARIS).date().isoformat() for o in found] == [
        "2027-01-05", "2027-02-05", "2027-03-05"]


def test_agenda_lists_visible_occurrences_in_the_window_soonest_first(dbsession):
    now = dt.datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    concert = dt.datetime(2026, 7, 14, 21, 0, tzinfo=PARIS)
    event(dbsession, events.EventData(starts_at=concert, ends_at=concert + dt.timedelta(hours=2)),
          "Concert")
    event(dbsession, events.EventData(starts_at=dt.datetime(2026, 7, 4, 9, 0, tzinfo=PARIS),
                                      repeat="daily", repeat_until=dt.date(2026, 7, 6)),
          "Stage")
    event(dbsession, events.EventData(starts_at=concert), "Brouillon", publish=False)
    event(dbsession, events.EventData(starts_at=dt.datetime(2026, 6, 1, 9, 0, tzinfo=PARIS)),
          "Passé")
    found = events.agenda(dbsession, "fr", now, now, dt.datetime(2026, 8, 1, tzinfo=UTC))
    assert [(o.item.slug, o.starts_at.astimezone(PARIS).day) for o in found] == [
        ("stage", 4), ("stage", 5), ("stage", 6), ("concert", 14)]
    # An event under way at the start of the window is still shown.
    during = dt.datetime(2026, 7, 14, 22, 0, tzinfo=PARIS)
    assert [o.item.slug for o in events.agenda(
        dbsession, "fr", now, during, during + dt.timedelta(hours=1))] == ["concert"]


@pytest.mark.parametrize("data, field", [
    (events.EventData(starts_at=dt.datetime(2026, 7, 14, 21, tzinfo=PARIS),
                      ends_at=dt.datetime(2026, 7, 14, 20, tzinfo=PARIS)), "ends_at"),
    (events.EventData(starts_at=dt.datetime(2026, 7, 14, 21, tzinfo=PARIS), repeat="yearly"),
     "repeat"),
    (events.EventData(starts_at=dt.datetime(2026, 7, 14, 21, tzinfo=PARIS),
                      repeat_until=dt.date(2026, 8, 1)), "repeat_until"),
    (events.EventData(starts_at=dt.datetime(2026, 7, 14, 21, tzinfo=PARIS), repeat="daily",
                      repeat_until=dt.date(2026, 7, 1)), "repeat_until"),
    (events.EventData(starts_at=dt.datetime(2026, 7, 14, 21, tzinfo=PARIS),
                      place_partner_id=999999), "place_partner"),
])
def test_checks_name_the_field(dbsession, data, field):
    with pytest.raises(InvalidField) as refused:
        events.check(dbsession, data)
    assert refused.value.on == field


def test_stored_details_read_back_as_form_values(dbsession):
    start = dt.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
    data = events.EventData(starts_at=start, repeat="weekly", repeat_until=dt.date(2026, 4, 27),
                            place_name="Halle", place_address="1 rue du Marché")
    _item, details = event(dbsession, data)
    assert events.data_of(details) == data


def test_a_daily_event_begun_years_ago_still_shows_its_coming_days(dbsession):
    start = dt.datetime(2021, 6, 1, 9, 0, tzinfo=PARIS)
    _item, details = event(dbsession, events.EventData(starts_at=start, repeat="daily"))
    window = dt.datetime(2026, 7, 1, tzinfo=UTC)
    found = events.occurrences_of(details, window, window + dt.timedelta(days=30))
    assert len(found) == 30
    assert found[0].starts_at.astimezone(PARIS) == dt.datetime(2026, 7, 1, 9, 0, tzinfo=PARIS)


def test_a_long_bounded_repetition_ends_at_its_last_occurrence(dbsession):
    start = dt.datetime(2020, 1, 1, 10, 0, tzinfo=PARIS)
    _item, details = event(dbsession, events.EventData(
        starts_at=start, ends_at=start + dt.timedelta(hours=1), repeat="daily",
        repeat_until=dt.date(2029, 12, 31)))
    assert details.last_ends_at == dt.datetime(2029, 12, 31, 11, 0, tzinfo=PARIS)

"""The chat's figures, computed on conversations with known times."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta import reporting
from lanta.services.errors import InvalidField
from lanta_chat.figures_csv import figures_csv
from lanta_chat.figures_views import DEFAULT_DAYS
from lanta_chat.services import figures, messages

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
TWO_WEEKS = reporting.Period(dt.date(2026, 11, 16), dt.date(2026, 11, 29))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def conversation(dbsession, channel: str, began: dt.datetime, *, reply_s=None,
                 closed_s=None, rating=None):
    row = messages.start(dbsession, channel=channel, now=began,
                         external_id=None if channel != "messenger" else f"p{began:%d%H}")
    messages.add_message(dbsession, row.id, kind="visitor", body="Bonjour", now=began)
    if reply_s is not None:
        messages.add_message(dbsession, row.id, kind="staff", body="Bonjour !",
                             now=began + dt.timedelta(seconds=reply_s))
    if closed_s is not None:
        row.state, row.closed_at = "closed", began + dt.timedelta(seconds=closed_s)
    row.rating = rating
    dbsession.flush()
    return row


@pytest.fixture
def known(dbsession):
    conversation(dbsession, "web", at(23, 9), reply_s=60, closed_s=600, rating=5)
    conversation(dbsession, "web", at(23, 14), reply_s=180, closed_s=900, rating=3)
    conversation(dbsession, "web", at(24, 8), reply_s=120)
    conversation(dbsession, "messenger", at(17, 10), reply_s=3600, closed_s=7200, rating=4)
    # 23:30 UTC on Sunday the 22nd is 00:30 on Monday the 23rd in Paris.
    conversation(dbsession, "email", at(22, 23, 30))
    # Outside the range, by Paris days: the 15th at 23:00, the 30th at 00:30.
    conversation(dbsession, "web", at(15, 22), reply_s=1)
    conversation(dbsession, "web", at(29, 23, 30), reply_s=1)


def test_conversations_count_per_office_day_and_iso_week(dbsession, known):
    found = figures.figures(dbsession, TWO_WEEKS)
    assert len(found.per_day) == 14 and sum(found.per_day.values()) == 5
    assert found.per_day[dt.date(2026, 11, 23)] == 3
    assert found.per_day[dt.date(2026, 11, 22)] == 0
    assert (found.per_day[dt.date(2026, 11, 17)], found.per_day[dt.date(2026, 11, 24)]) \
        == (1, 1)
    assert [(w.number, w.monday, w.conversations, w.partial) for w in found.weeks] == [
        (47, dt.date(2026, 11, 16), 1, False), (48, dt.date(2026, 11, 23), 4, False)]


def test_medians_and_satisfaction_by_channel_and_overall(dbsession, known):
    found = figures.figures(dbsession, TWO_WEEKS)
    assert list(found.channels) == ["email", "messenger", "web"]
    web = found.channels["web"]
    assert (web.conversations, web.with_reply, web.closed) == (3, 3, 2)
    assert (web.median_first_response_s, web.median_duration_s) == (120, 750)
    assert (web.ratings, web.mean_rating, web.satisfied_share) == (2, 4.0, 0.5)
    email = found.channels["email"]
    assert (email.conversations, email.with_reply, email.median_first_response_s,
            email.mean_rating) == (1, 0, None, None)
    overall = found.overall
    assert overall.conversations == 5
    assert (overall.median_first_response_s, overall.median_duration_s) == (150, 900)
    assert overall.ratings == 3 and overall.mean_rating == 4.0
    assert overall.satisfied_share == pytest.approx(2 / 3)


def test_a_week_cut_by_the_range_is_partial_and_counts_its_days_only(dbsession, known):
    found = figures.figures(dbsession, reporting.Period(dt.date(2026, 11, 18),
                                                        dt.date(2026, 11, 24)))
    assert [(w.number, w.conversations, w.partial) for w in found.weeks] == [
        (47, 0, True), (48, 4, True)]


def test_the_default_range_is_eight_weeks_and_the_dashboard_this_week(dbsession, known):
    assert reporting.last_days(DEFAULT_DAYS, NOW) == reporting.Period(
        dt.date(2026, 10, 5), dt.date(2026, 11, 29))
    assert reporting.this_week(NOW) == reporting.Period(dt.date(2026, 11, 23),
                                                        dt.date(2026, 11, 29))
    week = figures.summary(dbsession, reporting.this_week(NOW))
    assert (week.conversations, week.median_first_response_s) == (4, 120)


@pytest.mark.parametrize("start, end, on", [
    (dt.date(2026, 11, 29), dt.date(2026, 11, 1), "to"),
    (dt.date(2025, 1, 1), dt.date(2026, 11, 29), "to"),
    (dt.date(1999, 12, 31), dt.date(2000, 1, 5), "from")])
def test_a_range_out_of_order_too_long_or_too_old_is_refused(start, end, on):
    with pytest.raises(InvalidField) as refused:
        reporting.period(start, end)
    assert refused.value.on == on


def test_the_csv_has_a_row_per_day_and_channel(dbsession, known):
    text = figures_csv(figures.figures(dbsession, TWO_WEEKS)).decode("utf-8")
    assert text.startswith("\ufeffdate;channel;conversations;with_reply;"
                           "median_first_response_s;median_duration_s;ratings;mean_rating\r\n")
    lines = text.lstrip("\ufeff").split("\r\n")[1:-1]
    assert len(lines) == 14 * 3
    assert "2026-11-23;web;2;2;120;750;2;4,00" in lines
    assert "2026-11-23;email;1;0;;;0;" in lines
    assert "2026-11-16;messenger;0;0;;;0;" in lines


def test_a_channel_written_like_a_formula_is_plain_text_in_the_csv(dbsession):
    conversation(dbsession, "=HYPERLINK(1)", at(23, 9))
    text = figures_csv(figures.figures(dbsession, TWO_WEEKS)).decode("utf-8")
    assert "2026-11-23;'=HYPERLINK(1);1;" in text
    assert ";=HYPERLINK" not in text


@pytest.mark.parametrize("seconds, text", [
    (None, "–"), (44.6, "45 s"), (270, "4 min 30 s"), (7500, "2 h 05 min"),
    (3 * 86400 + 4 * 3600 + 59, "3 d 4 h")])
def test_durations_are_written_for_people(seconds, text):
    from types import SimpleNamespace

    from lanta_chat.figures import Say

    request = SimpleNamespace(locale_name="en", localizer=SimpleNamespace(
        translate=lambda message: message.interpolate()))
    assert Say(request).duration(seconds) == text

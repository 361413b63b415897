"""Conversion figures: views and bookings per clip, per hotel and per office day; every
booking but the cancelled ones counts."""
from __future__ import annotations

import datetime as dt
import itertools

from lanta import reporting
from lanta_spectrospoke.models import Booking, Clip, View
from lanta_spectrospoke.services.figures import figures

UTC = dt.timezone.utc
JULY = reporting.period(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
_numbers = itertools.count(1)


def view(dbsession, clip, headset, at, completed=False):
    dbsession.add(View(clip_id=clip.id, hotel_id=headset.hotel_id if headset else None,
                       headset_id=headset.id if headset else None, viewed_at=at,
                       completed=completed))


def booking(dbsession, clip, hotel_id, at, state="requested"):
    dbsession.add(Booking(
        reference=f"SPK-F{next(_numbers):05d}", clip_id=clip.id,
        activity_id=clip.partner_id, hotel_id=hotel_id, day=at.date(), participants=2,
        contact_name="Guest", state=state, created_at=at))


def test_conversion_per_clip_and_per_hotel(dbsession, clip, headset, hotel):
    device, _token = headset
    other = Clip(slug="canyon", title={"en": "Canyon"}, partner_id=clip.partner_id,
                 video_url="https://videos.example/c.mp4", published=True)
    dbsession.add(other)
    dbsession.flush()
    noon = dt.datetime(2026, 7, 10, 10, tzinfo=UTC)
    for n in range(4):
        view(dbsession, clip, device, noon, completed=n < 3)
    view(dbsession, other, None, noon)
    for state in ("requested", "confirmed", "declined", "cancelled"):
        booking(dbsession, clip, hotel.id, noon, state)
    booking(dbsession, other, None, noon, "confirmed")
    dbsession.flush()

    result = figures(dbsession, JULY, "en")

    by_clip = {c.id: c for c in result.clips}
    assert (by_clip[clip.id].views, by_clip[clip.id].completed,
            by_clip[clip.id].bookings) == (4, 3, 3)
    assert by_clip[clip.id].rate == 0.75
    assert by_clip[clip.id].name == "Rafting on the river"
    assert (by_clip[other.id].views, by_clip[other.id].bookings) == (1, 1)
    assert [(h.name, h.views, h.bookings) for h in result.hotels] == [("Hôtel du Gave", 4, 3)]
    assert (result.total.views, result.total.bookings) == (5, 4)


def test_days_are_office_days_and_the_period_bounds_hold(dbsession, clip, headset, hotel):
    device, _token = headset
    # 22:30 UTC on 30 June is already 1 July in Paris; 22:30 UTC on 31 July is August.
    view(dbsession, clip, device, dt.datetime(2026, 6, 30, 22, 30, tzinfo=UTC))
    view(dbsession, clip, device, dt.datetime(2026, 7, 31, 22, 30, tzinfo=UTC))
    view(dbsession, clip, device, dt.datetime(2026, 6, 30, 21, 30, tzinfo=UTC))
    booking(dbsession, clip, hotel.id, dt.datetime(2026, 7, 14, 9, tzinfo=UTC))
    dbsession.flush()

    result = figures(dbsession, JULY)

    assert result.views_per_day == {dt.date(2026, 7, 1): 1}
    assert result.bookings_per_day == {dt.date(2026, 7, 14): 1}
    assert result.total.views == 1


def test_no_view_means_no_conversion_rate(dbsession, clip, hotel):
    booking(dbsession, clip, hotel.id, dt.datetime(2026, 7, 14, 9, tzinfo=UTC))
    dbsession.flush()

    result = figures(dbsession, JULY)

    assert result.clips[0].views == 0 and result.clips[0].rate is None

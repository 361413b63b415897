"""Conversion figures: how many clip views on the headsets turned into bookings.

Over a range of office days (Europe/Paris, both ends included): per clip, its views,
the views watched to the end, the bookings made from it and the conversion (bookings
÷ views); the same per hotel; and the views and bookings of each day, for the charts.

Which bookings count: every booking made in the range (by its creation time) except
the cancelled ones. Declined bookings still count: the guest wanted the activity, and
the figures measure what the clips make people want, not what the partners could take.
A booking made by the office (no hotel) counts for its clip but for no hotel.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from lanta.models import Partner

from ..models import Booking, Clip, View
from .clock import OFFICE_TZ



@dataclass
class Conversion:
    """Views and bookings of one clip or one hotel."""

    id: int
    name: str
    views: int = 0
    completed: int = 0
    bookings: int = 0

    @property
    def rate(self) -> float | None:
        """Bookings per view (None without views)."""
        return self.bookings / self.views if self.views else None


@dataclass
class Figures:
    period: Any  # a lanta.reporting.Period (start, end, days, bounds)
    clips: list[Conversion]
    hotels: list[Conversion]
    views_per_day: dict[dt.date, int] = field(default_factory=dict)
    bookings_per_day: dict[dt.date, int] = field(default_factory=dict)

    @property
    def total(self) -> Conversion:
        total = Conversion(0, "")
        for clip in self.clips:
            total.views += clip.views
            total.completed += clip.completed
            total.bookings += clip.bookings
        return total


def figures(dbsession: Session, period: Any, lang: str = "fr") -> Figures:
    """The conversion figures of ``period`` (a :class:`lanta.reporting.Period`, which
    the view gives: services import no Pyramid); names in ``lang``."""
    start, end = period.bounds
    in_range = (View.viewed_at >= start, View.viewed_at < end)
    booked = (Booking.created_at >= start, Booking.created_at < end,
              Booking.state != "cancelled")
    clips: dict[int, Conversion] = {}
    hotels: dict[int, Conversion] = {}

    def clip(clip_id: int) -> Conversion:
        return clips.setdefault(clip_id, Conversion(clip_id, ""))

    def hotel(hotel_id: int) -> Conversion:
        return hotels.setdefault(hotel_id, Conversion(hotel_id, ""))

    completed = func.sum(case((View.completed.is_(True), 1), else_=0))
    for clip_id, hotel_id, views, done in dbsession.execute(
            select(View.clip_id, View.hotel_id, func.count(), completed)
            .where(*in_range).group_by(View.clip_id, View.hotel_id)):
        targets = [clip(clip_id)] + ([hotel(hotel_id)] if hotel_id is not None else [])
        for target in targets:
            target.views += views
            target.completed += int(done or 0)
    for clip_id, hotel_id, count in dbsession.execute(
            select(Booking.clip_id, Booking.hotel_id, func.count())
            .where(*booked).group_by(Booking.clip_id, Booking.hotel_id)):
        if clip_id is not None:
            clip(clip_id).bookings += count
        if hotel_id is not None:
            hotel(hotel_id).bookings += count
    _name_clips(dbsession, clips, lang)
    _name_hotels(dbsession, hotels, lang)
    views_per_day = Counter(moment.astimezone(OFFICE_TZ).date() for moment in
                            dbsession.scalars(select(View.viewed_at).where(*in_range)))
    bookings_per_day = Counter(moment.astimezone(OFFICE_TZ).date() for moment in
                               dbsession.scalars(select(Booking.created_at).where(*booked)))
    return Figures(period, _ranked(clips), _ranked(hotels),
                   dict(views_per_day), dict(bookings_per_day))


def _name_clips(dbsession: Session, clips: dict[int, Conversion], lang: str) -> None:
    if clips:
        for row in dbsession.scalars(select(Clip).where(Clip.id.in_(clips))):
            clips[row.id].name = row.text_for("title", lang) or row.slug


def _name_hotels(dbsession: Session, hotels: dict[int, Conversion], lang: str) -> None:
    if hotels:
        for row in dbsession.scalars(select(Partner).where(Partner.id.in_(hotels))):
            hotels[row.id].name = row.text("name", lang)


def _ranked(found: dict[int, Conversion]) -> list[Conversion]:
    """Most viewed first, then most booked, then by name."""
    return sorted(found.values(), key=lambda c: (-c.views, -c.bookings, c.name.lower()))

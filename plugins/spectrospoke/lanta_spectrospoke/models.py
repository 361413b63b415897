"""The add-on's tables, all prefixed ``spectrospoke_``.

- ``spectrospoke_clips``: the catalogue of immersive clips, each showing one activity
  partner;
- ``spectrospoke_activities``: what an activity partner sells through the hotels (the
  ticket price, whether guests may ask for a day when no slot is open);
- ``spectrospoke_slots``: the activity's sessions, each with a capacity;
- ``spectrospoke_hotels``: the partner hotels that lend headsets, with their default
  commission rate; ``spectrospoke_rates``: a hotel's rate for one activity;
- ``spectrospoke_headsets``: each device, tied to its hotel by the secret of its kiosk
  address, so that views and bookings made on it are the hotel's;
- ``spectrospoke_views``: one clip watched on one headset (the figures' "views");
- ``spectrospoke_bookings``: a guest's booking, its voucher and its commission.

Money is kept in euro cents and rates in basis points (1,000 = 10 %), both integers: a
statement adds up to the cent with no floating point. A booking keeps the price and the
rate of the day it was made, so that changing a rate never rewrites a past statement.

Capacity: ``booked`` counts the places a slot has given; it is raised by one conditional
UPDATE (``booked + n <= capacity``) so that two bookings of the last place at once
cannot both win, on SQLite and on PostgreSQL alike (see
:mod:`lanta_spectrospoke.services.bookings`).

Views and bookings never show on cached visitor pages: they are left out of the page
cache's generation (:func:`lanta.models.never_on_visitor_pages`).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text)
from sqlalchemy.orm import Mapped, mapped_column

from lanta.models import Base, UTCDateTime, never_on_visitor_pages, sql_in, utcnow

# How the picture is laid out in the video file: a whole sphere (equirectangular), the
# same with the left eye above the right, a half sphere with the eyes side by side, or
# an ordinary flat film.
PROJECTIONS: tuple[str, ...] = ("360_mono", "360_stereo_tb", "180_sbs", "flat")
FITNESS: tuple[str, ...] = ("easy", "moderate", "demanding")
SEASONS: tuple[str, ...] = ("spring", "summer", "autumn", "winter")
# requested: waiting for the activity partner; confirmed: a voucher goes to the guest;
# declined: the partner said no (with a reason); cancelled: by the office or the guest.
BOOKING_STATES: tuple[str, ...] = ("requested", "confirmed", "declined", "cancelled")
VIDEO_TYPES: tuple[str, ...] = ("mp4", "webm")
BASIS_POINTS = 10_000  # a rate of 10_000 is 100 %


class Clip(Base):
    __tablename__ = "spectrospoke_clips"
    __table_args__ = (
        CheckConstraint(f"projection IN ({sql_in(PROJECTIONS)})", name="projection"),
        CheckConstraint(f"fitness IN ({sql_in(FITNESS)})", name="fitness"),
        CheckConstraint("duration_s >= 0", name="duration"),
        # A clip plays something: an uploaded file or an address.
        CheckConstraint("video_file IS NOT NULL OR video_url != ''", name="video"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    text: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # The activity partner the clip shows, who receives its bookings.
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="RESTRICT"), index=True)
    duration_s: Mapped[int] = mapped_column(Integer, default=0)
    projection: Mapped[str] = mapped_column(String(16), default="360_mono")
    # A file stored under the uploads folder (``spectrospoke/NAME``), checked by its
    # content, or an address (the office's video server); one of the two.
    video_file: Mapped[str | None] = mapped_column(String(64))
    video_type: Mapped[str] = mapped_column(String(8), default="mp4")
    video_url: Mapped[str] = mapped_column(String(500), default="")
    # The poster (first picture and catalogue card); the thumbnail is its smallest
    # rendition.
    poster_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL"))
    envies: Mapped[list[str]] = mapped_column(JSON, default=list)
    seasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_age: Mapped[int | None] = mapped_column(Integer)
    fitness: Mapped[str] = mapped_column(String(16), default="easy")
    narration_language: Mapped[str] = mapped_column(String(8), default="")
    # Who owns the pictures and until when the office may show them.
    rights: Mapped[str] = mapped_column(Text, default="")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                    onupdate=utcnow)

    def text_for(self, field: str, lang: str, fallback: str = "fr") -> str:
        values: dict[str, str] = getattr(self, field) or {}
        return values.get(lang) or values.get(fallback) or next(iter(values.values()), "")

    def __repr__(self) -> str:
        return f"<Clip {self.slug}>"


class Activity(Base):
    __tablename__ = "spectrospoke_activities"
    __table_args__ = (CheckConstraint("price_cents >= 0", name="price"),)

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    # The price of one participant's ticket, unless a slot says otherwise.
    price_cents: Mapped[int] = mapped_column(Integer, default=0)
    # Without open slots, a guest may ask for a day, which the partner confirms or not.
    accepts_days: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where booking requests are announced (the listing's e-mail when empty).
    notify_email: Mapped[str] = mapped_column(String(254), default="")


class Slot(Base):
    __tablename__ = "spectrospoke_slots"
    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity"),
        CheckConstraint("booked >= 0 AND booked <= capacity", name="booked"),
        CheckConstraint("price_cents IS NULL OR price_cents >= 0", name="price"),
        Index("ix_spectrospoke_slots_partner_id_starts_at", "partner_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)
    # None: the activity's price.
    price_cents: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def free(self) -> int:
        return self.capacity - self.booked


class Hotel(Base):
    __tablename__ = "spectrospoke_hotels"
    __table_args__ = (
        CheckConstraint(f"default_rate_bp BETWEEN 0 AND {BASIS_POINTS}", name="rate"),)

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    default_rate_bp: Mapped[int] = mapped_column(Integer, default=1000)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Rate(Base):
    """A hotel's commission on one activity, instead of its default rate."""

    __tablename__ = "spectrospoke_rates"
    __table_args__ = (
        CheckConstraint(f"rate_bp BETWEEN 0 AND {BASIS_POINTS}", name="rate"),)

    hotel_id: Mapped[int] = mapped_column(
        ForeignKey("spectrospoke_hotels.partner_id", ondelete="CASCADE"), primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    rate_bp: Mapped[int] = mapped_column(Integer)


class Headset(Base):
    __tablename__ = "spectrospoke_headsets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hotel_id: Mapped[int] = mapped_column(
        ForeignKey("spectrospoke_hotels.partner_id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80))
    # SHA-256 (hex) of the secret in the device's kiosk address; a new address replaces
    # it, and the old one stops working at once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class View(Base):
    __tablename__ = "spectrospoke_views"
    __table_args__ = (
        Index("ix_spectrospoke_views_viewed_at", "viewed_at"),
        Index("ix_spectrospoke_views_clip_id_viewed_at", "clip_id", "viewed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clip_id: Mapped[int] = mapped_column(
        ForeignKey("spectrospoke_clips.id", ondelete="CASCADE"))
    # Kept when a headset is removed: the hotel's figures stay.
    hotel_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), index=True)
    headset_id: Mapped[int | None] = mapped_column(
        ForeignKey("spectrospoke_headsets.id", ondelete="SET NULL"))
    viewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Watched to the end (the player says so).
    completed: Mapped[bool] = mapped_column(Boolean, default=False)


class Booking(Base):
    __tablename__ = "spectrospoke_bookings"
    __table_args__ = (
        CheckConstraint(f"state IN ({sql_in(BOOKING_STATES)})", name="state"),
        CheckConstraint("participants BETWEEN 1 AND 50", name="participants"),
        CheckConstraint("slot_id IS NOT NULL OR day IS NOT NULL", name="when"),
        CheckConstraint(f"commission_rate_bp BETWEEN 0 AND {BASIS_POINTS}",
                        name="commission_rate"),
        Index("ix_spectrospoke_bookings_activity_id_state", "activity_id", "state"),
        Index("ix_spectrospoke_bookings_hotel_id_created_at", "hotel_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Printed on the voucher and typed by the activity partner ("SPK-7K3Q9M").
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    # Made by the booking form, so that a form sent twice books once.
    request_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    clip_id: Mapped[int | None] = mapped_column(
        ForeignKey("spectrospoke_clips.id", ondelete="SET NULL"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="RESTRICT"))
    # The hotel whose headset the booking came from (None: booked by the office).
    hotel_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id",
                                                            ondelete="RESTRICT"))
    headset_id: Mapped[int | None] = mapped_column(
        ForeignKey("spectrospoke_headsets.id", ondelete="SET NULL"))
    # A slot, or a day asked for when the activity has no slot that suits.
    slot_id: Mapped[int | None] = mapped_column(
        ForeignKey("spectrospoke_slots.id", ondelete="RESTRICT"), index=True)
    day: Mapped[dt.date | None] = mapped_column(Date)
    participants: Mapped[int] = mapped_column(Integer)
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    language: Mapped[str] = mapped_column(String(8), default="fr")
    state: Mapped[str] = mapped_column(String(16), default="requested")
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    # The price and rate of the day the booking was made.
    unit_price_cents: Mapped[int] = mapped_column(Integer, default=0)
    amount_cents: Mapped[int] = mapped_column(Integer, default=0)
    commission_rate_bp: Mapped[int] = mapped_column(Integer, default=0)
    commission_cents: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                              ondelete="SET NULL"))
    voucher_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The voucher is validated once, on arrival, by the activity partner.
    validated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    validated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<Booking {self.reference} ({self.state})>"


never_on_visitor_pages(View, Booking, Slot, Headset)

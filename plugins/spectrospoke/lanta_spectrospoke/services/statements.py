"""Commission statements (a month on the pages): what each hotel sold, and what each
activity partner owes to each hotel.

Which bookings count: those made at a hotel (through one of its headsets), confirmed,
whose activity day falls in the period. The activity day is the slot's start, or the
day the guest asked for, read in office time (Europe/Paris), so that a 00:30 session on
the 1st belongs to that month on the statement even though it is still the 31st in UTC.

When a commission is due: on a booking **validated on arrival** (the guest came and the
activity partner checked the voucher). Confirmed bookings not validated are listed apart
("not validated") and left out of every total: a no-show earns nothing, and the list
lets the office chase a partner who forgot to validate.

The figures come from each booking's own snapshot (``amount_cents``,
``commission_rate_bp``, ``commission_cents``, kept from the day it was made): a rate
changed since never rewrites a statement. Bookings made by the office (no hotel) earn
no commission and are not listed.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from lanta.models import Partner

from ..models import Booking, Slot
from .clock import OFFICE_TZ



@dataclass(frozen=True)
class Line:
    """One confirmed booking of the period, as the statement shows it."""

    reference: str
    hotel_id: int
    hotel_name: str
    activity_id: int
    activity_name: str
    day: dt.date
    participants: int
    amount_cents: int
    rate_bp: int
    commission_cents: int
    validated: bool


@dataclass
class Total:
    """Validated bookings added up: for a hotel, an activity, or one pair of them."""

    id: int
    name: str
    bookings: int = 0
    participants: int = 0
    amount_cents: int = 0
    commission_cents: int = 0
    # Per hotel: by activity; per activity: by hotel (each a Total).
    parts: dict[int, "Total"] = field(default_factory=dict)

    def add(self, line: Line) -> None:
        self.bookings += 1
        self.participants += line.participants
        self.amount_cents += line.amount_cents
        self.commission_cents += line.commission_cents

    @property
    def sorted_parts(self) -> list["Total"]:
        return sorted(self.parts.values(), key=lambda total: total.name.lower())


@dataclass
class Statement:
    """A period's statement (for every hotel and activity, or for one of them)."""

    period: Any  # a lanta.reporting.Period
    lines: list[Line]
    hotels: list[Total]
    activities: list[Total]
    total: Total

    @property
    def validated(self) -> list[Line]:
        return [line for line in self.lines if line.validated]

    @property
    def not_validated(self) -> list[Line]:
        return [line for line in self.lines if not line.validated]


def statement(dbsession: Session, period: Any, lang: str = "fr", *,
              hotel_id: int | None = None, activity_id: int | None = None) -> Statement:
    """The statement of ``period`` (a :class:`lanta.reporting.Period`, a month on the
    pages; the view gives it, services import no Pyramid), limited to one hotel or one
    activity partner when given; names in ``lang``."""
    return _added_up(period, _lines(dbsession, period, lang, hotel_id, activity_id))


def _lines(dbsession: Session, period: Any, lang: str, hotel_id: int | None,
           activity_id: int | None) -> list[Line]:
    start, end = period.bounds
    first, last = period.start, period.end
    hotel, activity = aliased(Partner), aliased(Partner)
    query = (
        select(Booking, Slot.starts_at, hotel, activity)
        .outerjoin(Slot, Slot.id == Booking.slot_id)
        .join(hotel, hotel.id == Booking.hotel_id)
        .join(activity, activity.id == Booking.activity_id)
        .where(Booking.state == "confirmed",
               or_(and_(Slot.id.is_not(None), Slot.starts_at >= start, Slot.starts_at < end),
                   and_(Booking.slot_id.is_(None), Booking.day >= first,
                        Booking.day <= last)))
        .order_by(Booking.reference))
    if hotel_id is not None:
        query = query.where(Booking.hotel_id == hotel_id)
    if activity_id is not None:
        query = query.where(Booking.activity_id == activity_id)
    lines = [
        Line(reference=booking.reference, hotel_id=h.id, hotel_name=h.text("name", lang),
             activity_id=a.id, activity_name=a.text("name", lang),
             day=starts_at.astimezone(OFFICE_TZ).date() if starts_at else booking.day,
             participants=booking.participants, amount_cents=booking.amount_cents,
             rate_bp=booking.commission_rate_bp, commission_cents=booking.commission_cents,
             validated=booking.validated_at is not None)
        for booking, starts_at, h, a in dbsession.execute(query).all()]
    lines.sort(key=lambda line: (line.day, line.reference))
    return lines


def _added_up(period: Any, lines: Iterable[Line]) -> Statement:
    lines = list(lines)
    hotels: dict[int, Total] = {}
    activities: dict[int, Total] = {}
    total = Total(0, "")
    for line in lines:
        # Not validated: listed, never counted (see the module's docstring).
        hotel = hotels.setdefault(line.hotel_id, Total(line.hotel_id, line.hotel_name))
        activity = activities.setdefault(line.activity_id,
                                         Total(line.activity_id, line.activity_name))
        hotel.parts.setdefault(line.activity_id,
                               Total(line.activity_id, line.activity_name))
        activity.parts.setdefault(line.hotel_id, Total(line.hotel_id, line.hotel_name))
        if not line.validated:
            continue
        for counted in (hotel, activity, hotel.parts[line.activity_id],
                        activity.parts[line.hotel_id], total):
            counted.add(line)

    def by_name(totals: dict[int, Total]) -> list[Total]:
        return sorted(totals.values(), key=lambda t: t.name.lower())

    return Statement(period, lines, by_name(hotels), by_name(activities), total)

"""An activity's settings (ticket price, whether guests may ask for a day, where
requests are announced) and its slots: the sessions guests book, each with a capacity.

Times are typed and shown in office time (Europe/Paris) and stored in UTC. A slot that
has given places cannot shrink below them, nor be removed while a booking points at it:
its capacity changes by one conditional UPDATE (``booked <= capacity``), so a booking
made at the same moment is never pushed over the new capacity.
"""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from lanta.models import row_by_id, utcnow
from lanta.services.errors import Conflict, InvalidField, NotFound
from lanta.services.local_times import skipped

from ..models import Activity, Booking, Slot
# The pages read the office's day and time through this module too.
from .clock import OFFICE_TZ, from_office_time, office_time, office_today  # noqa: F401

MAX_CAPACITY = 500
MAX_PRICE_CENTS = 100_000_00
NOTE_MAX = 200
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --- the activity's settings ------------------------------------------------------------


def save_activity(dbsession: Session, partner_id: int, *, price_cents: int,
                  accepts_days: bool, notify_email: str = "") -> Activity:
    """Set the activity's ticket price, whether it accepts days and its e-mail for
    requests; the row is created on the first save."""
    if not 0 <= price_cents <= MAX_PRICE_CENTS:
        raise InvalidField("The ticket price must be between 0 and 100,000 €.",
                           on="price")
    notify_email = (notify_email or "").strip()
    if notify_email and (len(notify_email) > 254 or not EMAIL.match(notify_email)):
        raise InvalidField("This e-mail address does not look right.", on="notify_email")
    activity = dbsession.get(Activity, partner_id)
    if activity is None:
        activity = Activity(partner_id=partner_id)
        dbsession.add(activity)
    activity.price_cents = price_cents
    activity.accepts_days = accepts_days
    activity.notify_email = notify_email
    dbsession.flush()
    return activity


# --- slots ---------------------------------------------------------------------------------


def _checked(starts_local: dt.datetime | None, capacity: int, price_cents: int | None,
             note: str, now: dt.datetime) -> tuple[dt.datetime, str]:
    if starts_local is None:
        raise InvalidField("Give the day and time the slot starts.", on="starts_at")
    if skipped(starts_local, OFFICE_TZ):
        raise InvalidField("This time does not exist: that night the clocks go forward "
                           "from 2:00 to 3:00. Choose another time.", on="starts_at")
    starts_at = from_office_time(starts_local)
    if starts_at <= now:
        raise InvalidField("The slot must start in the future.", on="starts_at")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidField("The capacity must be between 1 and 500 places.", on="capacity")
    if price_cents is not None and not 0 <= price_cents <= MAX_PRICE_CENTS:
        raise InvalidField("The price must be between 0 and 100,000 €.", on="price")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidField("The note is limited to 200 characters.", on="note")
    return starts_at, note


def add_slot(dbsession: Session, partner_id: int, *, starts_local: dt.datetime | None,
             capacity: int, price_cents: int | None = None, note: str = "",
             now: dt.datetime | None = None) -> Slot:
    """A new slot of the activity, starting at ``starts_local`` (office time)."""
    starts_at, note = _checked(starts_local, capacity, price_cents, note, now or utcnow())
    slot = Slot(partner_id=partner_id, starts_at=starts_at, capacity=capacity, booked=0,
                price_cents=price_cents, note=note)
    dbsession.add(slot)
    dbsession.flush()
    return slot


def slot_of(dbsession: Session, partner_id: int, slot_id: int) -> Slot:
    """The activity's slot ``slot_id``, or NotFound (also for another activity's)."""
    slot = row_by_id(dbsession, Slot, slot_id)
    if slot is None or slot.partner_id != partner_id:
        raise NotFound("This slot does not exist (any more).")
    return slot


def edit_slot(dbsession: Session, slot: Slot, *, starts_local: dt.datetime | None,
              capacity: int, price_cents: int | None = None, note: str = "",
              now: dt.datetime | None = None) -> Slot:
    """Change a slot; its capacity never goes below the places it has given, and it
    keeps its start once a place is booked (vouchers and statements show that time)."""
    starts_at, note = _checked(starts_local, capacity, price_cents, note, now or utcnow())
    moves = starts_at != slot.starts_at
    conditions = [Slot.id == slot.id, Slot.booked <= capacity]
    if moves:
        # In the statement itself, so that a booking made meanwhile keeps its time too.
        conditions.append(Slot.booked == 0)
    changed = dbsession.execute(
        update(Slot).where(*conditions)
        .values(starts_at=starts_at, capacity=capacity, price_cents=price_cents,
                note=note).execution_options(synchronize_session=False)).rowcount
    dbsession.refresh(slot)
    if not changed:
        if moves and slot.booked:
            raise InvalidField("This slot has bookings, so its day and time cannot change: "
                               "cancel its bookings first, or add a new slot.",
                               on="starts_at")
        raise InvalidField("${count} places of this slot are booked: its capacity cannot "
                           "go below ${count}.", on="capacity", count=slot.booked)
    return slot


def remove_slot(dbsession: Session, slot: Slot) -> None:
    """Remove a slot no booking points at (a declined one included: it keeps its day).

    One conditional DELETE: a booking taking a place at the same moment either comes
    first (nothing is deleted) or finds the slot gone, never a dangling reference."""
    removed = dbsession.execute(
        delete(Slot).where(Slot.id == slot.id, Slot.booked == 0,
                           ~exists().where(Booking.slot_id == Slot.id))
        .execution_options(synchronize_session=False)).rowcount
    if not removed:
        raise Conflict("This slot has bookings, so it cannot be removed. Set its capacity "
                       "to its booked places to close it instead.")
    dbsession.expunge(slot)


def slots(dbsession: Session, partner_id: int, *, now: dt.datetime | None = None,
          only_free: bool = False, limit: int = 100) -> list[Slot]:
    """The activity's slots still to come, soonest first (with free places only when
    ``only_free``)."""
    query = select(Slot).where(Slot.partner_id == partner_id,
                               Slot.starts_at > (now or utcnow()))
    if only_free:
        query = query.where(Slot.booked < Slot.capacity)
    return list(dbsession.scalars(query.order_by(Slot.starts_at, Slot.id).limit(limit)))

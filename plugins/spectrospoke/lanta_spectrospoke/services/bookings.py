"""Bookings: a guest books an activity's slot (or asks for a day) at a hotel's headset;
the activity partner confirms or declines; the office may cancel.

A slot's places are taken by one conditional UPDATE (``booked + n <= capacity``): of two
bookings of the last place at once, the database lets exactly one through, on SQLite
and PostgreSQL alike. A form sent twice books once: its ``request_id`` is unique, and a
second insert that loses the race is rolled back to a SAVEPOINT (places included) and
answered with the first booking. A booking keeps the price and the hotel's rate of its
day, so a later change of either never rewrites a statement.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lanta.models import Partner, row_by_id, utcnow
from lanta.services.errors import Conflict, InvalidField, NotFound

from ..i18n import _
from ..models import BASIS_POINTS, Activity, Booking, Clip, Headset, Hotel, Rate, Slot
from .clock import OFFICE_TZ, office_today
from .slots import EMAIL

# No 0/O, 1/I/L nor U: a reference read on a crumpled voucher and typed at a counter.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "SPK-"
REFERENCE_LENGTH = 6
MAX_PARTICIPANTS = 50
FURTHEST_DAY = dt.timedelta(days=366)
REASON_MAX = 1000
REQUEST_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
PAGE_SIZE = 50


@dataclass(frozen=True)
class Guest:
    """Who books, as typed on the form."""

    name: str
    email: str = ""
    phone: str = ""
    language: str = "fr"


def new_reference() -> str:
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET)
                                      for _ in range(REFERENCE_LENGTH))


def normalise_reference(typed: str) -> str:
    """A reference as typed (lower case, spaces, without its prefix) as stored."""
    cleaned = re.sub(r"[\s-]", "", typed or "").upper()
    if cleaned.startswith(REFERENCE_PREFIX[:-1]):
        cleaned = cleaned[len(REFERENCE_PREFIX) - 1:]
    return REFERENCE_PREFIX + cleaned


def commission_cents(amount_cents: int, rate_bp: int) -> int:
    """The commission on ``amount_cents`` at ``rate_bp``, rounded half up to the cent."""
    return (amount_cents * rate_bp + BASIS_POINTS // 2) // BASIS_POINTS


def commission_rate(dbsession: Session, hotel_id: int | None, activity_id: int) -> int:
    """The hotel's rate for this activity, else its default rate; 0 without a hotel."""
    if hotel_id is None:
        return 0
    rate = dbsession.get(Rate, (hotel_id, activity_id))
    if rate is not None:
        return rate.rate_bp
    hotel = dbsession.get(Hotel, hotel_id)
    return hotel.default_rate_bp if hotel is not None else 0


def _check_guest(participants: int, guest: Guest) -> Guest:
    if not 1 <= participants <= MAX_PARTICIPANTS:
        raise InvalidField("The number of participants must be between 1 and 50.",
                           on="participants")
    name, email, phone = (guest.name or "").strip(), (guest.email or "").strip(), \
        (guest.phone or "").strip()
    if not name:
        raise InvalidField("Give the name the booking is made in.", on="contact_name")
    if len(name) > 120:
        raise InvalidField("The name is limited to 120 characters.", on="contact_name")
    if not email and not phone:
        raise InvalidField("Give an e-mail address or a phone number, so that the activity "
                           "can reach the guest.", on="contact_email")
    if email and (len(email) > 254 or not EMAIL.match(email)):
        raise InvalidField("This e-mail address does not look right.", on="contact_email")
    if len(phone) > 40 or (phone and not re.fullmatch(r"[0-9+().\s-]{6,40}", phone)):
        raise InvalidField("This phone number does not look right.", on="contact_phone")
    return Guest(name=name, email=email, phone=phone, language=guest.language or "fr")


def _take_places(dbsession: Session, slot: Slot, participants: int) -> None:
    taken = dbsession.execute(
        update(Slot).where(Slot.id == slot.id, Slot.booked + participants <= Slot.capacity)
        .values(booked=Slot.booked + participants)
        .execution_options(synchronize_session=False)).rowcount
    dbsession.refresh(slot)
    if not taken:
        if slot.free <= 0:
            raise Conflict("This slot is full. Choose another one.")
        if slot.free == 1:
            raise Conflict("Only one place is left on this slot.")
        raise Conflict("Only ${count} places are left on this slot.", count=slot.free)


def _release_places(dbsession: Session, booking: Booking) -> None:
    if booking.slot_id is None:
        return
    dbsession.execute(
        update(Slot).where(Slot.id == booking.slot_id, Slot.booked >= booking.participants)
        .values(booked=Slot.booked - booking.participants)
        .execution_options(synchronize_session=False))
    slot = dbsession.get(Slot, booking.slot_id)
    if slot is not None:
        dbsession.refresh(slot)


def activity_of(dbsession: Session, partner_id: int) -> Activity | None:
    """The activity settings of a partner, None when it sells nothing through hotels."""
    return dbsession.get(Activity, partner_id)


def by_request_id(dbsession: Session, request_id: str) -> Booking | None:
    return dbsession.scalars(select(Booking).where(Booking.request_id == request_id)).first()


def book(dbsession: Session, **arguments) -> Booking:
    """The booking :func:`book_once` made or found (same arguments)."""
    return book_once(dbsession, **arguments)[0]


def book_once(dbsession: Session, *, clip: Clip | None, activity_id: int,
              slot_id: int | None = None, day: dt.date | None = None, participants: int,
              contact_name: str, contact_email: str = "", contact_phone: str = "",
              language: str = "fr", headset: Headset | None = None,
              request_id: str | None, now: dt.datetime | None = None,
              ) -> tuple[Booking, bool]:
    """Book ``participants`` places on the activity's slot ``slot_id``, or ask for
    ``day``; attributed to the headset's hotel. The same ``request_id`` again gives the
    same booking. Answers the booking and whether this call created it (False when the
    form had already been sent, even by a request that won a race against this one), so
    that only one of them sends the mails. Refusals are :class:`InvalidField` (a value
    to correct) or :class:`Conflict` (not enough places)."""
    now = now or utcnow()
    if request_id is not None and not REQUEST_ID.match(request_id):
        raise InvalidField("This form has expired: please fill it in again.",
                           on="request_id")
    if request_id is not None and (earlier := by_request_id(dbsession, request_id)):
        return earlier, False
    guest = _check_guest(participants, Guest(contact_name, contact_email, contact_phone,
                                             language))
    activity = dbsession.get(Activity, activity_id)
    if activity is None:
        raise NotFound("This activity takes no bookings.")
    slot = None
    if slot_id is not None:
        slot = row_by_id(dbsession, Slot, slot_id)
        if slot is None or slot.partner_id != activity_id:
            raise InvalidField("This slot does not exist (any more): choose another one.",
                               on="slot")
        if slot.starts_at <= now:
            raise InvalidField("This slot has already started: choose another one.",
                               on="slot")
        day = None
    elif day is not None:
        if not activity.accepts_days:
            raise InvalidField("This activity takes bookings on its slots only: choose "
                               "one.", on="slot")
        today = office_today(now)
        if not today < day <= today + FURTHEST_DAY:
            raise InvalidField("Choose a day between tomorrow and one year from now.",
                               on="day")
    else:
        raise InvalidField("Choose a slot or a day.", on="slot")

    unit = slot.price_cents if slot is not None and slot.price_cents is not None \
        else activity.price_cents
    amount = unit * participants
    hotel_id = headset.hotel_id if headset is not None else None
    rate = commission_rate(dbsession, hotel_id, activity_id)
    for _attempt in range(5):  # a reference drawn twice: draw again
        savepoint = dbsession.begin_nested()
        try:
            if slot is not None:
                _take_places(dbsession, slot, participants)
            booking = Booking(
                reference=new_reference(), request_id=request_id,
                clip_id=clip.id if clip is not None else None, activity_id=activity_id,
                hotel_id=hotel_id, headset_id=headset.id if headset is not None else None,
                slot_id=slot.id if slot is not None else None, day=day,
                participants=participants, contact_name=guest.name,
                contact_email=guest.email, contact_phone=guest.phone,
                language=guest.language, state="requested", unit_price_cents=unit,
                amount_cents=amount, commission_rate_bp=rate,
                commission_cents=commission_cents(amount, rate), created_at=now)
            dbsession.add(booking)
            dbsession.flush()
        except IntegrityError:
            savepoint.rollback()
            if request_id is not None and (earlier := by_request_id(dbsession, request_id)):
                return earlier, False
            continue
        except Conflict:
            savepoint.rollback()
            # The same form, sent twice at once, may have taken the last places itself.
            if request_id is not None and (earlier := by_request_id(dbsession, request_id)):
                return earlier, False
            raise
        savepoint.commit()
        return booking, True
    raise Conflict("The booking could not be saved. Please send the form again.")


# --- decisions -----------------------------------------------------------------------------

# Whole sentences, one per refusal, so that each reads naturally once translated.
WRONG_STATE = {
    ("confirm", "confirmed"): _("This booking is already confirmed."),
    ("confirm", "declined"): _("This booking was declined: it cannot be confirmed."),
    ("confirm", "cancelled"): _("This booking was cancelled: it cannot be confirmed."),
    ("decline", "confirmed"): _("This booking is already confirmed: it cannot be declined. "
                                "Ask the office to cancel it."),
    ("decline", "declined"): _("This booking is already declined."),
    ("decline", "cancelled"): _("This booking was cancelled: it cannot be declined."),
    ("cancel", "declined"): _("This booking was declined: it cannot be cancelled."),
    ("cancel", "cancelled"): _("This booking is already cancelled."),
}


def _wrong_state(booking: Booking, doing: str) -> Conflict:
    if doing == "cancel" and booking.validated_at is not None:
        return Conflict("This booking's voucher was already used: it cannot be cancelled.")
    message = WRONG_STATE.get((doing, booking.state))
    if message is None:
        return Conflict("This booking changed meanwhile: reload the page.")
    return Conflict(message)


def _move(dbsession: Session, booking: Booking, from_states: tuple[str, ...], to: str,
          by_user_id: int | None, now: dt.datetime, *conditions, **values) -> bool:
    moved = dbsession.execute(
        update(Booking).where(Booking.id == booking.id, Booking.state.in_(from_states),
                              *conditions)
        .values(state=to, decided_at=now, decided_by=by_user_id, **values)
        .execution_options(synchronize_session=False)).rowcount
    dbsession.refresh(booking)
    return bool(moved)


def confirm(dbsession: Session, booking: Booking, by_user_id: int | None,
            now: dt.datetime | None = None) -> Booking:
    """The activity partner (or the office) says yes to a requested booking whose slot
    (or day) has not begun."""
    now = now or utcnow()
    slot = dbsession.get(Slot, booking.slot_id) if booking.slot_id is not None else None
    if booking.state == "requested" and is_past(booking, slot, now):
        raise Conflict("The time of this booking has passed: it can no longer be "
                       "confirmed. Decline it, saying why.")
    if not _move(dbsession, booking, ("requested",), "confirmed", by_user_id, now):
        raise _wrong_state(booking, "confirm")
    return booking


def decline(dbsession: Session, booking: Booking, by_user_id: int | None, reason: str,
            now: dt.datetime | None = None) -> Booking:
    """Say no to a requested booking, with a reason the guest reads; a slot gets its
    places back."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidField("Say why you decline: the guest reads it.", on="reason")
    if len(reason) > REASON_MAX:
        raise InvalidField("The reason is limited to 1,000 characters.", on="reason")
    if not _move(dbsession, booking, ("requested",), "declined", by_user_id,
                 now or utcnow(), decline_reason=reason):
        raise _wrong_state(booking, "decline")
    _release_places(dbsession, booking)
    return booking


def cancel(dbsession: Session, booking: Booking, by_user_id: int | None, reason: str = "",
           now: dt.datetime | None = None) -> Booking:
    """The office cancels a booking not yet used (the guest called, the river is
    closed…); a slot gets its places back. The voucher's validation is checked in the
    same UPDATE, so a voucher validated at this very moment keeps its booking."""
    if not _move(dbsession, booking, ("requested", "confirmed"), "cancelled", by_user_id,
                 now or utcnow(), Booking.validated_at.is_(None),
                 decline_reason=(reason or "").strip()[:REASON_MAX]):
        raise _wrong_state(booking, "cancel")
    _release_places(dbsession, booking)
    return booking


# --- reading -------------------------------------------------------------------------------


def by_reference(dbsession: Session, reference: str) -> Booking | None:
    return dbsession.scalars(select(Booking).where(
        Booking.reference == normalise_reference(reference))).first()


def starts_at(booking: Booking, slots: dict[int, Slot]) -> dt.datetime:
    """When the booking's activity starts: its slot's time, or its day's first hour."""
    if booking.slot_id is not None and booking.slot_id in slots:
        return slots[booking.slot_id].starts_at
    return dt.datetime.combine(booking.day or dt.date.max, dt.time(), OFFICE_TZ)


def slots_of(dbsession: Session, bookings: list[Booking]) -> dict[int, Slot]:
    ids = {b.slot_id for b in bookings if b.slot_id is not None}
    if not ids:
        return {}
    return {s.id: s for s in dbsession.scalars(select(Slot).where(Slot.id.in_(ids)))}


def is_past(booking: Booking, slot: Slot | None, now: dt.datetime) -> bool:
    if slot is not None:
        return slot.starts_at < now
    return booking.day is not None and booking.day < office_today(now)


def for_activity(dbsession: Session, activity_id: int, now: dt.datetime | None = None,
                 ) -> tuple[dict[str, list[Booking]], dict[int, Slot]]:
    """The activity's bookings as its partner reads them: ``requested`` (oldest first,
    all of them: none may wait unseen), ``upcoming`` confirmed ones (soonest first),
    then ``past`` and the others (newest first, at most 100); with their slots."""
    now = now or utcnow()
    mine = select(Booking).where(Booking.activity_id == activity_id)
    waiting = list(dbsession.scalars(mine.where(Booking.state == "requested")
                                     .order_by(Booking.created_at, Booking.id)))
    others = list(dbsession.scalars(mine.where(Booking.state != "requested")
                                    .order_by(Booking.created_at.desc(), Booking.id.desc())
                                    .limit(500)))
    slots = slots_of(dbsession, waiting + others)
    groups: dict[str, list[Booking]] = {"requested": [], "upcoming": [], "past": []}
    for booking in waiting + others:
        slot = slots.get(booking.slot_id) if booking.slot_id else None
        if booking.state == "requested" and not is_past(booking, slot, now):
            groups["requested"].append(booking)
        elif booking.state == "confirmed" and not is_past(booking, slot, now):
            groups["upcoming"].append(booking)
        else:
            groups["past"].append(booking)
    groups["upcoming"].sort(key=lambda b: starts_at(b, slots))
    groups["past"].sort(key=lambda b: (b.created_at, b.id), reverse=True)
    groups["past"] = groups["past"][:100]
    return groups, slots


def search(dbsession: Session, *, state: str | None = None, activity_id: int | None = None,
           hotel_id: int | None = None, page: int = 1) -> tuple[list[Booking], int]:
    """The office's list, newest first, ``PAGE_SIZE`` a page; and how many match."""
    query = select(Booking)
    if state:
        query = query.where(Booking.state == state)
    if activity_id:
        query = query.where(Booking.activity_id == activity_id)
    if hotel_id:
        query = query.where(Booking.hotel_id == hotel_id)
    total = dbsession.scalar(select(func.count()).select_from(query.subquery()))
    rows = dbsession.scalars(query.order_by(Booking.created_at.desc(), Booking.id.desc())
                             .offset((max(page, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(rows), total or 0


def count_requested(dbsession: Session, activity_id: int | None = None) -> int:
    query = select(func.count()).select_from(Booking).where(Booking.state == "requested")
    if activity_id is not None:
        query = query.where(Booking.activity_id == activity_id)
    return dbsession.scalar(query) or 0


def requested_by_activity(dbsession: Session) -> dict[int, int]:
    return dict(dbsession.execute(
        select(Booking.activity_id, func.count()).where(Booking.state == "requested")
        .group_by(Booking.activity_id)).all())


def partners_by_id(dbsession: Session, ids: set[int | None]) -> dict[int, Partner]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {p.id: p for p in dbsession.scalars(select(Partner).where(Partner.id.in_(wanted)))}

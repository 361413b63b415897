"""Partner hotels that lend headsets: their commission rates and their devices.

A hotel is an accommodation listing (hotel, gîte, campsite) the office signed up; it
earns its default rate on every ticket it sells, unless a rate for that activity says
otherwise. Rates are typed as percentages ("10", "7,5") and kept in basis points.

A headset's kiosk address holds a secret of which only the hash is stored
(:mod:`.kiosks`): :func:`add_headset` and :func:`renew_headset` return the secret, which
the office page shows once. Removing a headset deactivates it: its views and bookings
stay attributed to its hotel.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import Partner
from lanta.services.errors import InvalidField, NotFound

from ..i18n import _
from ..models import BASIS_POINTS, Activity, Booking, Headset, Hotel, Rate
from .kiosks import new_token, token_hash

# The listings that can lend headsets to their guests.
ACCOMMODATION: tuple[str, ...] = ("hotel", "gite", "campsite")
RATE = re.compile(r"^(\d{1,3})(?:[.,](\d{1,2}))?$")
LABEL_MAX = 80
NOTE_MAX = 500


def parse_rate(text: str, *, on: str = "rate") -> int:
    """A percentage typed by a person ("10", "7,5", "7.25 %") in basis points (1000,
    750, 725); at most two decimals, from 0 to 100."""
    cleaned = (text or "").strip().removesuffix("%").strip()
    match = RATE.match(cleaned)
    if not match:
        raise InvalidField(_("Type the rate as a percentage, like 10 or 7,5."), on=on)
    whole, decimals = match.group(1), match.group(2) or ""
    basis_points = int(Decimal(f"{whole}.{decimals or '0'}") * 100)
    if basis_points > BASIS_POINTS:
        raise InvalidField(_("A rate cannot be more than 100 %."), on=on)
    return basis_points


def rate_text(basis_points: int) -> str:
    """Basis points as the percentage a person types back ("7,5", "10")."""
    whole, rest = divmod(basis_points, 100)
    return str(whole) if not rest else f"{whole},{rest:02d}".rstrip("0")


@dataclass(frozen=True)
class HotelRow:
    """One hotel of the list: its listing, its settings and what it did."""

    partner: Partner
    hotel: Hotel
    headsets: int
    bookings: int


def candidates(dbsession: Session) -> list[Partner]:
    """Published accommodation listings that are not partner hotels yet, by slug."""
    taken = select(Hotel.partner_id)
    return list(dbsession.scalars(
        select(Partner).where(Partner.category.in_(ACCOMMODATION),
                              Partner.published.is_(True), Partner.id.not_in(taken))
        .order_by(Partner.slug)))


def add_hotel(dbsession: Session, partner_id: int | None, rate_bp: int,
              note: str = "") -> Hotel:
    """Sign up a published accommodation listing as a partner hotel."""
    partner = dbsession.get(Partner, partner_id) if partner_id else None
    if partner is None or not partner.published or partner.category not in ACCOMMODATION:
        raise InvalidField(_("Choose a published hotel, gîte or campsite."), on="partner_id")
    if dbsession.get(Hotel, partner.id) is not None:
        raise InvalidField(_("This listing is already a partner hotel."), on="partner_id")
    hotel = Hotel(partner_id=partner.id, default_rate_bp=_checked_rate(rate_bp),
                  note=_checked_note(note))
    dbsession.add(hotel)
    dbsession.flush()
    return hotel


def get_hotel(dbsession: Session, partner_id: int) -> tuple[Hotel, Partner]:
    """The hotel and its listing, or NotFound."""
    hotel = dbsession.get(Hotel, partner_id)
    if hotel is None:
        raise NotFound(_("There is no partner hotel number ${id}."), id=partner_id)
    return hotel, dbsession.get(Partner, partner_id)


def overview(dbsession: Session, since: dt.datetime, until: dt.datetime) -> list[HotelRow]:
    """Every hotel with its active headsets and the bookings made on them between
    ``since`` and ``until`` (cancelled ones left out), by the listing's slug."""
    headsets = dict(dbsession.execute(
        select(Headset.hotel_id, func.count()).where(Headset.active.is_(True))
        .group_by(Headset.hotel_id)).all())
    bookings = dict(dbsession.execute(
        select(Booking.hotel_id, func.count())
        .where(Booking.hotel_id.is_not(None), Booking.state != "cancelled",
               Booking.created_at >= since, Booking.created_at < until)
        .group_by(Booking.hotel_id)).all())
    rows = dbsession.execute(select(Hotel, Partner).join(
        Partner, Partner.id == Hotel.partner_id).order_by(Partner.slug)).all()
    return [HotelRow(partner, hotel, headsets.get(hotel.partner_id, 0),
                     bookings.get(hotel.partner_id, 0)) for hotel, partner in rows]


def update_hotel(dbsession: Session, hotel: Hotel, rate_bp: int, note: str) -> None:
    """A new default rate (for bookings made from now on) and note."""
    rate_bp, note = _checked_rate(rate_bp), _checked_note(note)  # both before any change
    hotel.default_rate_bp, hotel.note = rate_bp, note
    dbsession.flush()


def activity_partners(dbsession: Session) -> list[Partner]:
    """The listings that sell an activity through the hotels, by slug."""
    return list(dbsession.scalars(select(Partner).join(
        Activity, Activity.partner_id == Partner.id).order_by(Partner.slug)))


def rates_of(dbsession: Session, hotel_id: int) -> list[tuple[Partner, Rate]]:
    """The hotel's rates for given activities, by the activity's slug."""
    return [(partner, rate) for rate, partner in dbsession.execute(
        select(Rate, Partner).join(Partner, Partner.id == Rate.activity_id)
        .where(Rate.hotel_id == hotel_id).order_by(Partner.slug)).all()]


def set_rate(dbsession: Session, hotel_id: int, activity_id: int | None,
             rate_bp: int) -> Rate:
    """The hotel's rate for one activity (replacing the one it had)."""
    if not activity_id or dbsession.get(Activity, activity_id) is None:
        raise InvalidField(_("Choose an activity partner."), on="activity_id")
    rate = dbsession.get(Rate, (hotel_id, activity_id))
    if rate is None:
        rate = Rate(hotel_id=hotel_id, activity_id=activity_id)
        dbsession.add(rate)
    rate.rate_bp = _checked_rate(rate_bp)
    dbsession.flush()
    return rate


def remove_rate(dbsession: Session, hotel_id: int, activity_id: int) -> None:
    """Back to the default rate for that activity (nothing to do when none was set)."""
    rate = dbsession.get(Rate, (hotel_id, activity_id))
    if rate is not None:
        dbsession.delete(rate)
        dbsession.flush()


def headsets_of(dbsession: Session, hotel_id: int) -> list[Headset]:
    """The hotel's active headsets, oldest first."""
    return list(dbsession.scalars(
        select(Headset).where(Headset.hotel_id == hotel_id, Headset.active.is_(True))
        .order_by(Headset.created_at, Headset.id)))


def add_headset(dbsession: Session, hotel_id: int, label: str) -> tuple[Headset, str]:
    """A new headset of the hotel and the secret of its kiosk address (returned once:
    only its hash is kept)."""
    label = (label or "").strip()
    if not label:
        raise InvalidField(_("Give the headset a name, like “Headset 1” or “Room 12”."),
                           on="label")
    if len(label) > LABEL_MAX:
        raise InvalidField(_("A headset's name is at most ${max} characters."), on="label",
                           max=LABEL_MAX)
    get_hotel(dbsession, hotel_id)
    token = new_token()
    headset = Headset(hotel_id=hotel_id, label=label, token_hash=token_hash(token))
    dbsession.add(headset)
    dbsession.flush()
    return headset, token


def get_headset(dbsession: Session, headset_id: int) -> Headset:
    """An active headset, or NotFound."""
    headset = dbsession.get(Headset, headset_id)
    if headset is None or not headset.active:
        raise NotFound(_("There is no headset number ${id}."), id=headset_id)
    return headset


def renew_headset(dbsession: Session, headset_id: int) -> tuple[Headset, str]:
    """A new kiosk address for the headset; the old one stops working at once."""
    headset = get_headset(dbsession, headset_id)
    token = new_token()
    headset.token_hash = token_hash(token)
    dbsession.flush()
    return headset, token


def remove_headset(dbsession: Session, headset_id: int) -> Headset:
    """Deactivate the headset: its address stops working, its views and bookings stay
    the hotel's."""
    headset = get_headset(dbsession, headset_id)
    headset.active = False
    dbsession.flush()
    return headset


def _checked_rate(rate_bp: int) -> int:
    if not 0 <= rate_bp <= BASIS_POINTS:
        raise InvalidField(_("A rate cannot be more than 100 %."), on="rate")
    return rate_bp


def _checked_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidField(_("The note is at most ${max} characters."), on="note",
                           max=NOTE_MAX)
    return note

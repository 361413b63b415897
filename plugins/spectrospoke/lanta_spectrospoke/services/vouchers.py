"""Vouchers: the signed token in a voucher's address and QR code, and its validation,
once, by the activity partner on the guest's arrival.

The token is ``BOOKING_ID.SIGNATURE``: an HMAC-SHA256 of the id under a key derived
from the site's secret (``lanta.secret``…) with a label of its own, so a voucher token
is never valid as anything else. A forged or altered token finds no booking.
Validation is one conditional UPDATE (``validated_at IS NULL``): two counters scanning
the same voucher at once validate it once.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re

from sqlalchemy import update
from sqlalchemy.orm import Session

from lanta.models import row_by_id, utcnow
from lanta.services.errors import Conflict, NotFound

from ..models import Booking
from .bookings import by_reference

KEY_LABEL = b"lanta_spectrospoke voucher v1"
TOKEN = re.compile(r"^(\d{1,10})\.([A-Za-z0-9_-]{22})$")


class AlreadyValidated(Conflict):
    """The voucher was validated before, at ``validated_at``."""

    def __init__(self, validated_at: dt.datetime) -> None:
        super().__init__("Already validated on ${day} at ${time}.")
        self.validated_at = validated_at


def key_from_secret(site_secret: str) -> bytes:
    """The vouchers' signing key of a site, derived from its secret."""
    if not site_secret:
        raise ValueError("the site secret is empty")
    return hmac.new(site_secret.encode(), KEY_LABEL, hashlib.sha256).digest()


def key_for(settings) -> bytes:
    """The signing key for the site whose core settings (``lanta_settings``) are given."""
    return key_from_secret(settings.secret)


def _signature(key: bytes, booking_id: int) -> str:
    mac = hmac.new(key, f"voucher:{booking_id}".encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def token_for(key: bytes, booking: Booking) -> str:
    """What the voucher's address and QR code carry."""
    return f"{booking.id}.{_signature(key, booking.id)}"


def booking_for_token(dbsession: Session, key: bytes, token: str) -> Booking | None:
    """The booking of a genuine token, else None."""
    match = TOKEN.match((token or "").strip())
    if match is None:
        return None
    booking_id, signature = int(match.group(1)), match.group(2)
    if not hmac.compare_digest(signature, _signature(key, booking_id)):
        return None
    return row_by_id(dbsession, Booking, booking_id)


def find(dbsession: Session, key: bytes, typed_or_scanned: str) -> Booking:
    """The booking of a reference typed at the counter, or of a voucher's address (or
    bare token) read from its QR code; NotFound otherwise."""
    value = (typed_or_scanned or "").strip()
    if "/vouchers/" in value:
        value = value.split("/vouchers/", 1)[1].split("/")[0].split("?")[0]
    booking = booking_for_token(dbsession, key, value) if "." in value \
        else by_reference(dbsession, value) if value else None
    if booking is None:
        raise _unknown()
    return booking


def _unknown() -> NotFound:
    return NotFound("No booking has this reference. Check the letters on the voucher.")


def validate(dbsession: Session, booking: Booking, by_user_id: int | None,
             partner_id: int, now: dt.datetime | None = None) -> Booking:
    """Mark the voucher used, once; only by the booking's activity partner and only for
    a confirmed booking. Another activity's voucher is answered like an unknown one, so
    that a partner learns nothing of the others' bookings."""
    if booking.activity_id != partner_id:
        raise _unknown()
    if booking.state != "confirmed":
        raise Conflict("This booking is not confirmed: the voucher is not valid.")
    done = dbsession.execute(
        update(Booking).where(Booking.id == booking.id, Booking.state == "confirmed",
                              Booking.validated_at.is_(None))
        .values(validated_at=now or utcnow(), validated_by=by_user_id)
        .execution_options(synchronize_session=False)).rowcount
    dbsession.refresh(booking)
    if not done:
        if booking.validated_at is not None:
            raise AlreadyValidated(booking.validated_at)
        raise Conflict("This booking is not confirmed: the voucher is not valid.")
    return booking

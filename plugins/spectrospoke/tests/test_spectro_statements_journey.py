"""A month's statement made by the real services end to end: bookings made on a hotel's
headset, confirmed or declined by the activity, validated (or not) on arrival; then the
hotel's rate changes, and the statement stays as it was."""
from __future__ import annotations

import datetime as dt

from lanta import reporting
from lanta_spectrospoke.models import Hotel, Rate, Slot
from lanta_spectrospoke.services import bookings, vouchers
from lanta_spectrospoke.services.statements import statement

PARIS = reporting.OFFICE_TZ
JULY = reporting.period(dt.date(2027, 7, 1), dt.date(2027, 7, 31))
BEFORE = dt.datetime(2027, 6, 20, 9, 0, tzinfo=dt.timezone.utc)
ON_THE_DAY = dt.datetime(2027, 7, 14, 7, 45, tzinfo=dt.timezone.utc)


def test_the_statement_adds_up_what_the_services_recorded(dbsession, activity, hotel, headset,
                                                        clip, users):
    device, _token = headset
    dbsession.add(Rate(hotel_id=hotel.id, activity_id=activity.id, rate_bp=1250))
    slot = Slot(partner_id=activity.id, capacity=10, booked=0,
                starts_at=dt.datetime(2027, 7, 14, 10, 0, tzinfo=PARIS))
    dbsession.add(slot)
    dbsession.flush()
    partner_user = users["partner"].id

    def book(participants: int, request_id: str):
        return bookings.book(dbsession, clip=clip, activity_id=activity.id, slot_id=slot.id,
                             participants=participants, contact_name="Famille Martin",
                             contact_email="martin@example.org", headset=device,
                             request_id=request_id, now=BEFORE)

    came = book(3, "a" * 32)          # 3 × 35 € = 105 €, 12.5 % → 13.125 € → 13.13 €
    no_show = book(2, "b" * 32)       # confirmed, never validated
    refused = book(1, "c" * 32)       # declined by the activity
    for booking in (came, no_show):
        bookings.confirm(dbsession, booking, partner_user, now=BEFORE)
    bookings.decline(dbsession, refused, partner_user, "Rivière trop haute", now=BEFORE)
    vouchers.validate(dbsession, came, partner_user, activity.id, now=ON_THE_DAY)
    assert (came.hotel_id, came.amount_cents, came.commission_cents) == (hotel.id, 10500, 1313)

    first = statement(dbsession, JULY)
    # The hotel's rates change after the month: the statement keeps what was booked.
    dbsession.get(Hotel, hotel.id).default_rate_bp = 2000
    dbsession.get(Rate, (hotel.id, activity.id)).rate_bp = 3000
    dbsession.flush()
    again = statement(dbsession, JULY)

    for shown in (first, again):
        assert (shown.total.bookings, shown.total.participants, shown.total.amount_cents,
                shown.total.commission_cents) == (1, 3, 10500, 1313)
        [for_hotel] = shown.hotels
        assert (for_hotel.id, for_hotel.commission_cents) == (hotel.id, 1313)
        [for_activity] = shown.activities
        assert (for_activity.id, for_activity.commission_cents) == (activity.id, 1313)
        assert [line.reference for line in shown.validated] == [came.reference]
        assert [line.reference for line in shown.not_validated] == [no_show.reference]
    assert dbsession.get(Slot, slot.id).booked == 5  # the declined place went back

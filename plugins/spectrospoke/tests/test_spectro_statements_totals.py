"""Commission statements: which bookings count (confirmed, validated on arrival, activity
day in the month in Paris time) and their totals, taken from each booking's snapshot."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from spectro_testing import make_partner
from lanta import reporting
from lanta_spectrospoke.models import Activity, Booking, Hotel, Rate, Slot
from lanta_spectrospoke.services import hotels as hotels_service
from lanta_spectrospoke.services.bookings import commission_cents, commission_rate
from lanta_spectrospoke.services.statements import statement

UTC = dt.timezone.utc
JULY = reporting.period(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
ARRIVED = dt.datetime(2026, 7, 10, 9, 0, tzinfo=UTC)
_numbers = itertools.count(1)


def book(dbsession, activity, hotel, *, participants=2, unit=3500, slot=None, day=None,
         state="confirmed", validated=True):
    """A booking as the booking service leaves it: price and rate of its day kept."""
    rate = commission_rate(dbsession, hotel.id if hotel else None, activity.id)
    amount = unit * participants
    booking = Booking(
        reference=f"SPK-T{next(_numbers):05d}", activity_id=activity.id,
        hotel_id=hotel.id if hotel else None, slot_id=slot.id if slot else None,
        day=day, participants=participants, contact_name="Guest", state=state,
        unit_price_cents=unit, amount_cents=amount, commission_rate_bp=rate,
        commission_cents=commission_cents(amount, rate),
        validated_at=ARRIVED if validated else None)
    dbsession.add(booking)
    dbsession.flush()
    return booking


def slot_at(dbsession, activity, moment: dt.datetime):
    slot = Slot(partner_id=activity.id, starts_at=moment, capacity=20, booked=0)
    dbsession.add(slot)
    dbsession.flush()
    return slot


@pytest.fixture
def canyoning(dbsession):
    partner = make_partner(dbsession, "canyons-test", "activity", "Canyons")
    dbsession.add(Activity(partner_id=partner.id, price_cents=5000))
    dbsession.flush()
    return partner


@pytest.fixture
def gite(dbsession):
    partner = make_partner(dbsession, "gite-test", "gite", "Gîte du Berger")
    dbsession.add(Hotel(partner_id=partner.id, default_rate_bp=750))
    dbsession.flush()
    return partner


def test_totals_add_the_validated_bookings_per_hotel_and_per_activity(
        dbsession, activity, canyoning, hotel, gite):
    dbsession.add(Rate(hotel_id=hotel.id, activity_id=canyoning.id, rate_bp=1500))
    dbsession.flush()
    book(dbsession, activity, hotel, day=dt.date(2026, 7, 3))              # 70 € at 10 %
    book(dbsession, activity, hotel, participants=3, day=dt.date(2026, 7, 4))  # 105 €
    book(dbsession, canyoning, hotel, unit=5000, day=dt.date(2026, 7, 5))  # 100 € at 15 %
    # 35 € at 7,5 %: 2,625 €, rounded half up.
    book(dbsession, activity, gite, participants=1, day=dt.date(2026, 7, 6))

    result = statement(dbsession, JULY)

    by_hotel = {t.id: t for t in result.hotels}
    assert (by_hotel[hotel.id].amount_cents, by_hotel[hotel.id].commission_cents) == (
        27500, 700 + 1050 + 1500)
    assert by_hotel[hotel.id].parts[canyoning.id].commission_cents == 1500
    assert (by_hotel[gite.id].amount_cents, by_hotel[gite.id].commission_cents) == (3500, 263)
    by_activity = {t.id: t for t in result.activities}
    assert by_activity[activity.id].commission_cents == 700 + 1050 + 263
    assert by_activity[activity.id].parts[gite.id].commission_cents == 263
    assert by_activity[canyoning.id].bookings == 1
    assert (result.total.bookings, result.total.amount_cents,
            result.total.commission_cents) == (4, 31000, 3513)


def test_a_rate_changed_after_booking_leaves_the_statement_alone(
        dbsession, activity, hotel):
    book(dbsession, activity, hotel, day=dt.date(2026, 7, 3))
    hotels_service.update_hotel(dbsession, dbsession.get(Hotel, hotel.id), 2500, "")
    hotels_service.set_rate(dbsession, hotel.id, activity.id, 3000)

    result = statement(dbsession, JULY)

    assert result.total.commission_cents == 700
    assert [line.rate_bp for line in result.lines] == [1000]


def test_confirmed_but_not_validated_is_listed_apart_and_not_counted(
        dbsession, activity, hotel):
    counted = book(dbsession, activity, hotel, day=dt.date(2026, 7, 3))
    waiting = book(dbsession, activity, hotel, day=dt.date(2026, 7, 4), validated=False)

    result = statement(dbsession, JULY)

    assert [line.reference for line in result.validated] == [counted.reference]
    assert [line.reference for line in result.not_validated] == [waiting.reference]
    assert result.total.commission_cents == 700
    assert result.hotels[0].bookings == 1


def test_requested_declined_cancelled_and_office_bookings_are_left_out(
        dbsession, activity, hotel):
    for state in ("requested", "declined", "cancelled"):
        book(dbsession, activity, hotel, day=dt.date(2026, 7, 3), state=state)
    book(dbsession, activity, None, day=dt.date(2026, 7, 3))

    assert statement(dbsession, JULY).lines == []


def test_the_month_is_read_in_paris_time(dbsession, activity, hotel):
    # 22:30 UTC on 30 June is 00:30 on 1 July in Paris (summer time): July's.
    first_of_july = book(dbsession, activity, hotel, slot=slot_at(
        dbsession, activity, dt.datetime(2026, 6, 30, 22, 30, tzinfo=UTC)))
    # 22:30 UTC on 31 July is 00:30 on 1 August in Paris: August's.
    first_of_august = book(dbsession, activity, hotel, slot=slot_at(
        dbsession, activity, dt.datetime(2026, 7, 31, 22, 30, tzinfo=UTC)))
    last_of_july = book(dbsession, activity, hotel, day=dt.date(2026, 7, 31))
    book(dbsession, activity, hotel, day=dt.date(2026, 6, 30))

    july = statement(dbsession, JULY)
    august = statement(dbsession, reporting.period(dt.date(2026, 8, 1), dt.date(2026, 8, 31)))

    assert [line.reference for line in july.lines] == [first_of_july.reference,
                                                       last_of_july.reference]
    assert july.lines[0].day == dt.date(2026, 7, 1)
    assert [line.reference for line in august.lines] == [first_of_august.reference]


def test_one_hotel_or_one_activity_sees_only_its_bookings(
        dbsession, activity, canyoning, hotel, gite):
    mine = book(dbsession, activity, hotel, day=dt.date(2026, 7, 3))
    book(dbsession, canyoning, gite, day=dt.date(2026, 7, 3))

    assert [line.reference for line in statement(dbsession, JULY, hotel_id=hotel.id).lines] \
        == [mine.reference]
    of_activity = statement(dbsession, JULY, activity_id=activity.id)
    assert [t.id for t in of_activity.activities] == [activity.id]
    assert [t.id for t in of_activity.hotels] == [hotel.id]

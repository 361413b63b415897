"""Booking, slots and vouchers as services: attribution to the kiosk's hotel, the price
and commission of the day, capacity, idempotent requests, decisions (whole sentences
when refused, no race with the voucher's validation), slots that keep their bookings'
time, and the voucher validated once."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pyramid.i18n import make_localizer
from sqlalchemy import func, select, update

import lanta_spectrospoke
from lanta.services.errors import Conflict, InvalidField, NotFound
from lanta_spectrospoke.i18n import _
from lanta_spectrospoke.models import Activity, Booking, Rate, Slot
from lanta_spectrospoke.services import bookings, slots, vouchers
from lanta_spectrospoke.services.clock import OFFICE_TZ

from spectro_testing import make_partner

KEY = vouchers.key_from_secret("a-test-secret")
LOCALE = Path(lanta_spectrospoke.__file__).parent / "locale"


@pytest.fixture
def slot(dbsession, activity) -> Slot:
    """Next week at 10:00 office time, 4 places."""
    day = slots.office_today() + dt.timedelta(days=7)
    return slots.add_slot(dbsession, activity.id, capacity=4,
                          starts_local=dt.datetime.combine(day, dt.time(10, 0)))


def book(dbsession, clip, activity, slot=None, headset=None, participants=2, **extra):
    values = {"contact_name": "Anne Martin", "contact_email": "anne@example.org",
              "request_id": None, "language": "en"}
    values.update(extra)
    return bookings.book(dbsession, clip=clip, activity_id=activity.id,
                         slot_id=slot.id if slot is not None else None,
                         day=values.pop("day", None), participants=participants,
                         headset=headset, **values)


def test_booking_is_attributed_to_the_kiosks_hotel_and_headset(dbsession, clip, activity,
                                                                  slot, headset, hotel):
    device, _token = headset
    booking = book(dbsession, clip, activity, slot, device, participants=3)
    assert (booking.hotel_id, booking.headset_id, booking.clip_id) == (
        hotel.id, device.id, clip.id)
    assert booking.state == "requested"
    assert booking.reference.startswith("SPK-") and len(booking.reference) == 10
    assert set(booking.reference[4:]) <= set(bookings.REFERENCE_ALPHABET)
    assert dbsession.get(Slot, slot.id).booked == 3


def test_booking_keeps_the_price_and_the_hotels_default_rate(dbsession, clip, activity,
                                                               slot, headset):
    booking = book(dbsession, clip, activity, slot, headset[0], participants=3)
    # 3 × 35 € at 10 %.
    assert (booking.unit_price_cents, booking.amount_cents) == (3500, 10500)
    assert (booking.commission_rate_bp, booking.commission_cents) == (1000, 1050)


def test_a_rate_for_the_activity_beats_the_default(dbsession, clip, activity, slot,
                                                   headset, hotel):
    dbsession.add(Rate(hotel_id=hotel.id, activity_id=activity.id, rate_bp=1250))
    slot.price_cents = 3333
    dbsession.flush()
    booking = book(dbsession, clip, activity, slot, headset[0], participants=1)
    # The slot's own price; 12.5 % of 33.33 € is 416.625 cents, rounded half up.
    assert (booking.unit_price_cents, booking.commission_rate_bp,
            booking.commission_cents) == (3333, 1250, 417)


def test_a_booking_by_the_office_earns_no_commission(dbsession, clip, activity, slot):
    booking = book(dbsession, clip, activity, slot)
    assert (booking.hotel_id, booking.commission_rate_bp, booking.commission_cents) == (
        None, 0, 0)


def test_commission_rounds_half_up():
    assert bookings.commission_cents(5, 1000) == 1  # 0.5 cent
    assert bookings.commission_cents(4, 1000) == 0
    assert bookings.commission_cents(10500, 1000) == 1050


def test_the_same_request_id_books_once(dbsession, clip, activity, slot, headset):
    values = {"clip": clip, "activity_id": activity.id, "slot_id": slot.id,
              "participants": 2, "contact_name": "Anne Martin", "contact_phone": "0559000000",
              "headset": headset[0], "request_id": "form-123456789"}
    first, created = bookings.book_once(dbsession, **values)
    again, created_again = bookings.book_once(dbsession, **values)
    assert again.id == first.id and (created, created_again) == (True, False)
    assert dbsession.get(Slot, slot.id).booked == 2
    assert len(dbsession.scalars(select(Booking)).all()) == 1


def test_too_many_participants_for_the_places_left(dbsession, clip, activity, slot):
    book(dbsession, clip, activity, slot, participants=3)
    with pytest.raises(Conflict) as refused:
        book(dbsession, clip, activity, slot, participants=2)
    assert refused.value.message == "Only one place is left on this slot."
    book(dbsession, clip, activity, slot, participants=1)
    with pytest.raises(Conflict) as full:
        book(dbsession, clip, activity, slot, participants=1)
    assert full.value.message == "This slot is full. Choose another one."
    assert dbsession.get(Slot, slot.id).booked == 4
    assert len(dbsession.scalars(select(Booking)).all()) == 2


@pytest.mark.parametrize("values, field", [
    ({"participants": 0}, "participants"),
    ({"participants": 51}, "participants"),
    ({"contact_name": "  "}, "contact_name"),
    ({"contact_email": "", "contact_phone": ""}, "contact_email"),
    ({"contact_email": "not-an-address"}, "contact_email"),
])
def test_refused_values_store_nothing(dbsession, clip, activity, slot, values, field):
    with pytest.raises(InvalidField) as refused:
        book(dbsession, clip, activity, slot, **values)
    assert refused.value.on == field
    assert dbsession.scalars(select(Booking)).all() == []
    assert dbsession.get(Slot, slot.id).booked == 0


def test_a_slot_of_another_activity_or_past_is_refused(dbsession, clip, activity):
    other = make_partner(dbsession, "canyon", "activity", "Canyon")
    dbsession.add(Activity(partner_id=other.id, price_cents=1000))
    foreign = Slot(partner_id=other.id, capacity=5, booked=0,
                   starts_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2))
    past = Slot(partner_id=activity.id, capacity=5, booked=0,
                starts_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1))
    dbsession.add_all([foreign, past])
    dbsession.flush()
    for wrong in (foreign, past):
        with pytest.raises(InvalidField) as refused:
            book(dbsession, clip, activity, wrong)
        assert refused.value.on == "slot"


def test_a_slot_at_the_hour_the_clocks_skip_is_refused(dbsession, activity):
    spring_night = dt.datetime(2027, 3, 28, 2, 30)  # Europe/Paris goes from 2:00 to 3:00
    before = dbsession.scalar(select(func.count()).select_from(Slot))
    with pytest.raises(InvalidField) as refused:
        slots.add_slot(dbsession, activity.id, starts_local=spring_night, capacity=4,
                       now=dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc))
    assert refused.value.on == "starts_at" and "clocks go forward" in refused.value.message
    assert dbsession.scalar(select(func.count()).select_from(Slot)) == before
    slot = slots.add_slot(dbsession, activity.id, starts_local=spring_night.replace(hour=3),
                          capacity=4, now=dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc))
    assert slot.starts_at == dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.timezone.utc)  # 3:30 CEST


def test_a_day_when_the_activity_accepts_days(dbsession, clip, activity):
    day = slots.office_today() + dt.timedelta(days=3)
    booking = book(dbsession, clip, activity, day=day, participants=2)
    assert (booking.slot_id, booking.day, booking.amount_cents) == (None, day, 7000)
    with pytest.raises(InvalidField):
        book(dbsession, clip, activity, day=slots.office_today())
    dbsession.get(Activity, activity.id).accepts_days = False
    with pytest.raises(InvalidField) as refused:
        book(dbsession, clip, activity, day=day)
    assert refused.value.on == "slot"


def test_decline_needs_a_reason_and_gives_the_places_back(dbsession, clip, activity, slot,
                                                          users):
    booking = book(dbsession, clip, activity, slot, participants=3)
    with pytest.raises(InvalidField):
        bookings.decline(dbsession, booking, users["partner"].id, "  ")
    assert booking.state == "requested"
    bookings.decline(dbsession, booking, users["partner"].id, "The river is too high.")
    assert (booking.state, booking.decline_reason) == ("declined", "The river is too high.")
    assert dbsession.get(Slot, slot.id).booked == 0
    with pytest.raises(Conflict):
        bookings.confirm(dbsession, booking, users["partner"].id)


def test_confirm_twice_is_refused(dbsession, clip, activity, slot, users):
    booking = book(dbsession, clip, activity, slot)
    bookings.confirm(dbsession, booking, users["partner"].id)
    assert booking.state == "confirmed" and booking.decided_by == users["partner"].id
    with pytest.raises(Conflict) as refused:
        bookings.confirm(dbsession, booking, users["partner"].id)
    assert refused.value.status == 409
    assert dbsession.get(Slot, slot.id).booked == 2


def test_cancel_releases_places_but_not_after_use(dbsession, clip, activity, slot, users):
    kept = book(dbsession, clip, activity, slot, participants=1)
    bookings.confirm(dbsession, kept, None)
    vouchers.validate(dbsession, kept, None, activity.id)
    with pytest.raises(Conflict):
        bookings.cancel(dbsession, kept, users["staff"].id)
    dropped = book(dbsession, clip, activity, slot, participants=2)
    bookings.cancel(dbsession, dropped, users["staff"].id, "Called the office")
    assert dropped.state == "cancelled"
    assert dbsession.get(Slot, slot.id).booked == 1


def test_a_slot_cannot_shrink_below_its_bookings_nor_go(dbsession, clip, activity, slot):
    book(dbsession, clip, activity, slot, participants=3)
    starts = slot.starts_at.astimezone(OFFICE_TZ).replace(tzinfo=None)
    with pytest.raises(InvalidField) as refused:
        slots.edit_slot(dbsession, slot, starts_local=starts, capacity=2)
    assert refused.value.mapping == {"count": 3}
    assert dbsession.get(Slot, slot.id).capacity == 4
    slots.edit_slot(dbsession, slot, starts_local=starts, capacity=3, note="Full day")
    assert (slot.capacity, slot.note) == (3, "Full day")
    with pytest.raises(Conflict):
        slots.remove_slot(dbsession, slot)


def test_a_booked_slot_keeps_its_start(dbsession, clip, activity, slot):
    starts = slot.starts_at.astimezone(OFFICE_TZ).replace(tzinfo=None)
    later = starts + dt.timedelta(hours=2)
    empty = slots.add_slot(dbsession, activity.id, capacity=4, starts_local=starts)
    slots.edit_slot(dbsession, empty, starts_local=later, capacity=4)
    assert empty.starts_at == slots.from_office_time(later)
    book(dbsession, clip, activity, slot, participants=1)
    with pytest.raises(InvalidField) as refused:
        slots.edit_slot(dbsession, slot, starts_local=later, capacity=6)
    assert refused.value.on == "starts_at"
    assert "cancel its bookings first" in refused.value.message
    assert (slot.starts_at, slot.capacity) == (slots.from_office_time(starts), 4)
    slots.edit_slot(dbsession, slot, starts_local=starts, capacity=6)  # same start: fine
    assert slot.capacity == 6


def test_a_slot_booked_meanwhile_is_not_removed(dbsession, activity, slot):
    # Another request took a place since this one read the slot.
    dbsession.execute(update(Slot).where(Slot.id == slot.id).values(booked=1)
                      .execution_options(synchronize_session=False))
    assert slot.booked == 0
    with pytest.raises(Conflict) as refused:
        slots.remove_slot(dbsession, slot)
    assert refused.value.message.startswith("This slot has bookings")
    assert dbsession.get(Slot, slot.id) is not None


def test_an_empty_slot_is_removed(dbsession, activity, slot):
    slot_id = slot.id
    slots.remove_slot(dbsession, slot)
    assert dbsession.scalars(select(Slot).where(Slot.id == slot_id)).all() == []


def test_a_voucher_validated_meanwhile_is_not_cancelled(dbsession, clip, activity, slot,
                                                        users):
    booking = book(dbsession, clip, activity, slot)
    bookings.confirm(dbsession, booking, users["partner"].id)
    # The partner's counter validates it while the office's page is open.
    dbsession.execute(update(Booking).where(Booking.id == booking.id)
                      .values(validated_at=dt.datetime.now(dt.timezone.utc))
                      .execution_options(synchronize_session=False))
    assert booking.validated_at is None
    with pytest.raises(Conflict) as refused:
        bookings.cancel(dbsession, booking, users["staff"].id)
    assert refused.value.status == 409
    assert refused.value.message == (
        "This booking's voucher was already used: it cannot be cancelled.")
    assert booking.state == "confirmed" and dbsession.get(Slot, slot.id).booked == 2


def test_a_booking_whose_time_has_passed_is_not_confirmed(dbsession, clip, activity, slot,
                                                           users):
    booking = book(dbsession, clip, activity, slot)
    with pytest.raises(Conflict) as refused:
        bookings.confirm(dbsession, booking, users["partner"].id,
                         now=slot.starts_at + dt.timedelta(minutes=5))
    assert "has passed" in refused.value.message and booking.state == "requested"
    day = slots.office_today() + dt.timedelta(days=2)
    asked = book(dbsession, clip, activity, day=day)
    with pytest.raises(Conflict):
        bookings.confirm(dbsession, asked, users["partner"].id,
                         now=slots.from_office_time(dt.datetime.combine(
                             day + dt.timedelta(days=1), dt.time(9))))
    bookings.confirm(dbsession, asked, users["partner"].id)
    assert asked.state == "confirmed"


@pytest.mark.parametrize("decided, doing, expected", [
    ("declined", "confirm", "This booking was declined: it cannot be confirmed."),
    ("confirmed", "decline", "This booking is already confirmed: it cannot be declined. "
                             "Ask the office to cancel it."),
    ("cancelled", "cancel", "This booking is already cancelled."),
])
def test_a_refused_decision_says_a_whole_sentence(dbsession, clip, activity, slot, users,
                                                  decided, doing, expected):
    booking = book(dbsession, clip, activity, slot)
    {"declined": lambda: bookings.decline(dbsession, booking, None, "Closed"),
     "confirmed": lambda: bookings.confirm(dbsession, booking, None),
     "cancelled": lambda: bookings.cancel(dbsession, booking, None)}[decided]()
    with pytest.raises(Conflict) as refused:
        {"confirm": lambda: bookings.confirm(dbsession, booking, None),
         "decline": lambda: bookings.decline(dbsession, booking, None, "Full"),
         "cancel": lambda: bookings.cancel(dbsession, booking, None)}[doing]()
    assert refused.value.message == expected and not refused.value.mapping


def test_a_refused_decision_reads_in_french():
    """One sentence, no English state name inside: the translator sees it whole."""
    localizer = make_localizer("fr", [str(LOCALE)])
    booking = Booking(state="declined")
    message = bookings._wrong_state(booking, "confirm").message
    french = localizer.translate(_(message))
    assert french != message
    assert "declined" not in french and "réservation" in french


def test_requested_bookings_never_drop_off_the_partners_list(dbsession, activity):
    long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=300)
    base = {"activity_id": activity.id, "participants": 1, "contact_name": "Guest",
            "language": "fr", "unit_price_cents": 3500, "amount_cents": 3500,
            "commission_rate_bp": 0, "commission_cents": 0}
    day = slots.office_today() + dt.timedelta(days=30)
    waiting = Booking(reference="SPK-WAIT22", state="requested", day=day,
                      created_at=long_ago, **base)
    dbsession.add(waiting)
    dbsession.flush()
    dbsession.execute(Booking.__table__.insert(), [
        {**base, "reference": f"SPK-{n:06d}", "state": "declined", "day": day,
         "created_at": long_ago + dt.timedelta(days=1, minutes=n)} for n in range(510)])
    groups, _slots = bookings.for_activity(dbsession, activity.id)
    assert [b.reference for b in groups["requested"]] == ["SPK-WAIT22"]
    assert len(groups["past"]) == 100


def test_upcoming_slots_with_free_places_only(dbsession, activity, slot):
    full = slots.add_slot(dbsession, activity.id, capacity=1,
                          starts_local=dt.datetime.combine(
                              slots.office_today() + dt.timedelta(days=2), dt.time(9)))
    full.booked = 1
    dbsession.flush()
    assert slots.slots(dbsession, activity.id, only_free=True) == [slot]
    assert slots.slots(dbsession, activity.id) == [full, slot]


def test_activity_settings_created_on_first_save(dbsession):
    partner = make_partner(dbsession, "parapente", "activity", "Parapente")
    assert bookings.activity_of(dbsession, partner.id) is None
    saved = slots.save_activity(dbsession, partner.id, price_cents=9000, accepts_days=False,
                                notify_email="vol@parapente.example")
    assert (saved.price_cents, saved.accepts_days) == (9000, False)
    with pytest.raises(InvalidField):
        slots.save_activity(dbsession, partner.id, price_cents=100, accepts_days=True,
                            notify_email="nope")


# --- vouchers ---------------------------------------------------------------------------------


def test_voucher_token_round_trip_and_forgery(dbsession, clip, activity, slot):
    booking = book(dbsession, clip, activity, slot)
    token = vouchers.token_for(KEY, booking)
    assert vouchers.booking_for_token(dbsession, KEY, token) is booking
    number, signature = token.split(".")
    other_id = f"{int(number) + 1}.{signature}"
    assert vouchers.booking_for_token(dbsession, KEY, other_id) is None
    assert vouchers.booking_for_token(
        dbsession, vouchers.key_from_secret("another-site"), token) is None
    assert vouchers.booking_for_token(dbsession, KEY, "nonsense") is None


def test_voucher_found_by_reference_typed_or_address_scanned(dbsession, clip, activity,
                                                             slot):
    booking = book(dbsession, clip, activity, slot)
    typed = booking.reference[4:].lower()
    assert vouchers.find(dbsession, KEY, typed) is booking
    url = f"https://office.example/spectrospoke/vouchers/{vouchers.token_for(KEY, booking)}"
    assert vouchers.find(dbsession, KEY, url) is booking


def test_voucher_validated_once_only(dbsession, clip, activity, slot, users):
    booking = book(dbsession, clip, activity, slot)
    with pytest.raises(Conflict):  # not confirmed yet
        vouchers.validate(dbsession, booking, users["partner"].id, activity.id)
    bookings.confirm(dbsession, booking, users["partner"].id)
    other = make_partner(dbsession, "accrobranche", "activity", "Accrobranche")
    with pytest.raises(NotFound) as refused:
        vouchers.validate(dbsession, booking, users["partner"].id, other.id)
    # Said as of an unknown reference: another activity's bookings are not its business.
    assert refused.value.message == (
        "No booking has this reference. Check the letters on the voucher.")
    assert refused.value.status == 404 and booking.validated_at is None
    vouchers.validate(dbsession, booking, users["partner"].id, activity.id)
    first = booking.validated_at
    assert first is not None and booking.validated_by == users["partner"].id
    with pytest.raises(vouchers.AlreadyValidated) as again:
        vouchers.validate(dbsession, booking, users["partner"].id, activity.id)
    assert again.value.status == 409 and again.value.validated_at == first
    assert booking.validated_at == first


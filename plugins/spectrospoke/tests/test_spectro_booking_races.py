"""Two guests booking the last place of a slot at once, from two sessions in two
threads on a committed database: exactly one booking is made and the slot is exactly
full, on SQLite (one writer at a time) and on PostgreSQL (row locks; the race is made
certain by waiting until the second writer is blocked by the first)."""
from __future__ import annotations

import datetime as dt
import secrets
import threading

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lanta.models import Partner, writing
from lanta.services import partners as partners_service
from lanta.services.errors import Conflict
from lanta_spectrospoke.models import Activity, Booking, Slot
from lanta_spectrospoke.services import bookings


@pytest.fixture
def last_place(engine):
    """A committed activity with a slot of 3 places, 2 of them already booked."""
    with Session(engine) as setup:
        partner = partners_service.create(setup, {
            "slug": f"raft-{secrets.token_hex(4)}", "category": "activity",
            "name": {"fr": "Raft"}, "lat": 43.3, "lon": -0.37})
        setup.flush()
        setup.add(Activity(partner_id=partner.id, price_cents=3000))
        slot = Slot(partner_id=partner.id, capacity=3, booked=2,
                    starts_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3))
        setup.add(slot)
        setup.commit()
        ids = {"activity": partner.id, "slot": slot.id}
    yield ids
    with Session(engine) as cleanup:
        cleanup.execute(delete(Booking).where(Booking.activity_id == ids["activity"]))
        cleanup.execute(delete(Slot).where(Slot.id == ids["slot"]))
        cleanup.execute(delete(Activity).where(Activity.partner_id == ids["activity"]))
        cleanup.execute(delete(Partner).where(Partner.id == ids["activity"]))
        cleanup.commit()


def book_last_place(dbsession, ids, name: str):
    return bookings.book(dbsession, clip=None, activity_id=ids["activity"],
                         slot_id=ids["slot"], participants=1, contact_name=name,
                         contact_phone="+33 5 59 00 00 00",
                         request_id=f"race-{secrets.token_hex(8)}")


def test_two_bookings_of_the_last_place_at_once_one_wins(engine, db_backend, last_place,
                                                          request):
    outcome: list = []

    def second() -> None:
        with writing(), Session(engine) as other:
            try:
                outcome.append(book_last_place(other, last_place, "Second guest").id)
                other.commit()
            except Conflict as exc:
                outcome.append(exc)
                other.rollback()

    with writing():  # on SQLite: BEGIN IMMEDIATE, the write lock until commit
        first = Session(engine)
        try:
            won = book_last_place(first, last_place, "First guest").id
            if db_backend == "postgresql":
                # The slot's row stays locked until commit: the second waits on it.
                thread = request.getfixturevalue("run_blocked_by")(first, second)
            else:
                thread = threading.Thread(target=second)
                thread.start()
            first.commit()
            thread.join()
        finally:
            first.close()
    assert isinstance(outcome[0], Conflict)
    assert outcome[0].message == "This slot is full. Choose another one."
    with Session(engine) as check:
        assert check.get(Slot, last_place["slot"]).booked == 3
        made = check.scalars(select(Booking).where(
            Booking.activity_id == last_place["activity"])).all()
        assert [b.id for b in made] == [won]


def test_the_same_form_sent_twice_at_once_books_once(engine, db_backend, last_place,
                                                     request):
    """A double tap: the same ``request_id`` from two requests at once gives one
    booking, the second request answered with it."""
    request_id = f"double-{secrets.token_hex(8)}"
    outcome: list = []

    def book_it(dbsession):
        return bookings.book_once(dbsession, clip=None, activity_id=last_place["activity"],
                             slot_id=last_place["slot"], participants=1,
                             contact_name="Same guest", contact_phone="0559000000",
                             request_id=request_id)

    def second() -> None:
        with writing(), Session(engine) as other:
            booking, created = book_it(other)
            outcome.append((booking.id, created))
            other.commit()

    with writing():
        first = Session(engine)
        try:
            booking, created = book_it(first)
            won = booking.id
            assert created
            if db_backend == "postgresql":
                # The second insert waits on the unique index entry of the first.
                thread = request.getfixturevalue("run_blocked_by")(first, second)
            else:
                thread = threading.Thread(target=second)
                thread.start()
            first.commit()
            thread.join()
        finally:
            first.close()
    # Only the first request made it, so only the first sends the mails.
    assert outcome == [(won, False)]
    with Session(engine) as check:
        assert check.get(Slot, last_place["slot"]).booked == 3

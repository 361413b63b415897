"""The pages built on the booking rules: the office's cancellation mailed to the guest
and the activity, the activity partner's pages for activity listings only (the office
may still enable another), and refused slot and settings forms shown again as sent."""
from __future__ import annotations

import pytest

from lanta.services import partner_changes
from lanta.testing import mail_text
from lanta_spectrospoke.models import Activity, Slot
from lanta_spectrospoke.services import bookings

from test_spectro_booking_service import book, slot  # noqa: F401 (a fixture)

@pytest.fixture
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"
    return testapp


def test_an_office_cancellation_is_mailed_to_the_guest_and_the_activity(
        english, login, dbsession, clip, activity, slot, outbox, spectro_on):
    booking = book(dbsession, clip, activity, slot)
    bookings.confirm(dbsession, booking, None)
    outbox.new()
    page = login("staff").get(f"/admin/spectrospoke/bookings/{booking.reference}")
    form = page.forms["cancel-form"]
    form["reason"] = "The river is closed by the prefecture."
    form.submit(status=303)
    assert booking.state == "cancelled"
    mails = {mail["To"]: mail for mail in outbox.new()}
    assert set(mails) == {"anne@example.org", "resa@eaux-vives.example"}
    guest, partner = mails["anne@example.org"], mails["resa@eaux-vives.example"]
    # The guest booked in English; the activity reads the site's first language.
    assert guest["Subject"] == f"Your booking {booking.reference} is cancelled"
    assert "The river is closed by the prefecture." in mail_text(guest)
    assert booking.reference in partner["Subject"]
    assert f"/partner/eaux-vives/spectrospoke/bookings/{booking.reference}" in \
        mail_text(partner)


def test_a_hotels_account_cannot_turn_its_listing_into_an_activity(
        english, login, dbsession, users, hotel, spectro_on):
    partner_changes.set_members(dbsession, hotel, [users["partner"]])
    app = login("partner")
    token = app.get("/partner/").html.select_one('input[name="csrf_token"]')["value"]
    for page in ("bookings", "slots", "validate"):
        app.get(f"/partner/{hotel.slug}/spectrospoke/{page}", status=404)
    app.post(f"/partner/{hotel.slug}/spectrospoke/slots", {
        "csrf_token": token, "action": "settings", "price": "10"}, status=404)
    assert bookings.activity_of(dbsession, hotel.id) is None


def test_the_office_may_still_enable_another_listing(english, login, dbsession, hotel,
                                                     spectro_on):
    page = login("staff").get(f"/admin/spectrospoke/activities/{hotel.id}")
    form = page.forms["settings-form"]
    form["price"] = "12,50"
    form.submit(status=303)
    assert bookings.activity_of(dbsession, hotel.id).price_cents == 1250


def test_a_refused_slot_edit_shows_what_was_typed(english, login, dbsession, users,
                                                  activity, slot, spectro_on):
    partner_changes.set_members(dbsession, activity, [users["partner"]])
    app = login("partner")
    page = app.get("/partner/eaux-vives/spectrospoke/slots")
    row = next(form for key, form in page.forms.items() if isinstance(key, int)
               and "slot_id" in form.fields and form["slot_id"].value == str(slot.id))
    row["time"] = "15:45"
    row["capacity"] = "0"
    row["note"] = "Bring your own shoes"
    refused = row.submit("action", value="edit", status=400)
    shown = refused.html.select_one(f"#slot-{slot.id}")
    assert "between 1 and 500" in shown.text
    assert shown.select_one('input[name="time"]')["value"] == "15:45"
    assert shown.select_one('input[name="capacity"]')["value"] == "0"
    assert shown.select_one('input[name="note"]')["value"] == "Bring your own shoes"
    assert dbsession.get(Slot, slot.id).note in ("", None)


def test_a_refused_settings_form_keeps_the_box_as_it_was_sent(english, login, dbsession,
                                                              users, activity, spectro_on):
    partner_changes.set_members(dbsession, activity, [users["partner"]])
    app = login("partner")
    form = app.get("/partner/eaux-vives/spectrospoke/slots").forms["settings-form"]
    assert form["accepts_days"].checked
    form["accepts_days"] = False
    form["price"] = "a lot"
    refused = form.submit(status=400)
    assert not refused.forms["settings-form"]["accepts_days"].checked
    assert refused.forms["settings-form"]["price"].value == "a lot"
    assert dbsession.get(Activity, activity.id).accepts_days is True

"""The booking pages through the real application: the kiosk's form (mistakes shown
again with what was typed), the partner's decisions and the mails they send, the
voucher and its check at the counter, who may see what, and the office's pages."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from lanta.services import partner_changes
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, login_through_form, mail_text
from lanta_spectrospoke.models import Booking, Slot
from lanta_spectrospoke.services import bookings, slots

from spectro_testing import make_partner


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def slot(dbsession, activity) -> Slot:
    day = slots.office_today() + dt.timedelta(days=7)
    return slots.add_slot(dbsession, activity.id, capacity=6,
                          starts_local=dt.datetime.combine(day, dt.time(10, 0)))


@pytest.fixture
def kiosk(headset, clip, spectro_on):
    """The booking form's address on the hotel's headset."""
    _device, token = headset
    return f"/spectrospoke/kiosk/{token}/en/clips/{clip.slug}/book"


@pytest.fixture
def own_activity(dbsession, users, activity):
    partner_changes.set_members(dbsession, activity, [users["partner"]])
    return activity


def count(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(Booking))


def fill(form, slot_value: str, **values):
    form["slot"] = slot_value
    form["participants"] = "3"
    form["contact_name"] = "Anne Martin"
    form["contact_email"] = "anne@example.org"
    for key, value in values.items():
        form[key] = value
    return form


def book_from_kiosk(testapp, kiosk, slot) -> Booking:
    response = fill(testapp.get(kiosk).forms["spk-booking-form"], str(slot.id)).submit()
    assert response.status_int == 303
    return response


def test_kiosk_books_a_slot_and_tells_the_activity(testapp, dbsession, kiosk, slot, hotel,
                                                   activity, outbox):
    form = testapp.get(kiosk).forms["spk-booking-form"]
    response = fill(form, str(slot.id)).submit()
    assert response.status_int == 303
    booking = dbsession.scalars(select(Booking)).one()
    assert (booking.hotel_id, booking.participants, booking.language) == (hotel.id, 3, "en")
    assert response.location.endswith(f"/en/bookings/{booking.reference}")
    page = response.follow()
    assert "Waiting for Eaux Vives to confirm" in page.text
    assert page.html.select_one("#booking-state")["data-state"] == "requested"
    assert "setTimeout(ask, 10000)" in page.text  # asks again every 10 s
    (mail,) = outbox.new()
    assert mail["To"] == "resa@eaux-vives.example"
    assert booking.reference in mail["Subject"]
    assert f"/partner/eaux-vives/spectrospoke/bookings/{booking.reference}" in mail_text(mail)


def test_the_same_form_sent_twice_books_once(testapp, dbsession, kiosk, slot, outbox):
    form = fill(testapp.get(kiosk).forms["spk-booking-form"], str(slot.id))
    first = form.submit()
    again = form.submit()
    assert first.location == again.location
    assert count(dbsession) == 1 and dbsession.get(Slot, slot.id).booked == 3
    assert len(outbox.new()) == 1


def test_form_mistakes_are_shown_with_what_was_typed(testapp, dbsession, kiosk, slot):
    form = fill(testapp.get(kiosk).forms["spk-booking-form"], str(slot.id),
                contact_email="anne-at-example", contact_name="Anne <b>Martin</b>")
    response = form.submit(status=400)
    assert "This e-mail address does not look right." in \
        response.html.select_one("#contact_email-error").text
    again = response.forms["spk-booking-form"]
    assert again["contact_name"].value == "Anne <b>Martin</b>"
    assert "<b>Martin" not in response.text  # escaped
    assert again["slot"].value == str(slot.id)
    assert count(dbsession) == 0 and dbsession.get(Slot, slot.id).booked == 0


def test_too_many_participants_are_refused_on_the_form(testapp, dbsession, kiosk, slot):
    slot.booked = 5
    dbsession.flush()
    response = fill(testapp.get(kiosk).forms["spk-booking-form"], str(slot.id)).submit(
        status=409)
    assert "Only one place is left on this slot." in response.html.select_one(
        "#slot-error").text
    assert count(dbsession) == 0


def test_an_unknown_kiosk_or_clip_is_not_found(testapp, kiosk, headset, spectro_on):
    # The kiosk's own page (no way out of the kiosk), with the kiosk's headers.
    gone = testapp.get(kiosk.replace(headset[1], "x" * 43), status=404)
    assert "This headset's address is no longer valid." in gone.text
    assert gone.headers["Cache-Control"] == "no-store"
    clip_gone = testapp.get(kiosk.replace("rafting-gave", "nothing-here"), status=404)
    assert "This clip is no longer shown." in clip_gone.text
    assert clip_gone.headers["X-Robots-Tag"] == "noindex"


def test_another_hotels_booking_is_not_found_on_the_kiosk(testapp, dbsession, kiosk, slot,
                                                          headset):
    page = book_from_kiosk(testapp, kiosk, slot).follow()
    assert page.headers["Cache-Control"] == "no-store"
    booking = dbsession.scalars(select(Booking)).one()
    booking.hotel_id = make_partner(dbsession, "les-pins", "hotel", "Les Pins").id
    dbsession.flush()
    gone = testapp.get(page.request.path, status=404)
    assert "This booking is not known on this headset." in gone.text


def test_over_https_the_kiosk_form_posts_with_the_origin_its_referrer_policy_sends(
        testapp, dbsession, kiosk, slot, outbox):
    # Browsers send "Origin: null" on a form's POST under "Referrer-Policy: no-referrer",
    # and the CSRF origin check refuses that over HTTPS; "same-origin" sends the site's.
    https = {"wsgi.url_scheme": "https", "HTTP_HOST": "localhost"}
    page = testapp.get(kiosk, extra_environ=https)
    assert page.headers["Referrer-Policy"] == "same-origin"
    form = fill(page.forms["spk-booking-form"], str(slot.id))
    form.submit(status=400, extra_environ=https, headers={"Origin": "null"})
    assert count(dbsession) == 0
    booked = form.submit(status=303, extra_environ=https,
                         headers={"Origin": "https://localhost"})
    assert booked.location.startswith("https://localhost/spectrospoke/kiosk/")
    assert count(dbsession) == 1 and len(outbox.new()) == 1


def test_partner_confirms_and_the_guest_gets_the_voucher(testapp, dbsession, kiosk, slot,
                                                         own_activity, users, outbox):
    status_page = book_from_kiosk(testapp, kiosk, slot).location
    booking = dbsession.scalars(select(Booking)).one()
    outbox.new()
    login_through_form(testapp, users["partner"].email)
    listing = testapp.get("/partner/eaux-vives/spectrospoke/bookings")
    assert booking.reference in listing.html.select_one("#bookings-requested").text
    page = testapp.get(f"/partner/eaux-vives/spectrospoke/bookings/{booking.reference}")
    response = page.forms["confirm-form"].submit()
    assert response.status_int == 303
    assert booking.state == "confirmed" and booking.voucher_sent_at is not None
    (mail,) = outbox.new()
    assert mail["To"] == "anne@example.org"
    voucher = re.search(r"http://\S+/spectrospoke/vouchers/\S+", mail_text(mail)).group(0)
    shown = testapp.get(voucher)
    assert shown.html.select_one("#voucher-reference").text == booking.reference
    assert shown.html.select_one("svg.qr-code") is not None
    assert testapp.get(voucher + "/qr.svg").content_type == "image/svg+xml"
    kiosk_page = testapp.get(status_page)
    assert kiosk_page.html.select_one("#voucher-link")["href"] == voucher
    assert "setTimeout(ask" not in kiosk_page.text


def test_partner_declines_with_a_reason(testapp, dbsession, kiosk, slot, own_activity,
                                        users, outbox):
    book_from_kiosk(testapp, kiosk, slot)
    booking = dbsession.scalars(select(Booking)).one()
    outbox.new()
    login_through_form(testapp, users["partner"].email)
    page = testapp.get(f"/partner/eaux-vives/spectrospoke/bookings/{booking.reference}")
    refused = page.forms["decline-form"].submit(status=400)
    assert "Say why you decline" in refused.html.select_one("#decision-error").text
    assert booking.state == "requested"
    form = refused.forms["decline-form"]
    form["reason"] = "The river is too high that day."
    form.submit(status=303)
    assert booking.state == "declined" and dbsession.get(Slot, slot.id).booked == 0
    (mail,) = outbox.new()
    assert "The river is too high that day." in mail_text(mail)
    token_page = testapp.get(f"/partner/eaux-vives/spectrospoke/bookings/{booking.reference}")
    assert "confirm-form" not in token_page.forms


def test_voucher_is_validated_once_at_the_counter(testapp, dbsession, own_activity, slot,
                                                  clip, users, spectro_on):
    booking = bookings.book(dbsession, clip=clip, activity_id=own_activity.id,
                            slot_id=slot.id, participants=3, contact_name="Anne",
                            contact_phone="0559000000", request_id=None)
    bookings.confirm(dbsession, booking, None)
    login_through_form(testapp, users["partner"].email)
    form = testapp.get("/partner/eaux-vives/spectrospoke/validate").forms["validate-form"]
    form["voucher"] = booking.reference.lower()
    valid = form.submit()
    assert valid.status_int == 200
    message = valid.html.select_one("#validate-result p")
    assert message["data-ok"] == "true" and "Valid: 3 participant(s)" in message.text
    assert booking.validated_at is not None
    form = valid.forms["validate-form"]
    form["voucher"] = booking.reference
    again = form.submit(status=409)
    assert "Already validated on" in again.html.select_one("#validate-result p").text


def test_forged_voucher_token_is_not_found(testapp, dbsession, clip, activity, slot,
                                           spectro_on):
    booking = bookings.book(dbsession, clip=clip, activity_id=activity.id, slot_id=slot.id,
                            participants=1, contact_name="Anne", contact_phone="0559000000",
                            request_id=None)
    testapp.get(f"/spectrospoke/vouchers/{booking.id}.{'A' * 22}", status=404)
    testapp.get("/spectrospoke/vouchers/not-a-token", status=404)


def test_another_partners_booking_is_not_found(testapp, dbsession, kiosk, slot,
                                               own_activity, spectro_on):
    book_from_kiosk(testapp, kiosk, slot)
    booking = dbsession.scalars(select(Booking)).one()
    stranger = users_service.create(dbsession, "canyon@example.org", TEST_PASSWORD,
                                    "partner")
    canyon = make_partner(dbsession, "canyon", "activity", "Canyon")
    partner_changes.set_members(dbsession, canyon, [stranger])
    login_through_form(testapp, stranger.email)
    testapp.get(f"/partner/canyon/spectrospoke/bookings/{booking.reference}", status=404)
    testapp.get(f"/partner/eaux-vives/spectrospoke/bookings/{booking.reference}",
                status=404)
    testapp.get("/partner/eaux-vives/spectrospoke/bookings", status=404)


def test_partner_adds_a_slot_and_sees_refusals(testapp, dbsession, own_activity, users,
                                               spectro_on):
    login_through_form(testapp, users["partner"].email)
    page = testapp.get("/partner/eaux-vives/spectrospoke/slots")
    form = page.forms["add-slot-form"]
    form["date"] = (slots.office_today() + dt.timedelta(days=5)).isoformat()
    form["time"] = "14:30"
    form["capacity"] = "0"
    refused = form.submit(status=400)
    assert "between 1 and 500" in refused.text
    assert refused.forms["add-slot-form"]["time"].value == "14:30"
    form = refused.forms["add-slot-form"]
    form["capacity"] = "8"
    form["price"] = "42,50"
    form.submit(status=303)
    (added,) = slots.slots(dbsession, own_activity.id)
    assert (added.capacity, added.price_cents) == (8, 4250)
    assert slots.office_time(added.starts_at).strftime("%H:%M") == "14:30"


def test_office_pages_and_cancel_on_behalf(testapp, dbsession, kiosk, slot, login,
                                           outbox):
    book_from_kiosk(testapp, kiosk, slot)
    booking = dbsession.scalars(select(Booking)).one()
    staff = login("staff")
    dashboard = staff.get("/admin/")
    assert dashboard.html.select_one("#spk-waiting").text == "1"
    menu = {a.text.strip() for a in dashboard.html.select(".admin-menu a")}
    assert {"Bookings", "Activities"} <= menu
    listing = staff.get("/admin/spectrospoke/bookings/", params={"state": "requested"})
    assert listing.html.select_one(f'tr[data-reference="{booking.reference}"]') is not None
    assert staff.get("/admin/spectrospoke/bookings/",
                     params={"state": "confirmed"}).html.select_one("#bookings") is None
    assert "Eaux Vives" in staff.get("/admin/spectrospoke/activities/").text
    staff.get(f"/admin/spectrospoke/activities/{booking.activity_id}")
    page = staff.get(f"/admin/spectrospoke/bookings/{booking.reference}")
    page.forms["cancel-form"].submit(status=303)
    assert booking.state == "cancelled" and dbsession.get(Slot, slot.id).booked == 0
    assert staff.get("/admin/").html.select_one("#spk-waiting") is None


def test_office_pages_need_the_manage_permission(testapp, login, spectro_on):
    login("partner")
    for url in ("/admin/spectrospoke/bookings/", "/admin/spectrospoke/activities/"):
        assert testapp.get(url, expect_errors=True).status_int in (302, 403)


def test_partner_space_links_of_an_activity_and_of_a_hotel(app, dbsession, activity, hotel,
                                                          spectro_on):
    """The links beside a listing on the partner's space (for the hook
    ``lanta_partner_space_links``): an activity's four pages; a hotel's statement."""
    from pyramid.request import Request
    from pyramid.scripting import prepare

    from lanta_spectrospoke.booking import partner_space_links

    request = Request.blank("/partner/", environ={"app.dbsession": dbsession,
                                                  "HTTP_HOST": "localhost"})
    env = prepare(request=request, registry=app.registry)
    try:
        links = partner_space_links(request, activity)
        assert [link.url for link in links] == [
            "http://localhost/partner/eaux-vives/spectrospoke/bookings",
            "http://localhost/partner/eaux-vives/spectrospoke/slots",
            "http://localhost/partner/eaux-vives/spectrospoke/validate",
            "http://localhost/partner/eaux-vives/spectrospoke/statement"]
        assert {link.permission for link in links} == {"partner.self"}
        assert [link.url for link in partner_space_links(request, hotel)] == [
            "http://localhost/partner/hotel-du-gave/spectrospoke/statement"]
    finally:
        env["closer"]()

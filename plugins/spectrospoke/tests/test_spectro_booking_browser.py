"""The issue's walk in Chromium on a real server: a headset's clip page, "Book this
activity", the booking form, the activity partner confirming, the kiosk showing the
voucher, the partner validating it by its reference and a second validation refused;
axe-core and the HTML checker on every page of the way, at a phone's width too."""
from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request

import pytest

from lanta.services import addons as addons_service
from lanta.services import partner_changes
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, log_in_browser, vnu_errors
from lanta_spectrospoke.models import Activity, Clip, Headset, Hotel
from lanta_spectrospoke.services import slots
from lanta_spectrospoke.services.kiosks import new_token, token_hash

from spectro_testing import make_partner

pytestmark = pytest.mark.browser

PARTNER_EMAIL = "resa@eaux-vives.example"


@pytest.fixture
def site(live_site_factory):
    """A live site: a hotel's headset, a clip of "Eaux Vives" whose account keeps its
    listing, and a slot next week. Gives (site, server address, kiosk address)."""
    site = live_site_factory()
    token = new_token()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "spectrospoke", True)
        activity = make_partner(dbsession, "eaux-vives", "activity", "Eaux Vives",
                                email=PARTNER_EMAIL)
        account = users_service.create(dbsession, PARTNER_EMAIL, TEST_PASSWORD, "partner")
        partner_changes.set_members(dbsession, activity, [account])
        dbsession.add(Activity(partner_id=activity.id, price_cents=3500))
        hotel = make_partner(dbsession, "hotel-du-gave", "hotel", "Hôtel du Gave")
        dbsession.add(Hotel(partner_id=hotel.id))
        dbsession.flush()
        dbsession.add(Headset(hotel_id=hotel.id, label="Casque 1",
                              token_hash=token_hash(token)))
        dbsession.add(Clip(slug="rafting-gave", title={"fr": "Rafting sur le gave",
                                                       "en": "Rafting on the river"},
                           text={"en": "Down the white water."}, partner_id=activity.id,
                           projection="flat", video_url="https://videos.example/raft.mp4",
                           duration_s=2, published=True))
        slots.add_slot(dbsession, activity.id, capacity=6, starts_local=dt.datetime.combine(
            slots.office_today() + dt.timedelta(days=7), dt.time(10, 0)))
        dbsession.commit()
    url = site.start_server().url
    return site, url, f"{url}/spectrospoke/kiosk/{token}/en/"


def served(url: str) -> str:
    try:
        with urllib.request.urlopen(url) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{url} answered {error.code}") from None


def test_book_confirm_and_validate_the_voucher(site, chromium_browser, tmp_path):
    _site, url, kiosk = site
    problems: dict = {}
    html: dict = {}

    def check(page, name: str) -> None:
        violations = axe_violations(page)
        if violations:
            problems[name] = violations
        if page.evaluate("document.documentElement.scrollWidth > innerWidth"):
            problems[f"{name} (width)"] = "wider than the screen"

    guest = chromium_browser.new_context(locale="en-GB",
                                         viewport={"width": 375, "height": 740})
    page = guest.new_page()
    page.set_default_timeout(15_000)
    page.goto(kiosk + "clips/rafting-gave")
    with page.expect_navigation(url="**/clips/rafting-gave/book"):
        page.click(".kiosk-cta .kiosk-book")
    check(page, "booking form")
    html["booking form"] = served(page.url)
    page.check("input[name=slot] >> nth=0")
    page.fill("#participants", "3")
    page.fill("#contact_name", "Anne Martin")
    page.fill("#contact_email", "anne@example.org")
    with page.expect_navigation(url="**/bookings/SPK-*"):
        page.click("#spk-booking-form button[type=submit]")
    status_url = page.url
    reference = status_url.rsplit("/", 1)[1]
    assert "Waiting for Eaux Vives to confirm" in page.inner_text("#booking-state")
    check(page, "booking waiting")
    html["booking waiting"] = served(status_url)

    partner = chromium_browser.new_context(locale="en-GB")
    office = partner.new_page()
    office.set_default_timeout(15_000)
    log_in_browser(office, url, PARTNER_EMAIL)
    office.goto(url + "/partner/eaux-vives/spectrospoke/bookings")
    check(office, "partner bookings")
    html["partner bookings"] = partner.request.get(office.url).text()
    office.click(f"a:text('{reference}')")
    check(office, "partner booking")
    html["partner booking"] = partner.request.get(office.url).text()
    office.click("#confirm-button")
    office.wait_for_load_state()
    assert "Confirmed" in office.inner_text("#booking-facts")

    page.reload()
    voucher_url = page.get_attribute("#voucher-link", "href")
    assert page.locator(".spk-qr svg").count() == 1
    check(page, "booking confirmed")
    page.goto(voucher_url)
    assert page.inner_text("#voucher-reference") == reference
    check(page, "voucher")
    html["voucher"] = served(voucher_url)
    html["booking confirmed"] = served(status_url)

    office.goto(url + "/partner/eaux-vives/spectrospoke/validate")
    check(office, "validate")
    html["validate"] = partner.request.get(office.url).text()
    office.fill("#voucher", reference.lower())
    office.click("#validate-form button[type=submit]")
    office.wait_for_load_state()
    assert office.get_attribute("#validate-result p", "data-ok") == "true"
    assert "Valid: 3 participant(s)" in office.inner_text("#validate-result")
    check(office, "validated")
    office.fill("#voucher", reference)
    office.click("#validate-form button[type=submit]")
    office.wait_for_load_state()
    assert office.get_attribute("#validate-result p", "data-ok") == "false"
    assert "Already validated on" in office.inner_text("#validate-result")
    guest.close()
    partner.close()
    assert problems == {}
    assert vnu_errors(html, tmp_path) == []

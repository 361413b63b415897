"""The terminal page and the card page in Chromium, on a real server: pairing a tablet,
scanning a card by its UID, granting an offer with one tap, the visitor's page showing
it used; a redemption kept while offline and sent once when the network is back; and
the pages' accessibility (axe-core, a phone's width, the Nu HTML checker)."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from lanta.services import addons as addons_service
from lanta.services import partner_changes
from lanta.services import partners as partners_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, log_in_browser, vnu_errors
from lanta_vip.models import Redemption
from lanta_vip.services import cards, offers, terminals
from lanta_vip.services import secrets as vip_secrets
from lanta_vip.services.clock import today
from vip_support import random_uid

pytestmark = pytest.mark.browser



@dataclass
class VipSite:
    site: object
    url: str
    pairing_code: str
    uid: str
    number: str
    token: str
    offer_id: int
    offer_title: str

    def redemptions(self) -> int:
        with self.site.session() as dbsession:
            return dbsession.scalar(select(func.count()).select_from(Redemption))

    def card_path(self, lang: str = "fr") -> str:
        return f"/{lang}/vip/card/{self.token}"


@pytest.fixture
def vip_site(live_site_factory) -> VipSite:
    site = live_site_factory()
    qr_key = vip_secrets.qr_key_from_secret(site.secret)
    uid = random_uid()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "vip", True)
        partner = partners_service.create(dbsession, {
            "slug": "ossau-rafting", "category": "activity",
            "name": {"fr": "Ossau Rafting"}, "lat": 43.03, "lon": -0.41,
            "street": "Route du gave", "postcode": "64260", "city": "Lanta"})
        offer = offers.create_offer(dbsession, offers.OfferInput(
            partner_id=partner.id, kind="percent", value=10, limit_per_card=1,
            title={"fr": "10 % sur la descente", "en": "10% off the river run"}))
        offers.approve_offer(dbsession, offer.id)
        _terminal, code = terminals.create_terminal(dbsession, partner.id, "Comptoir")
        issued = cards.issue_card(dbsession, cards.CardInput(
            uid=uid, first_name="Léa", language="en",
            arrival=today() - dt.timedelta(days=1), departure=today() + dt.timedelta(days=3)),
            qr_key)
        offer_id, token, number = offer.id, issued.qr_token, issued.card.number
        users_service.create(dbsession, "accueil@example.org", TEST_PASSWORD, "staff")
        owner = users_service.create(dbsession, "rafting@example.org", TEST_PASSWORD,
                                     "partner")
        partner_changes.set_members(dbsession, partner, [owner])
        dbsession.commit()
    server = site.start_server()
    return VipSite(site, server.url, code, uid, number, token, offer_id,
                   "10 % sur la descente")


@pytest.fixture
def context(chromium_browser):
    context = chromium_browser.new_context(locale="fr-FR", viewport={"width": 1024,
                                                                      "height": 768})
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def pair(page, vip: VipSite) -> None:
    page.goto(vip.url + "/vip/terminal")
    page.locator("#vip-pairing").wait_for(state="visible")
    page.fill("#vip-pairing-code", vip.pairing_code.lower())
    page.locator("#vip-pairing-form button[type=submit]").click()
    page.locator("#vip-scan").wait_for(state="visible")


def scan_uid(page, vip: VipSite) -> None:
    page.fill("#vip-card-input", vip.uid)
    page.keyboard.press("Enter")
    page.locator("#vip-visitor").wait_for(state="visible")


def offer_button(page, vip: VipSite):
    return page.locator(f'#vip-offers button[data-offer="{vip.offer_id}"]')


def offer_state(page, vip: VipSite, path: str) -> str:
    page.goto(vip.url + path)
    return page.locator(f'li[data-offer="{vip.offer_id}"]').get_attribute("data-state")


def test_pair_scan_redeem_then_the_card_page_shows_it_used(page, vip_site):
    vip = vip_site
    assert offer_state(page, vip, vip.card_path()) == "available"

    pair(page, vip)
    assert page.locator("#vip-partner-name").inner_text() == "Ossau Rafting"
    stored = json.loads(page.evaluate("localStorage.getItem('lanta_vip.terminal')"))
    assert stored["key"].startswith("lvt_")
    # No camera reading in this browser: the button stays hidden, the typed number remains.
    if not page.evaluate("'BarcodeDetector' in window"):
        assert page.locator("#vip-qr-button").is_hidden()
    assert axe_violations(page) == []

    # The pairing holds across a reload: the scan screen comes back with the key.
    page.reload()
    page.locator("#vip-scan").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "vip-card-input"
    scan_uid(page, vip)
    assert page.locator("#vip-visitor-name").inner_text() == "Léa"
    assert page.locator("#vip-visitor-language").inner_text() == "anglais"
    button = offer_button(page, vip)
    assert vip.offer_title in button.inner_text()
    assert axe_violations(page) == []

    button.click()
    page.locator("#vip-status", has_text=vip.offer_title).wait_for()
    # Its one use is taken: the button is off, and the database holds one redemption.
    assert button.is_disabled()
    assert vip.redemptions() == 1
    assert page.locator("#vip-queue-count").inner_text() == "0"

    assert offer_state(page, vip, vip.card_path()) == "used"
    assert page.locator(f'li[data-offer="{vip.offer_id}"] .vip-offer__uses time').count() == 1
    assert axe_violations(page) == []


def test_staff_issue_a_card_a_terminal_grants_an_offer_the_visitor_sees_it_used(
        chromium_browser, vip_site):
    vip, uid = vip_site, random_uid()
    desk = chromium_browser.new_context(locale="fr-FR").new_page()
    log_in_browser(desk, vip.url, "accueil@example.org")
    desk.goto(vip.url + "/admin/vip/cards/issue")
    desk.fill("input[name=first_name]", "Inès")
    desk.fill("input[name=last_name]", "Garcia")
    desk.check("input[name='vip-language'][value='fr']")
    desk.fill("input[name=arrival]", today().isoformat())
    desk.fill("input[name=departure]", (today() + dt.timedelta(days=4)).isoformat())
    desk.fill("input[name=uid]", uid)  # as a keyboard-wedge reader types it
    desk.click("button[name=issue]")
    card_url = desk.locator("#vip-card-url").get_attribute("href")
    assert "/fr/vip/card/" in card_url

    tablet = chromium_browser.new_context(locale="fr-FR").new_page()
    pair(tablet, vip)
    tablet.fill("#vip-card-input", uid)
    tablet.keyboard.press("Enter")
    tablet.locator("#vip-visitor").wait_for(state="visible")
    assert tablet.locator("#vip-visitor-name").inner_text() == "Inès"
    offer_button(tablet, vip).click()
    tablet.locator("#vip-status", has_text=vip.offer_title).wait_for()

    phone = chromium_browser.new_context(locale="fr-FR", viewport={"width": 375,
                                                                   "height": 740}).new_page()
    phone.goto(card_url)
    assert "Inès" in phone.locator("main").inner_text()
    assert phone.locator(f'li[data-offer="{vip.offer_id}"]').get_attribute("data-state") \
        == "used"
    for page in (desk, tablet, phone):
        page.context.close()


def test_offline_redemption_is_kept_then_sent_once(page, context, vip_site):
    vip = vip_site
    pair(page, vip)
    scan_uid(page, vip)

    context.set_offline(True)
    offer_button(page, vip).click()
    page.wait_for_function(
        "document.getElementById('vip-queue-count').textContent === '1'")
    # The alert says the redemption is kept on the tablet.
    page.wait_for_function("document.getElementById('vip-alert').textContent.trim() !== ''")
    kept = json.loads(page.evaluate("localStorage.getItem('lanta_vip.queue')"))
    assert len(kept) == 1 and kept[0]["offer_id"] == vip.offer_id and kept[0]["request_id"]
    assert kept[0]["redeemed_at"][-6] in "+-"  # the tablet's time, with its offset
    # Kept by its printed number, not by the UID the reader typed: the UID may go to
    # the next visitor before the queue is sent, a number never does.
    assert kept[0]["card"] == vip.number
    assert vip.redemptions() == 0

    context.set_offline(False)
    page.wait_for_function(
        "document.getElementById('vip-queue-count').textContent === '0'")
    assert vip.redemptions() == 1

    # Sent again with the same request_id (an answer lost on the way, say): the server
    # replays the first redemption and makes no second one.
    page.evaluate("items => localStorage.setItem('lanta_vip.queue', JSON.stringify(items))",
                  kept)
    page.reload()
    page.wait_for_function(
        "document.getElementById('vip-queue-count').textContent === '0'")
    assert page.locator("#vip-alert").inner_text().strip() == ""
    assert vip.redemptions() == 1


def test_the_card_page_address_read_from_a_qr_code_finds_the_card(page, vip_site):
    # A QR reader (or the camera) gives the address the card's QR code holds.
    pair(page, vip_site)
    page.fill("#vip-card-input", vip_site.url + vip_site.card_path("en"))
    page.keyboard.press("Enter")
    page.locator("#vip-visitor").wait_for(state="visible")
    assert page.locator("#vip-visitor-name").inner_text() == "Léa"
    assert page.locator("#vip-card-input").input_value() == ""


def test_the_camera_button_reads_a_qr_code_where_the_browser_can(context, vip_site):
    # Headless Chromium has neither camera nor QR decoding: stand-ins give the page what
    # a tablet's browser gives it (a video stream, a decoder that reads the card's code).
    address = vip_site.url + vip_site.card_path("fr")
    context.add_init_script(f"""
      window.BarcodeDetector = class {{
        static getSupportedFormats() {{ return Promise.resolve(["qr_code"]); }}
        detect() {{ return Promise.resolve([{{rawValue: {json.dumps(address)}}}]); }}
      }};
      navigator.mediaDevices.getUserMedia = function () {{
        var canvas = document.createElement("canvas");
        canvas.width = canvas.height = 64;
        canvas.getContext("2d").fillRect(0, 0, 64, 64);
        return Promise.resolve(canvas.captureStream());
      }};
    """)
    page = context.new_page()
    page.set_default_timeout(15_000)
    pair(page, vip_site)
    button = page.locator("#vip-qr-button")
    button.wait_for(state="visible")
    button.click()
    page.locator("#vip-visitor").wait_for(state="visible")
    assert page.locator("#vip-visitor-name").inner_text() == "Léa"
    # The camera is off again once the code is read.
    assert page.locator("#vip-camera").is_hidden()


def test_forgetting_the_terminal_asks_first_then_shows_the_pairing_form(page, vip_site):
    pair(page, vip_site)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#vip-forget").click()
    assert page.locator("#vip-scan").is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#vip-forget").click()
    page.locator("#vip-pairing").wait_for(state="visible")
    assert page.evaluate("localStorage.getItem('lanta_vip.terminal')") is None


def test_a_spent_pairing_code_is_refused_with_the_servers_sentence(page, context, vip_site):
    pair(page, vip_site)
    other = context.new_page()
    other.set_default_timeout(15_000)
    other.goto(vip_site.url + "/vip/terminal")
    other.evaluate("localStorage.clear()")
    other.reload()
    other.fill("#vip-pairing-code", vip_site.pairing_code)
    other.locator("#vip-pairing-form button[type=submit]").click()
    other.wait_for_function("document.getElementById('vip-alert').textContent.trim() !== ''")
    # The sentence the API gives (problem+json detail), as it gives it.
    answer = context.request.post(vip_site.url + "/api/v1/vip/terminals/pair",
                                  data={"code": vip_site.pairing_code})
    assert answer.status == 404
    assert other.locator("#vip-alert").inner_text() == answer.json()["detail"]
    assert other.locator("#vip-pairing").is_visible()


def test_pages_fit_a_phone_and_their_html_is_valid(chromium_browser, vip_site, tmp_path):
    vip = vip_site
    context = chromium_browser.new_context(viewport={"width": 375, "height": 740},
                                           locale="fr-FR", is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        pair(page, vip)
        scan_uid(page, vip)
        widths = {"terminal": page.evaluate("document.documentElement.scrollWidth")}
        for lang in ("fr", "en"):
            page.goto(vip.url + vip.card_path(lang))
            widths[lang] = page.evaluate("document.documentElement.scrollWidth")
        assert all(width <= 375 for width in widths.values()), widths
        assert axe_violations(page) == []
        served = {path: page.context.request.get(vip.url + path).text()
                  for path in ("/vip/terminal", vip.card_path("fr"), vip.card_path("en"))}
    finally:
        context.close()
    assert vnu_errors(served, tmp_path) == []


OFFICE_PAGES = ("/admin/vip/cards/", "/admin/vip/cards/issue", "/admin/vip/cards/1",
                "/admin/vip/cards/1/sheet", "/admin/vip/cards/1/reissue",
                "/admin/vip/visitors/1/erase", "/admin/vip/settings",
                "/admin/vip/terminals/", "/admin/vip/terminals/add",
                "/admin/vip/terminals/1/revoke", "/admin/vip/offers/",
                "/admin/vip/offers/add", "/admin/vip/offers/1/edit", "/admin/vip/reports",
                "/admin/")
PARTNER_PAGES = ("/partner/", "/partner/ossau-rafting/vip-offers",
                 "/fr/partners/ossau-rafting")


def test_office_and_partner_pages_pass_axe_fit_a_phone_and_are_valid(
        chromium_browser, vip_site, tmp_path):
    vip, problems, served = vip_site, {}, {}
    for email, paths in (("accueil@example.org", OFFICE_PAGES),
                         ("rafting@example.org", PARTNER_PAGES)):
        for width in (1280, 375):
            context = chromium_browser.new_context(locale="fr-FR",
                                                   viewport={"width": width, "height": 800})
            page = context.new_page()
            page.set_default_timeout(15_000)
            log_in_browser(page, vip.url, email)
            for path in paths:
                response = page.goto(vip.url + path)
                assert response.status == 200, (path, response.status)
                violations = axe_violations(page)
                if violations:
                    problems[f"{path} at {width}px"] = violations
                scrolled = page.evaluate("document.documentElement.scrollWidth")
                if scrolled > width:
                    problems[f"{path} at {width}px"] = f"{scrolled}px wide"
                if width == 1280:
                    served[path] = page.context.request.get(vip.url + path).text()
            context.close()
    assert problems == {}
    assert vnu_errors(served, tmp_path) == []

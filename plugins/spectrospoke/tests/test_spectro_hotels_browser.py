"""The hotel, headset-address, statement and figures pages in Chromium on a real server,
with the demo loaded: they pass axe-core and fit a phone's width; a new headset's
address opens the kiosk."""
from __future__ import annotations

import pytest

from lanta.services import addons as addons_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, log_in_browser
from lanta_spectrospoke.models import Hotel
from lanta_spectrospoke.services.demo import HOTEL, load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "spectrospoke", True)
        users_service.create(dbsession, "accueil@example.org", TEST_PASSWORD, "staff",
                             display_name="Camille")
        load_demo(dbsession, site.directory / "var" / "uploads")
        site.hotel_id = next(h.partner_id for h in dbsession.query(Hotel))
        dbsession.commit()
    site.url = site.start_server().url
    return site


def test_the_office_pages_pass_axe_fit_a_phone_and_a_new_address_works(site, browser_page):
    page = browser_page
    log_in_browser(page, site.url, "accueil@example.org")
    hotel = f"/admin/spectrospoke/hotels/{site.hotel_id}"
    for path in ("/admin/spectrospoke/hotels/", hotel, "/admin/spectrospoke/statements",
                 "/admin/spectrospoke/figures", "/admin/"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(site.url + path)
        assert axe_violations(page) == [], path
        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth <= 375"), path
    page.goto(site.url + hotel)
    assert HOTEL[2] in page.inner_text("h1")
    page.fill("#spectro-headset-label", "Chambre 12")
    page.click("#spectro-headset-form button[type=submit]")
    page.wait_for_load_state()
    assert axe_violations(page) == []
    address = page.get_attribute("#spectro-kiosk-url", "href")
    response = page.goto(address)
    assert response.ok and page.url.startswith(address)

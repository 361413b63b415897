"""The moderation and webcam pages in Chromium on a real server: they pass axe-core and
fit a phone's width; the queue's "tick all" button and a bulk approval work there."""
from __future__ import annotations

import pytest

from lanta.services import addons as addons_service
from lanta.services import partner_changes
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, log_in_browser

from wall_testing import make_partner, make_photo, make_webcam

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "imagewall", True)
        users_service.create(dbsession, "redaction@example.org", TEST_PASSWORD, "editor",
                             display_name="Lou")
        owner = users_service.create(dbsession, "cafe@example.org", TEST_PASSWORD, "partner",
                                     display_name="Café")
        cafe = make_partner(dbsession, "cafe-des-pyrenees", "restaurant", "Café des Pyrénées")
        partner_changes.set_members(dbsession, cafe, [owner])
        uploads = site.directory / "var" / "uploads"
        site.photo_ids = [make_photo(dbsession, uploads, status="pending",
                                     caption=f"Photo {n}", email="anne@example.org",
                                     tags=("nature",), partner=cafe).id for n in range(2)]
        make_webcam(dbsession, status="pending", partner=cafe)
        dbsession.commit()
    site.url = site.start_server().url
    return site


def check_page(page, url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    assert axe_violations(page) == [], url
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= 375"), url


def test_office_pages_pass_axe_fit_a_phone_and_approve_in_bulk(site, browser_page):
    page = browser_page
    log_in_browser(page, site.url, "redaction@example.org")
    admin = site.url + "/admin/imagewall"
    for path in ("/", f"/items/{site.photo_ids[0]}", "/contributors?email=anne@example.org",
                 "/webcams/add"):
        check_page(page, admin + path)
    page.goto(admin + "/?kind=photos")
    page.click("[data-imagewall-select-all]")
    assert page.locator("input[name=item]:checked").count() == 2
    # The deletion's confirmation shows only for a deletion.
    assert not page.is_visible("#iw-confirm")
    page.select_option("#iw-action", "approve")
    page.click("#iw-apply")
    page.wait_for_url(admin + "/?kind=photos")
    assert page.is_visible(".flash")
    page.goto(admin + "/?tab=approved&kind=photos")
    assert page.locator("#imagewall-queue > li").count() == 2


def test_partner_webcams_pass_axe_and_fit_a_phone(site, browser_page):
    page = browser_page
    log_in_browser(page, site.url, "cafe@example.org")
    check_page(page, site.url + "/partner/cafe-des-pyrenees/imagewall/webcams")
    page.set_viewport_size({"width": 375, "height": 800})
    page.fill("#url", "http://webcams.example/terrasse.jpg")
    page.fill("#caption", "La terrasse")
    with page.expect_navigation():
        page.click("#webcam-form button[name=action]")
    assert page.is_visible("#url-error")
    assert axe_violations(page) == []

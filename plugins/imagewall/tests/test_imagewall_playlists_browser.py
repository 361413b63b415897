"""The playlists' pages in Chromium, in a phone-sized window: staff add a playlist
(a refused value first), find the screen address in the list; axe-core on the pages
and the HTML checker on them and on the screen page."""
from __future__ import annotations

import pytest

from lanta.services import addons as addons_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, log_in_browser, vnu_errors

pytestmark = pytest.mark.browser


def test_staff_sets_up_a_screen_from_a_phone(live_site_factory, browser_page, tmp_path):
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "imagewall", True)
        users_service.create(dbsession, "accueil@example.org", TEST_PASSWORD, "staff",
                             display_name="Accueil")
        dbsession.commit()
    server = site.start_server()
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    log_in_browser(page, server.url, "accueil@example.org")

    page.goto(server.url + "/admin/imagewall/playlists/add")
    page.wait_for_url("**/playlists/add")
    page.fill("#playlist-name", "Oasis de la gare")
    page.fill("#playlist-slug", "Oasis Gare")
    with page.expect_navigation():
        page.click("#imagewall-playlist-form button[name=save]")
    page.wait_for_url("**/playlists/add")
    assert page.get_attribute("#playlist-slug", "aria-invalid") == "true"
    assert page.is_visible("#playlist-slug-error")
    form_html = page.content()
    assert axe_violations(page) == []

    page.fill("#playlist-slug", "oasis-gare")
    with page.expect_navigation():
        page.click("#imagewall-playlist-form button[name=save]")
    page.wait_for_url("**/admin/imagewall/playlists/")
    address = page.input_value("tr[data-playlist=oasis-gare] input")
    assert address == f"{server.url}/fr/wall/screens/oasis-gare"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
    list_html = page.content()  # before axe-core adds its script
    assert axe_violations(page) == []

    page.goto(address)
    page.wait_for_url("**/wall/screens/oasis-gare")
    page.wait_for_selector(".screen-empty:not([hidden])")
    screen_html = page.content()
    assert axe_violations(page) == []
    assert vnu_errors({"form": form_html, "list": list_html, "screen": screen_html},
                      tmp_path) == []

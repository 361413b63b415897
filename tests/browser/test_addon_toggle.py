"""An admin disables an add-on in the control panel: every server process follows at once."""
from __future__ import annotations

import pytest

from lanta.services import addons as addons_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, log_in_browser

pytestmark = pytest.mark.browser

ADDON = "banner"
ADDON_PAGE = "/admin/banner/"
MENU_ENTRY = 'a[data-menu="banner.admin"]'


@pytest.fixture
def two_servers(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        users_service.create(dbsession, "director@example.org", TEST_PASSWORD, "admin")
        addons_service.set_enabled(dbsession, ADDON, True)
        dbsession.commit()
    return site.start_server(), site.start_server()


def log_in(page, base_url):
    log_in_browser(page, base_url, "director@example.org")


def toggle(page, base_url):
    page.goto(base_url + "/admin/addons/")
    page.click(f'tr[data-addon="{ADDON}"] button[type=submit]')
    page.wait_for_url(base_url + "/admin/addons/")


def test_disabling_addon_in_panel_hides_it_on_every_server(browser_page, two_servers):
    first, second = two_servers
    page = browser_page
    log_in(page, first.url)
    # The second process has served the add-on before the change.
    assert page.goto(second.url + ADDON_PAGE).status == 200
    assert page.locator(MENU_ENTRY).count() == 1

    toggle(page, first.url)
    assert page.locator(f'tr[data-addon="{ADDON}"] .badge').first.inner_text() \
        in ("Désactivé", "Disabled")
    assert page.locator(MENU_ENTRY).count() == 0
    assert page.goto(first.url + ADDON_PAGE).status == 404
    # The second process was running all along and was never told: it reads the setting.
    assert page.goto(second.url + ADDON_PAGE).status == 404
    page.goto(second.url + "/admin/")
    assert page.locator(MENU_ENTRY).count() == 0
    assert page.locator('a[data-menu="admin.addons"]').count() == 1

    toggle(page, first.url)
    assert page.locator(MENU_ENTRY).count() == 1
    assert page.goto(first.url + ADDON_PAGE).status == 200
    assert page.goto(second.url + ADDON_PAGE).status == 200
    assert page.locator(MENU_ENTRY).count() == 1

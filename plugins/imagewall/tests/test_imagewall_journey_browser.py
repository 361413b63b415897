"""The issue's walk in Chromium on a real server: an oasis screen is already playing; a
visitor sends a photo from a phone-sized window; the server's own worker makes its
renditions; an editor approves it in the queue; the photo is on the wall, and the screen
shows it without being reloaded."""
from __future__ import annotations

import time

import pytest

from lanta.services import addons as addons_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, jpeg_with_gps, log_in_browser
from lanta_imagewall.models import Item
from lanta_imagewall.services import playlists

from wall_testing import make_photo

pytestmark = pytest.mark.browser

CAPTION = "Coucher de soleil sur le pic du Midi"
SHOWN = "#screen .screen-layer.is-shown"


@pytest.fixture
def site(live_site_factory):
    """A live site with the add-on on, an editor, one photo already on the wall and the
    oasis playlist (items of the last 7 days)."""
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "imagewall", True)
        users_service.create(dbsession, "redaction@example.org", TEST_PASSWORD, "editor")
        make_photo(dbsession, site.directory / "var" / "uploads",
                   caption="Les arènes de Pau", credit="Anne")
        playlists.create(dbsession, {"name": "Oasis du centre", "slug": "oasis-centre",
                                     "recent_days": 7})
        dbsession.commit()
    site.url = site.start_server().url
    return site


def wait_until_processed(site, item_id: int) -> str:
    deadline = time.monotonic() + 60  # a bound on the wait for the worker, not a timing
    while time.monotonic() < deadline:
        with site.session() as dbsession:
            state = dbsession.get(Item, item_id).processing
        if state in ("ready", "failed"):
            return state
        time.sleep(0.2)
    return state


def test_a_phone_photo_approved_reaches_the_wall_and_a_playing_screen(site,
                                                                      chromium_browser,
                                                                      tmp_path):
    screen = chromium_browser.new_context(locale="fr-FR",
                                          viewport={"width": 1280, "height": 720}).new_page()
    screen.goto(f"{site.url}/fr/wall/screens/oasis-centre?poll=1&seconds=2")
    screen.wait_for_selector(f"{SHOWN} .screen-caption:has-text('Les arènes de Pau')")
    # Set on this very page: still there later means the screen was never reloaded.
    screen.evaluate("window.sameScreen = 'since the start'")

    phone = chromium_browser.new_context(locale="fr-FR", is_mobile=True, has_touch=True,
                                         viewport={"width": 375, "height": 740}).new_page()
    phone.goto(f"{site.url}/fr/wall/")
    phone.click("a[href$='/fr/wall/contribute']")
    phone.wait_for_url("**/fr/wall/contribute")
    photo = tmp_path / "IMG_2087.jpg"
    photo.write_bytes(jpeg_with_gps())
    phone.set_input_files("#iw-upload", str(photo))
    phone.fill("#iw-caption", CAPTION)
    phone.fill("#iw-credit", "Maëlle")
    phone.check("#iw-tag-nature")
    phone.check("#iw-accepted-terms")
    phone.check("#iw-people-consent")
    phone.click("#iw-send")
    phone.wait_for_url("**/fr/wall/contribute/sent")

    with site.session() as dbsession:
        item = dbsession.query(Item).filter_by(caption=CAPTION).one()
        assert item.status == "pending"
        item_id = item.id
    assert wait_until_processed(site, item_id) == "ready"
    # Not on the wall before a moderator has seen it.
    phone.goto(f"{site.url}/fr/wall/")
    assert CAPTION not in phone.inner_text("main")

    office = chromium_browser.new_context(locale="fr-FR").new_page()
    log_in_browser(office, site.url, "redaction@example.org")
    office.goto(f"{site.url}/admin/imagewall/")
    office.click(f"button[name=quick][value='approve:{item_id}']")
    office.wait_for_url(f"{site.url}/admin/imagewall/**")
    with site.session() as dbsession:
        assert dbsession.get(Item, item_id).status == "approved"

    phone.goto(f"{site.url}/fr/wall/")
    tile = phone.locator("figure", has_text=CAPTION)
    assert tile.count() == 1
    assert "Maëlle" in tile.inner_text()
    assert tile.locator("img").first.get_attribute("loading") == "lazy"

    screen.wait_for_selector(f"{SHOWN} .screen-caption:has-text('{CAPTION}')",
                             timeout=30_000)
    assert "Maëlle" in screen.inner_text(f"{SHOWN} .screen-credit")
    assert screen.evaluate("window.sameScreen") == "since the start"
    for context in (screen.context, phone.context, office.context):
        context.close()

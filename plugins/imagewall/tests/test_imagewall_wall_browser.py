"""The wall and an item's page in Chromium on a real server, on a phone (375 px) and a
desktop (1280 px): the grid's columns, lazy pictures, "More" loading the next page in
place, a filter following its select, the share button; axe-core finds no WCAG A/AA
violation and the Nu HTML checker no error."""
from __future__ import annotations

import datetime as dt
import urllib.request

import pytest

from lanta.services import addons as addons_service
from lanta.testing import axe_violations, vnu_errors
from lanta_imagewall.models import Item
from wall_testing import make_partner, make_photo, make_webcam

pytestmark = pytest.mark.browser


@pytest.fixture
def wall_site(live_site_factory):
    """A site with 50 approved photos (one picture shared by all but the first two), a
    webcam, and a listing holding some of them."""
    site = live_site_factory()
    uploads_dir = site.directory / "var" / "uploads"
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "imagewall", True)
        place = make_partner(dbsession, "cafe-des-pyrenees", "restaurant", "Café des Pyrénées")
        first = make_photo(dbsession, uploads_dir, caption="Le pic du Midi d'Ossau",
                           credit="Anne", partner=place, tags=("nature",))
        make_photo(dbsession, uploads_dir, caption="Terrasse au soleil", credit="Marc",
                   partner=place, tags=("food",), colour=(200, 120, 40))
        make_webcam(dbsession)
        for n in range(47):
            moment = first.approved_at - dt.timedelta(minutes=n + 1)
            dbsession.add(Item(kind="photo", status="approved", processing="ready",
                               caption=f"Randonnée {n}", credit="Léa", tags=["nature"],
                               image_id=first.image_id, approved_at=moment,
                               created_at=moment))
        item_id = first.id
        dbsession.commit()
    server = site.start_server()
    return server.url, item_id


def columns(page) -> int:
    return page.evaluate("() => getComputedStyle(document.querySelector('[data-wall-tiles]'))"
                         ".gridTemplateColumns.split(' ').length")


def served(url: str) -> str:
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_wall_and_an_item_page_at_phone_and_desktop_widths(chromium_browser, wall_site,
                                                                width, tmp_path):
    url, item_id = wall_site
    context = chromium_browser.new_context(locale="fr-FR",
                                           viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(url + "/fr/wall/")
        tiles = page.locator("[data-wall-tiles] > li")
        assert tiles.count() == 48
        assert columns(page) == (2 if width == 375 else 5)
        assert page.locator("[data-wall-tiles] picture img[loading=lazy]").count() == 47
        assert page.locator(".wall-tile__credit").count() == 48
        assert axe_violations(page) == []

        page.click("#wall-more")  # the next page joins this one, no navigation
        tiles.nth(49).wait_for()
        assert tiles.count() == 50 and page.url == url + "/fr/wall/"
        assert page.locator("#wall-more").count() == 0

        page.select_option("#wall-activity", "food")
        page.wait_for_url("**/fr/wall/?activity=food")
        assert page.locator("[data-wall-tiles] > li").count() == 1

        page.goto(f"{url}/fr/wall/{item_id}")
        assert page.locator("h1").inner_text() == "Le pic du Midi d'Ossau"
        assert page.locator("#wall-share").is_visible()
        assert axe_violations(page) == []
        page.click("#wall-back")
        page.wait_for_url("**/fr/wall/")
    finally:
        context.close()
    errors = vnu_errors({"wall": served(url + "/fr/wall/"),
                         "filtered": served(url + "/en/wall/?activity=nature"),
                         "item": served(f"{url}/en/wall/{item_id}")}, tmp_path)
    assert errors == [], "\n".join(map(str, errors))

"""The contribution form in Chromium, in a phone-sized window, on a real server: it
fits 375 px, passes axe-core and the Nu HTML checker (empty, refused, thanks), "Use my
position" fills the position from the phone, a tap on the map picks a point instead,
and a photo chosen from the phone arrives
pending, its renditions made by the server's worker."""
from __future__ import annotations

import time

import pytest

from lanta.services import addons as addons_service
from lanta.testing import axe_violations, vnu_errors
from lanta.testing import jpeg_with_gps
from lanta_imagewall.models import Item

from wall_testing import make_partner

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def site(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "imagewall", True)
        make_partner(dbsession, "lac-de-bious", "activity", "Lac de Bious-Artigues")
        dbsession.commit()
    site.url = site.start_server().url
    return site


def test_phone_sends_a_photo_with_its_position(site, browser_page, tmp_path):
    page = browser_page
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 42.9, "longitude": -0.44})
    page.set_viewport_size(PHONE)
    served = {"form": page.goto(site.url + "/en/wall/contribute").text()}
    assert page.evaluate("document.documentElement.scrollWidth <= 375")
    assert axe_violations(page) == []

    page.click("#iw-send")  # the browser's own checks stop an empty form
    assert page.url.endswith("/en/wall/contribute")
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(jpeg_with_gps())
    page.set_input_files("#iw-upload", str(photo))
    page.fill("#iw-caption", "Morning on the lake")
    page.fill("#iw-credit", "Lou")
    page.fill("#iw-email", "lou@example.org")
    page.click("#iw-locate-button")
    page.wait_for_function("document.getElementById('iw-lat').value !== ''")
    assert page.locator("#iw-map .leaflet-marker-icon").count() == 1  # the map follows
    page.check("#iw-tag-nature")
    page.check("#iw-accepted-terms")
    page.check("#iw-people-consent")
    with page.expect_navigation():
        page.click("#iw-send")
    page.wait_for_url("**/en/wall/contribute/sent")
    assert "once the office has seen it" in page.inner_text("main")
    assert axe_violations(page) == []
    served["sent"] = page.request.get(page.url).text()

    with site.session() as dbsession:
        item = dbsession.query(Item).one()
        assert (item.status, item.caption, item.tags) == ("pending", "Morning on the lake",
                                                          ["nature"])
        assert (item.lat, item.lon) == (42.9, -0.44)
        item_id = item.id
    deadline = time.monotonic() + 60  # a bound on the wait for the worker
    while time.monotonic() < deadline:
        with site.session() as dbsession:
            if dbsession.get(Item, item_id).processing == "ready":
                break
        time.sleep(0.2)
    with site.session() as dbsession:
        assert dbsession.get(Item, item_id).processing == "ready"
    assert vnu_errors(served, tmp_path) == []


def test_refused_form_keeps_the_values_and_passes_axe(site, browser_page, tmp_path):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(site.url + "/en/wall/contribute")
    notes = tmp_path / "notes.jpg"
    notes.write_text("Not a photo at all, only notes.\n" * 20)
    page.set_input_files("#iw-upload", str(notes))
    page.fill("#iw-caption", "Kept")
    page.fill("#iw-credit", "Lou")
    page.select_option("#iw-partner", label="Lac de Bious-Artigues")
    page.check("#iw-accepted-terms")
    page.check("#iw-people-consent")
    with page.expect_navigation() as refused:
        page.click("#iw-send")
    page.wait_for_url("**/en/wall/contribute")
    assert refused.value.status == 400
    assert "neither a photo" in page.inner_text("#contribute-form")
    assert page.input_value("#iw-caption") == "Kept"
    assert page.input_value("#iw-partner") != ""
    assert page.evaluate("document.documentElement.scrollWidth <= 375")
    assert axe_violations(page) == []
    assert vnu_errors({"refused": refused.value.text()}, tmp_path) == []


def test_phone_picks_the_place_on_the_map(site, browser_page, tmp_path):
    # No network here: the tiles fail to load, the map still takes taps.
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(site.url + "/en/wall/contribute")
    page.wait_for_selector("#iw-map.leaflet-container")
    assert page.evaluate("document.documentElement.scrollWidth <= 375")
    position = "[document.getElementById('iw-lat').value, document.getElementById('iw-lon').value]"
    marker = page.locator("#iw-map .leaflet-marker-icon")

    page.click("#iw-map", position={"x": 200, "y": 150})
    first = page.evaluate(position)
    assert all(value.count(".") == 1 and len(value.split(".")[1]) == 3 for value in first)
    # The map opened on the guide's only listing, near Pau.
    assert abs(float(first[0]) - 43.295) < 0.2 and abs(float(first[1]) + 0.371) < 0.3
    assert marker.count() == 1
    assert page.inner_text("#iw-point-status") == (
        f"Point chosen on the map: latitude {first[0]}, longitude {first[1]}.")

    page.click("#iw-point-remove")
    assert page.evaluate(position) == ["", ""]
    assert marker.count() == 0
    assert page.inner_text("#iw-point-status") == "The point was removed."
    assert not page.is_visible("#iw-point-remove")

    # From the keyboard (the remove button left the focus on the map): Enter chooses the
    # point under the cross at the map's centre, where the map opened.
    assert page.evaluate("document.activeElement.id") == "iw-map"
    page.keyboard.press("Enter")
    centre = page.get_attribute("#iw-map", "data-centre").split(",")
    assert page.evaluate(position) == [f"{float(value):.3f}" for value in centre]
    assert marker.count() == 1

    page.click("#iw-map", position={"x": 120, "y": 200})
    chosen = page.evaluate(position)
    assert chosen != first and "" not in chosen
    assert marker.count() == 1
    assert axe_violations(page) == []

    photo = tmp_path / "lake.jpg"
    photo.write_bytes(jpeg_with_gps())
    page.set_input_files("#iw-upload", str(photo))
    page.fill("#iw-caption", "The lake from the path")
    page.fill("#iw-credit", "Lou")
    page.check("#iw-accepted-terms")
    page.check("#iw-people-consent")
    with page.expect_navigation():
        page.click("#iw-send")
    page.wait_for_url("**/en/wall/contribute/sent")
    with site.session() as dbsession:
        item = dbsession.query(Item).one()
        assert (item.lat, item.lon) == (float(chosen[0]), float(chosen[1]))
        assert item.partner_id is None

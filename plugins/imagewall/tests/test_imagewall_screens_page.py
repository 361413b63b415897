"""The screen's page: public, outside the site's chrome, not indexed, its feed address
and test overrides, 404 for an unknown playlist."""
from __future__ import annotations

import pytest

from lanta_imagewall.services import playlists as service


@pytest.fixture(autouse=True)
def english(testapp, imagewall_on):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def oasis(dbsession):
    return service.create(dbsession, {"name": "Oasis de la gare", "slug": "oasis-gare"})


def test_screen_page_is_public_and_not_indexed(testapp, oasis):
    page = testapp.get("/en/wall/screens/oasis-gare")
    assert page.headers["X-Robots-Tag"] == "noindex"
    assert page.html.select_one("meta[name=robots]")["content"] == "noindex"
    assert page.html.html["lang"] == "en"
    assert page.html.title.text == "Oasis de la gare"
    stage = page.html.select_one("#screen")
    assert stage["data-feed"] == "http://localhost/api/v1/imagewall/playlists/oasis-gare?lang=en"
    assert stage["data-text-photo"] == "Photo: {credit}"
    # No site chrome: no navigation, no footer; two fixed layers, one image and one
    # video each, filled by the player.
    assert page.html.select("nav, footer") == []
    assert len(page.html.select(".screen-layer img")) == 2
    assert len(page.html.select(".screen-layer video[muted][playsinline]")) == 2
    assert "The wall will be back soon." in page.text


def test_screen_page_speaks_french_by_default_address(testapp, oasis):
    page = testapp.get("/fr/wall/screens/oasis-gare")
    assert page.html.html["lang"] == "fr"
    assert page.html.select_one("#screen")["data-feed"].endswith("?lang=fr")


def test_test_overrides_are_bounded(testapp, oasis):
    stage = testapp.get("/en/wall/screens/oasis-gare?poll=0&seconds=2").html.select_one(
        "#screen")
    assert (stage["data-poll"], stage["data-seconds"]) == ("1", "2")
    stage = testapp.get("/en/wall/screens/oasis-gare?poll=abc").html.select_one("#screen")
    assert stage["data-poll"] == ""


def test_unknown_screen_is_404(testapp, oasis):
    testapp.get("/en/wall/screens/somewhere-else", status=404)
    testapp.get("/xx/wall/screens/oasis-gare", status=404)


def test_player_script_and_stylesheet_are_served(testapp, oasis):
    page = testapp.get("/en/wall/screens/oasis-gare")
    script = page.html.select_one("script[type=module]")["src"]
    assert "If-None-Match" in testapp.get(script).text
    stylesheet = page.html.select_one("link[rel=stylesheet]")["href"]
    assert "cursor: none" in testapp.get(stylesheet).text

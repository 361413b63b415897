"""The playlists' JSON feed: its shape, its ETag and 304, its problem+json errors, and
that it is public."""
from __future__ import annotations

import pytest

from lanta_imagewall.services import playlists as service

from wall_testing import make_photo, make_webcam

FEED = "/api/v1/imagewall/playlists"


@pytest.fixture(autouse=True)
def english(testapp, imagewall_on):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def web_tv(dbsession):
    return service.create(dbsession, {"name": "Web TV", "slug": "web-tv",
                                      "photo_seconds": "10"})


def test_list_of_playlists_is_public_and_gives_each_feed_and_screen(testapp, web_tv):
    response = testapp.get(FEED)
    assert response.content_type == "application/json"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.json == {"items": [{
        "slug": "web-tv", "name": "Web TV", "photo_seconds": 10,
        "url": "http://localhost/api/v1/imagewall/playlists/web-tv?lang=fr",
        "screen_url": "http://localhost/fr/wall/screens/web-tv"}]}


def test_playlist_feed_gives_rules_and_items_in_order(testapp, dbsession, uploads_dir,
                                                      web_tv, place):
    make_photo(dbsession, uploads_dir, caption="Lac de Bious", credit="Anne", partner=place)
    make_photo(dbsession, uploads_dir, caption="Waiting", status="pending")
    make_webcam(dbsession, caption="Boulevard")
    body = testapp.get(f"{FEED}/web-tv?lang=en").json
    assert set(body) == {"playlist", "items", "generated_at", "poll_seconds"}
    assert body["poll_seconds"] == 15
    assert body["generated_at"].endswith("Z")
    assert body["playlist"] == {
        "slug": "web-tv", "name": "Web TV", "photo_seconds": 10, "featured_only": False,
        "recent_days": 0, "tags": [], "partner_ids": [],
        "kinds": ["photo", "clip", "webcam_image", "webcam_stream"], "max_items": 100,
        "order": "featured_first"}
    [webcam, photo] = body["items"]
    assert (webcam["kind"], webcam["webcam"]["refresh_s"]) == ("webcam_image", 60)
    assert (photo["caption"], photo["credit"]) == ("Lac de Bious", "Anne")
    assert photo["place"]["name"] == "Café des Pyrénées"
    assert photo["url"] == f"http://localhost/en/wall/{photo['id']}"
    assert photo["image"]["full"]["jpeg"].endswith(".jpg")


def test_an_unpublished_listing_is_neither_named_nor_linked(testapp, dbsession,
                                                            uploads_dir, web_tv, place):
    make_photo(dbsession, uploads_dir, caption="Lac de Bious", partner=place)
    place.published = False
    dbsession.flush()
    response = testapp.get(f"{FEED}/web-tv?lang=en")
    [photo] = response.json["items"]
    assert photo["caption"] == "Lac de Bious" and photo["place"] is None
    assert "Café des Pyrénées" not in response.text and place.slug not in response.text


def test_etag_gives_304_until_the_playlist_changes(testapp, dbsession, uploads_dir, web_tv):
    make_photo(dbsession, uploads_dir, caption="first")
    first = testapp.get(f"{FEED}/web-tv")
    etag = first.headers["ETag"]
    again = testapp.get(f"{FEED}/web-tv", headers={"If-None-Match": etag}, status=304)
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "no-cache"
    assert again.body == b""
    make_photo(dbsession, uploads_dir, caption="second")
    changed = testapp.get(f"{FEED}/web-tv", headers={"If-None-Match": etag}, status=200)
    assert changed.headers["ETag"] != etag
    assert [item["caption"] for item in changed.json["items"]] == ["second", "first"]


def test_the_list_has_an_etag_too(testapp, web_tv):
    etag = testapp.get(FEED).headers["ETag"]
    testapp.get(FEED, headers={"If-None-Match": etag}, status=304)


def test_unknown_playlist_is_a_problem_json_404(testapp):
    response = testapp.get(f"{FEED}/nowhere", status=404)
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 404
    assert "nowhere" in response.json["detail"]


def test_a_language_the_site_does_not_speak_is_a_400(testapp, web_tv):
    response = testapp.get(f"{FEED}/web-tv?lang=xx", status=400)
    assert response.content_type == "application/problem+json"
    assert "lang=xx" in response.json["detail"]


def test_feed_is_gone_while_the_addon_is_disabled(testapp, web_tv, disable_addon):
    disable_addon("imagewall")
    testapp.get(f"{FEED}/web-tv", status=404)


def test_openapi_paths_describe_both_routes():
    from lanta_imagewall.playlists_openapi import PATHS

    assert set(PATHS) == {"/api/v1/imagewall/playlists", "/api/v1/imagewall/playlists/{slug}"}
    one = PATHS["/api/v1/imagewall/playlists/{slug}"]["get"]
    assert {"200", "304", "404"} <= set(one["responses"])

"""The items' JSON feed: pages by cursor, filters, one item, problems (RFC 9457) for bad
parameters and unknown items, ETag and caching, and nothing while the add-on is off."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta_imagewall.models import Item
from wall_testing import make_partner, make_photo, make_webcam

FEED = "/api/v1/imagewall/items"


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_the_feed_pages_through_every_item_with_its_cursor(testapp, imagewall_on, dbsession,
                                                          uploads_dir):
    model = make_photo(dbsession, uploads_dir)
    for n in range(24):
        moment = model.approved_at - dt.timedelta(seconds=n // 2)  # pairs share an instant
        dbsession.add(Item(kind="photo", status="approved", processing="ready",
                           caption=f"Copy {n}", credit="Anne", image_id=model.image_id,
                           approved_at=moment, created_at=moment))
    dbsession.flush()
    seen, cursor, pages = [], None, 0
    while True:
        answer = testapp.get(FEED, {"limit": 7, **({"cursor": cursor} if cursor else {})})
        assert answer.content_type == "application/json"
        seen += [item["id"] for item in answer.json["items"]]
        cursor = answer.json["next_cursor"]
        pages += 1
        if cursor is None:
            break
    assert pages == 4 and len(seen) == len(set(seen)) == 25
    first = testapp.get(FEED).json
    assert len(first["items"]) == 24 and first["next_cursor"] is not None  # default 24


def test_each_item_has_its_place_picture_and_credit(testapp, imagewall_on, dbsession,
                                                    uploads_dir, place):
    photo = make_photo(dbsession, uploads_dir, partner=place, tags=("food",), credit="Anne")
    answer = testapp.get(FEED, {"lang": "en"}).json["items"]
    assert [item["id"] for item in answer] == [photo.id]
    item = answer[0]
    assert item["credit"] == "Anne" and item["tags"] == ["food"] and item["kind"] == "photo"
    assert item["url"] == f"http://localhost/en/wall/{photo.id}"
    assert item["place"]["partner_id"] == place.id
    assert item["place"]["partner_url"] == f"http://localhost/en/partners/{place.slug}"
    assert item["image"]["tile"]["webp"].endswith("/640.webp")


def test_filters_by_tag_partner_and_kind(testapp, imagewall_on, dbsession, uploads_dir, place):
    rafting = make_partner(dbsession, "gave-rafting", "activity", "Gave Rafting")
    food = make_photo(dbsession, uploads_dir, tags=("food",), partner=place)
    thrills = make_photo(dbsession, uploads_dir, tags=("thrills",), partner=rafting)
    webcam = make_webcam(dbsession, partner=rafting)

    def ids(**params) -> set[int]:
        return {item["id"] for item in testapp.get(FEED, params).json["items"]}

    assert ids(tag="food") == {food.id}
    assert ids(partner_id=rafting.id) == {thrills.id, webcam.id}
    assert ids(kind="webcam_image") == {webcam.id}
    assert ids(kind="clip") == set()
    assert ids(tag="thrills", partner_id=rafting.id, kind="photo") == {thrills.id}


def test_hidden_items_are_never_in_the_feed(testapp, imagewall_on, dbsession, uploads_dir):
    shown = make_photo(dbsession, uploads_dir)
    hidden = [make_photo(dbsession, uploads_dir, status="pending"),
              make_photo(dbsession, uploads_dir, status="rejected"),
              make_webcam(dbsession, status="pending")]
    queued = make_photo(dbsession, uploads_dir)
    queued.processing = "queued"
    hidden.append(queued)
    dbsession.flush()
    assert [i["id"] for i in testapp.get(FEED).json["items"]] == [shown.id]
    for item in hidden:
        problem = testapp.get(f"{FEED}/{item.id}", status=404)
        assert problem.content_type == "application/problem+json"
    assert testapp.get(f"{FEED}/{shown.id}").json["id"] == shown.id


@pytest.mark.parametrize("params", [
    {"tag": "skiing"}, {"kind": "gif"}, {"partner_id": "abc"}, {"partner_id": "other"},
    {"partner_id": "99999999999"}, {"limit": "0"}, {"limit": "101"}, {"limit": "ten"},
    {"lang": "de"}, {"cursor": "nonsense"}, {"cursor": "WzEsMl0"}])
def test_bad_parameters_are_problems_with_a_sentence(testapp, imagewall_on, params):
    problem = testapp.get(FEED, params, status=400)
    assert problem.content_type == "application/problem+json"
    assert problem.json["status"] == 400 and problem.json["title"] == "Bad request"
    assert problem.json["detail"].endswith(".")


def test_an_unknown_item_is_a_404_problem(testapp, imagewall_on):
    for path in (f"{FEED}/424242", f"{FEED}/99999999999999"):
        problem = testapp.get(path, status=404)
        assert problem.content_type == "application/problem+json"
        assert problem.json["status"] == 404


def test_answers_carry_an_etag_and_a_short_public_cache(testapp, imagewall_on, dbsession,
                                                         uploads_dir):
    photo = make_photo(dbsession, uploads_dir)
    for path in (FEED, f"{FEED}/{photo.id}"):
        answer = testapp.get(path)
        assert answer.headers["Cache-Control"] == "public, max-age=30"
        etag = answer.headers["ETag"]
        unchanged = testapp.get(path, headers={"If-None-Match": etag}, status=304)
        assert unchanged.body == b""
    before = testapp.get(FEED).headers["ETag"]
    make_photo(dbsession, uploads_dir, caption="A new one")
    assert testapp.get(FEED, headers={"If-None-Match": before}).status_int == 200


def test_a_disabled_addon_answers_404_and_leaves_the_document(testapp, disable_addon,
                                                              dbsession, uploads_dir):
    photo = make_photo(dbsession, uploads_dir)
    disable_addon("imagewall")
    testapp.get(FEED, status=404)
    testapp.get(f"{FEED}/{photo.id}", status=404)
    paths = testapp.get("/api/v1/openapi.json").json["paths"]
    assert not [path for path in paths if path.startswith("/api/v1/imagewall/")]


def test_the_document_lists_the_items_and_playlists_paths(testapp, imagewall_on):
    paths = testapp.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/imagewall/items", "/api/v1/imagewall/items/{id}",
            "/api/v1/imagewall/playlists", "/api/v1/imagewall/playlists/{slug}"} <= set(paths)
    parameters = {p["name"] for p in paths["/api/v1/imagewall/items"]["get"]["parameters"]}
    assert parameters == {"tag", "partner_id", "kind", "lang", "limit", "cursor"}

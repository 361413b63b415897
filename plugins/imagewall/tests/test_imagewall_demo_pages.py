"""The demo as visitors and screens see it: its photos on the wall (not the waiting
ones), their pictures served, and the two playlists' feeds following their rules."""
from __future__ import annotations

import pytest

from lanta_imagewall.services.demo import PHOTOS, WAITING, load_demo


@pytest.fixture
def demo(imagewall_on, dbsession, uploads_dir):
    load_demo(dbsession, uploads_dir)
    dbsession.flush()


def test_the_wall_shows_the_approved_demo_photos_only(demo, testapp):
    page = testapp.get("/fr/wall/")

    assert all(photo[2] in page.text for photo in PHOTOS)
    assert not any(photo[2] in page.text for photo in WAITING)


def test_the_web_tv_opens_on_the_featured_photo_and_its_pictures_are_served(demo, testapp):
    feed = testapp.get("/api/v1/imagewall/playlists/web-tv").json

    first = feed["items"][0]
    assert first["featured"] and first["caption"] == PHOTOS[1][2]
    assert len(feed["items"]) == len(PHOTOS)
    picture = testapp.get(first["image"]["thumbnail"]["jpeg"])
    assert picture.content_type == "image/jpeg" and picture.body[:2] == b"\xff\xd8"


def test_the_oasis_plays_thrills_and_nature_newest_first(demo, testapp):
    items = testapp.get("/api/v1/imagewall/playlists/oasis-centre").json["items"]

    assert items and all({"thrills", "nature"} & set(i["tags"]) for i in items)
    assert len(items) == sum(1 for p in PHOTOS if {"thrills", "nature"} & set(p[4]))
    moments = [i["approved_at"] for i in items]
    assert moments == sorted(moments, reverse=True)
    testapp.get("/fr/wall/screens/oasis-centre", status=200)

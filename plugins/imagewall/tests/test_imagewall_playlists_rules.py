"""The playlists' rules as :func:`services.playlists.items_for` applies them, and the
checks of :func:`create` / :func:`update` (on SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.models import utcnow
from lanta.services.errors import InvalidField
from lanta_imagewall.models import Item
from lanta_imagewall.services import playlists as service

from wall_testing import make_partner, make_photo, make_webcam

DAY = dt.timedelta(days=1)


def playlist(dbsession, **rules):
    values = {"name": "Web TV", "slug": "web-tv", **rules}
    return service.create(dbsession, values)


def captions(items: list[Item]) -> list[str]:
    return [item.caption for item in items]


def test_only_approved_and_ready_items_play(dbsession, uploads_dir):
    make_photo(dbsession, uploads_dir, caption="shown")
    make_photo(dbsession, uploads_dir, caption="pending", status="pending")
    make_photo(dbsession, uploads_dir, caption="rejected", status="rejected")
    queued = make_photo(dbsession, uploads_dir, caption="queued")
    queued.processing = "queued"
    dbsession.flush()
    assert captions(service.items_for(dbsession, playlist(dbsession), utcnow())) == ["shown"]


def test_kinds_rule_keeps_only_those_kinds(dbsession, uploads_dir):
    make_photo(dbsession, uploads_dir, caption="photo")
    make_webcam(dbsession, caption="webcam")
    now = utcnow()
    photos = playlist(dbsession, kinds=["photo"])
    webcams = playlist(dbsession, slug="webcams", kinds=["webcam_image", "webcam_stream"])
    assert captions(service.items_for(dbsession, photos, now)) == ["photo"]
    assert captions(service.items_for(dbsession, webcams, now)) == ["webcam"]


def test_featured_only_rule(dbsession, uploads_dir):
    make_photo(dbsession, uploads_dir, caption="plain")
    make_photo(dbsession, uploads_dir, caption="star", featured=True)
    found = service.items_for(dbsession, playlist(dbsession, featured_only=True), utcnow())
    assert captions(found) == ["star"]


def test_recent_days_keeps_featured_and_webcams_of_any_age(dbsession, uploads_dir):
    now = utcnow()
    make_photo(dbsession, uploads_dir, caption="old", when=now - 10 * DAY)
    make_photo(dbsession, uploads_dir, caption="old star", featured=True, when=now - 90 * DAY)
    make_photo(dbsession, uploads_dir, caption="fresh", when=now - DAY)
    cam = make_webcam(dbsession, caption="cam")
    cam.approved_at = now - 400 * DAY
    dbsession.flush()
    found = service.items_for(dbsession, playlist(dbsession, recent_days=7,
                                                  item_order="newest"), now)
    assert captions(found) == ["fresh", "old star", "cam"]


def test_recent_days_zero_means_any_age(dbsession, uploads_dir):
    now = utcnow()
    make_photo(dbsession, uploads_dir, caption="ancient", when=now - 300 * DAY)
    assert captions(service.items_for(dbsession, playlist(dbsession), now)) == ["ancient"]


def test_tags_rule_keeps_items_with_any_of_the_tags(dbsession, uploads_dir):
    make_photo(dbsession, uploads_dir, caption="hike", tags=("nature",))
    make_photo(dbsession, uploads_dir, caption="picnic", tags=("food", "family"))
    make_photo(dbsession, uploads_dir, caption="untagged")
    found = service.items_for(dbsession, playlist(dbsession, tags=["family", "nature"],
                                                  item_order="newest"), utcnow())
    assert sorted(captions(found)) == ["hike", "picnic"]


def test_partners_rule_keeps_items_of_those_places(dbsession, uploads_dir, place):
    other = make_partner(dbsession, "musee-des-beaux-arts", "museum", "Musée")
    make_photo(dbsession, uploads_dir, caption="at the café", partner=place)
    make_photo(dbsession, uploads_dir, caption="at the museum", partner=other)
    make_photo(dbsession, uploads_dir, caption="nowhere")
    found = service.items_for(dbsession, playlist(dbsession, partner_ids=[str(place.id)]),
                              utcnow())
    assert captions(found) == ["at the café"]


def test_max_items_keeps_the_newest(dbsession, uploads_dir):
    now = utcnow()
    for age in (3, 1, 2):
        make_photo(dbsession, uploads_dir, caption=f"{age} days", when=now - age * DAY)
    found = service.items_for(dbsession, playlist(dbsession, max_items=2,
                                                  item_order="newest"), now)
    assert captions(found) == ["1 days", "2 days"]


def test_featured_first_order(dbsession, uploads_dir):
    now = utcnow()
    make_photo(dbsession, uploads_dir, caption="new", when=now - DAY)
    make_photo(dbsession, uploads_dir, caption="old star", featured=True, when=now - 5 * DAY)
    make_photo(dbsession, uploads_dir, caption="older", when=now - 3 * DAY)
    found = service.items_for(dbsession, playlist(dbsession), now)
    assert captions(found) == ["old star", "new", "older"]


def test_newest_order_ignores_featured(dbsession, uploads_dir):
    now = utcnow()
    make_photo(dbsession, uploads_dir, caption="new", when=now - DAY)
    make_photo(dbsession, uploads_dir, caption="old star", featured=True, when=now - 5 * DAY)
    found = service.items_for(dbsession, playlist(dbsession, item_order="newest"), now)
    assert captions(found) == ["new", "old star"]


def test_shuffle_is_stable_within_a_day_and_changes_across_days(dbsession, uploads_dir):
    start = dt.datetime(2026, 7, 14, 6, 0, tzinfo=dt.timezone.utc)
    for number in range(8):
        make_photo(dbsession, uploads_dir, caption=f"photo {number}",
                   when=start - (number + 1) * DAY)
    shuffled = playlist(dbsession, item_order="shuffle")
    morning = captions(service.items_for(dbsession, shuffled, start))
    evening = captions(service.items_for(dbsession, shuffled, start + dt.timedelta(hours=14)))
    assert morning == evening
    assert sorted(morning) == sorted(f"photo {n}" for n in range(8))
    other_days = {tuple(captions(service.items_for(dbsession, shuffled, start + n * DAY)))
                  for n in range(1, 6)}
    assert len(other_days | {tuple(morning)}) > 1


BAD_VALUES = [
    ({"name": "  "}, "name", "Give the playlist a name."),
    ({"name": "x" * 121}, "name", "The name is too long"),
    ({"slug": "Web TV"}, "slug", "lowercase letters, digits and hyphens"),
    ({"slug": "-tv"}, "slug", "lowercase letters, digits and hyphens"),
    ({"recent_days": "366"}, "recent_days", "from 0 to 365"),
    ({"recent_days": "-1"}, "recent_days", "from 0 to 365"),
    ({"recent_days": "a week"}, "recent_days", "from 0 to 365"),
    ({"tags": ["nature", "karaoke"]}, "tags", "Unknown activity"),
    ({"partner_ids": ["999999"]}, "partner_ids", "no longer exists"),
    ({"partner_ids": ["abc"]}, "partner_ids", "Choose places"),
    ({"kinds": []}, "kinds", "at least one kind"),
    ({"kinds": ["photo", "hologram"]}, "kinds", "Choose kinds"),
    ({"max_items": "0"}, "max_items", "from 1 to 500"),
    ({"max_items": "501"}, "max_items", "from 1 to 500"),
    ({"photo_seconds": "2"}, "photo_seconds", "from 3 to 600"),
    ({"photo_seconds": "601"}, "photo_seconds", "from 3 to 600"),
    ({"item_order": "random"}, "item_order", "Choose an order"),
]


@pytest.mark.parametrize(("changes", "field", "words"), BAD_VALUES)
def test_create_refuses_a_bad_value_and_stores_nothing(dbsession, changes, field, words):
    with pytest.raises(InvalidField) as refused:
        playlist(dbsession, **changes)
    assert refused.value.on == field
    assert words in str(refused.value)
    assert service.all_playlists(dbsession) == []


def test_slug_taken_by_another_playlist_is_refused_but_its_own_is_kept(dbsession):
    first = playlist(dbsession)
    second = playlist(dbsession, slug="oasis-gare", name="Oasis")
    with pytest.raises(InvalidField, match="already has the address name web-tv"):
        service.update(dbsession, second, {"name": "Oasis", "slug": "web-tv"})
    assert second.slug == "oasis-gare"
    service.update(dbsession, first, {"name": "Web TV 2", "slug": "web-tv",
                                      "kinds": ["photo"], "photo_seconds": "12"})
    assert (first.name, first.kinds, first.photo_seconds) == ("Web TV 2", ["photo"], 12)


def test_defaults_play_every_kind(dbsession):
    created = playlist(dbsession, kinds=["clip", "photo", "webcam_image", "webcam_stream"])
    assert created.kinds == ["photo", "clip", "webcam_image", "webcam_stream"]
    assert (created.max_items, created.photo_seconds, created.recent_days) == (100, 8, 0)

"""The webcam service: the addresses a browser may be told to load, the refresh
interval, the office's webcams on the wall at once, a partner's waiting for a moderator
and going back to waiting when anything visitors see of them changes."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.services.errors import InvalidField, NotFound
from lanta_imagewall.services import webcams
from lanta_imagewall.services.moderation import Details

from wall_testing import make_partner, make_webcam

NOW = dt.datetime(2026, 7, 14, 10, 0, tzinfo=dt.timezone.utc)


def cam(url="https://webcams.example/pau.jpg", kind="webcam_image", refresh_s=None,
        **details) -> webcams.WebcamInput:
    return webcams.WebcamInput(kind=kind, url=url, refresh_s=refresh_s,
                               details=Details(caption=details.pop("caption", "Le pic"),
                                               **details))


@pytest.mark.parametrize("url", [
    "https://webcams.example/pau.jpg",
    "https://cams.pau.fr:8443/live/stream.m3u8?quality=hd",
    "HTTPS://WEBCAMS.EXAMPLE/a.jpg",
])
def test_addresses_accepted(url):
    assert webcams.check_address(f"  {url} ") == url


@pytest.mark.parametrize("url, words", [
    ("", "Give the webcam's address"),
    ("http://webcams.example/pau.jpg", "https://"),
    ("ftp://webcams.example/pau.jpg", "https://"),
    ("javascript:alert(1)", "https://"),
    ("https://admin:secret@webcams.example/pau.jpg", "user name or password"),
    ("https://admin@webcams.example/pau.jpg", "user name or password"),
    ("https:///pau.jpg", "no host"),
    ("https://webcams.example/a b.jpg", "spaces"),
    ("https://webcams.example:port/a.jpg", "not valid"),
    ("https://[::1/a.jpg", "not valid"),
    ("https://webcams.example/" + "a" * 480, "longer than 500"),
])
def test_addresses_refused(url, words):
    with pytest.raises(InvalidField) as refused:
        webcams.check_address(url)
    assert refused.value.on == "url" and words in str(refused.value)


def test_office_webcam_is_on_the_wall_at_once(dbsession, users, place):
    item = webcams.add(dbsession, cam(partner_id=place.id, tags=("nature",)), by_office=True,
                       by_user=users["staff"].id, now=NOW)
    assert item.on_wall and item.approved_at == NOW and item.moderated_by == users["staff"].id
    assert item.refresh_s == webcams.DEFAULT_REFRESH and item.tags == ["nature"]


def test_partner_webcam_waits_and_a_stream_has_no_refresh(dbsession, users, place):
    item = webcams.add(dbsession, cam(url="https://cams.example/live.m3u8",
                                      kind="webcam_stream", refresh_s=30,
                                      partner_id=place.id),
                       by_office=False, by_user=users["partner"].id, now=NOW)
    assert item.status == "pending" and item.processing == "ready"
    assert item.refresh_s is None and item.approved_at is None


@pytest.mark.parametrize("webcam, field", [
    (cam(refresh_s=9), "refresh_s"),
    (cam(refresh_s=3601), "refresh_s"),
    (cam(kind="photo"), "kind"),
    (cam(url="http://x.example/a.jpg"), "url"),
    (cam(caption=""), "caption"),
    (cam(tags=("boredom",)), "tags"),
])
def test_refusals_write_nothing(dbsession, webcam, field):
    with pytest.raises(InvalidField) as refused:
        webcams.add(dbsession, webcam, by_office=True, by_user=None, now=NOW)
    assert refused.value.on == field
    assert webcams.of_partner(dbsession, 0) == []


def test_refresh_text_must_be_a_number():
    assert webcams.refresh_from_text(" 120 ") == 120 and webcams.refresh_from_text("") is None
    with pytest.raises(InvalidField):
        webcams.refresh_from_text("soon")


def partner_cam(place, **changes) -> webcams.WebcamInput:
    """The partner's webcam as :func:`make_webcam` made it, with ``changes``."""
    values = {"url": "https://webcams.example/pau.jpg", "refresh_s": 60,
              "caption": "Le boulevard des Pyrénées en direct", "credit": "Ville de Pau",
              "partner_id": place.id, **changes}
    return cam(**values)


def test_partner_changing_only_the_refresh_stays_on_the_wall(dbsession, place):
    item = make_webcam(dbsession, partner=place)
    item.featured = True
    assert not webcams.update(dbsession, item, partner_cam(place, refresh_s=120),
                              by_office=False)
    assert (item.status, item.featured, item.refresh_s) == ("approved", True, 120)


@pytest.mark.parametrize("changes", [
    {"url": "https://webcams.example/new.jpg"},
    {"kind": "webcam_stream", "refresh_s": None},
    {"caption": "Nouveau titre"},
    {"credit": "Un autre nom"},
    {"tags": ("nature",)},
    {"place_name": "Le boulevard"},
    {"lat": 43.29, "lon": -0.37},
], ids=lambda changes: next(iter(changes)))
def test_partner_changing_what_visitors_see_goes_back_to_the_queue(dbsession, place,
                                                                  changes):
    item = make_webcam(dbsession, partner=place)
    item.featured = True
    assert webcams.update(dbsession, item, partner_cam(place, **changes), by_office=False)
    assert item.status == "pending" and not item.featured
    assert all(getattr(item, "webcam_url" if name == "url" else name) == (
        list(value) if name == "tags" else value) for name, value in changes.items())


def test_office_changing_the_address_or_caption_keeps_the_state(dbsession, place):
    item = make_webcam(dbsession, partner=place)
    assert not webcams.update(dbsession, item, cam(url="https://webcams.example/new.jpg",
                                                   caption="Autre titre"), by_office=True)
    assert item.status == "approved" and item.caption == "Autre titre"


def test_a_partner_reaches_only_its_own_webcams(dbsession, place):
    other = make_partner(dbsession, "hotel-du-gave", "hotel", "Hôtel du Gave")
    mine = make_webcam(dbsession, partner=place)
    theirs = make_webcam(dbsession, partner=other, url="https://webcams.example/gave.jpg")
    assert webcams.of_partner(dbsession, place.id) == [mine]
    assert webcams.partner_webcam(dbsession, place.id, mine.id) is mine
    with pytest.raises(NotFound):
        webcams.partner_webcam(dbsession, place.id, theirs.id)

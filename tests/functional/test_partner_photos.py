"""Photos of partners' listings: the office adds them at once, a partner's wait for an
editor; visitors, search engines and API clients see the approved ones, in order."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from webtest import Upload

from lanta.models import PartnerPhoto, StoredImage
from lanta.services import partner_changes, partner_photos
from lanta.services import partners as partners_service
from lanta.testing_files import jpeg_bytes


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def gave(dbsession, users):
    partner = partners_service.create(dbsession, {
        "slug": "hotel-du-gave", "category": "hotel",
        "name": {"fr": "Hôtel du Gave", "en": "Gave Hotel"}, "city": "Lanta"})
    partner_changes.set_members(dbsession, partner, [users["partner"]])
    return partner


def send(testapp, url, alt="", credit="", data=None, status="*"):
    form = testapp.get(url).forms["photo-form"]
    form["image_alt"] = alt
    form["credit"] = credit
    form["upload"] = Upload("photo.jpg", data if data is not None else jpeg_bytes())
    return form.submit("add", status=status)


def act(testapp, url, photo, action, status=302, **fields):
    token = testapp.get(url).html.find("input", {"name": "csrf_token"})["value"]
    return testapp.post(url, {"csrf_token": token, "photo": str(photo.id), "action": action,
                              **fields}, status=status)


def photo_rows(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(PartnerPhoto))


def test_the_office_adds_photos_that_visitors_see_in_order(testapp, login, gave, dbsession):
    url = f"/admin/partners/{gave.id}/photos"
    login("editor")
    refused = send(testapp, url, alt="", status=400)
    assert "Required" in refused.text or "required" in refused.text
    fake = send(testapp, url, alt="Terrace", data=b"GIF89a not really", status=400)
    assert "not a PNG, JPEG or WebP image" in fake.text
    assert photo_rows(dbsession) == 0
    assert dbsession.scalar(select(func.count()).select_from(StoredImage)) == 0

    send(testapp, url, alt="The terrace", credit="Anna P.", data=jpeg_bytes(1600, 900),
         status=302)
    send(testapp, url, alt="A double room", status=302)
    terrace, room = partner_photos.all_of(dbsession, gave)
    assert terrace.approved and terrace.image.credit == "Anna P."

    page = testapp.get("/en/partners/hotel-du-gave").html
    shown = [img["alt"] for img in page.select(".partner-gallery img")]
    assert shown == ["The terrace", "A double room"]
    assert "© Anna P." in page.select_one(".partner-gallery figcaption").text
    first = page.select(".partner-gallery img")
    assert "loading" not in first[0].attrs and first[1]["loading"] == "lazy"
    jsonld = json.loads(page.find("script", type="application/ld+json").string)
    assert jsonld["image"][0].endswith(f"/media/images/{terrace.image.key}/1280.jpg")

    # Lists of partners lead with the first photo.
    card = testapp.get("/en/partners/").html.find(attrs={"data-slug": "hotel-du-gave"})
    assert card.select_one(".partner-card__picture img")["alt"] == "The terrace"

    act(testapp, url, room, "up")
    assert [p.image.alt for p in partner_photos.all_of(dbsession, gave)] == [
        "A double room", "The terrace"]
    api = testapp.get(f"/api/v1/partners/{gave.id}").json
    assert [p["alt"] for p in api["photos"]] == ["A double room", "The terrace"]
    assert api["photos"][1]["url"].endswith("/1280.jpg") and api["photos"][1]["width"] == 1600
    assert api["photos"][1]["credit"] == "Anna P."

    # A description that cannot be kept re-displays what was typed, with the reason.
    again = act(testapp, url, terrace, "describe", status=400, alt="   ", credit="Anna")
    item = again.html.find(id=f"photo-{terrace.id}")
    assert "Describe the picture" in item.text
    assert item.find("input", {"name": "credit"})["value"] == "Anna"
    act(testapp, url, terrace, "describe", alt="The terrace at noon", credit="")
    assert terrace.image.alt == "The terrace at noon" and terrace.image.credit == ""

    act(testapp, url, room, "remove")
    assert [p.image.alt for p in partner_photos.all_of(dbsession, gave)] == [
        "The terrace at noon"]
    assert dbsession.scalar(select(func.count()).select_from(StoredImage)) == 1


def test_a_partners_photo_waits_for_the_office(testapp, login, gave, dbsession):
    login("partner")
    assert "/partner/hotel-du-gave/photos" in testapp.get("/partner/").text
    url = "/partner/hotel-du-gave/photos"
    send(testapp, url, alt="Breakfast on the terrace", status=302)
    photo = partner_photos.all_of(dbsession, gave)[0]
    assert not photo.approved
    assert testapp.get(url).html.find(attrs={"data-approved": "no"}) is not None
    act(testapp, url, photo, "approve", status=400)
    assert not testapp.get("/en/partners/hotel-du-gave").html.select(".partner-gallery img")

    login("editor")
    queue = testapp.get("/admin/partners/changes").html
    listed = queue.find(attrs={"data-photo": str(photo.id)})
    assert "Breakfast on the terrace" in listed.text
    act(testapp, f"/admin/partners/{gave.id}/photos", photo, "approve")
    assert photo.approved
    assert [img["alt"] for img in testapp.get("/en/partners/hotel-du-gave").html.select(
        ".partner-gallery img")] == ["Breakfast on the terrace"]

    # Taking a photo away needs no approval: it shows visitors nothing new.
    login("partner")
    act(testapp, url, photo, "remove")
    assert photo_rows(dbsession) == 0


def test_partners_reach_only_their_own_listing_photos(testapp, login, gave, dbsession):
    other = partners_service.create(dbsession, {"slug": "autre", "category": "bar",
                                                "name": {"fr": "Autre"}})
    foreign = partner_photos.add(dbsession, _uploads(testapp), other, _clean(), alt="Bar")
    login("partner")
    testapp.get("/partner/autre/photos", status=404)
    act(testapp, "/partner/hotel-du-gave/photos", foreign, "remove", status=400)
    assert photo_rows(dbsession) == 1
    login("editor")
    testapp.get("/admin/partners/99999/photos", status=404)


def test_a_listing_holds_a_bounded_number_of_photos(testapp, login, gave, dbsession,
                                                    monkeypatch):
    monkeypatch.setattr(partner_photos, "MAX_PHOTOS", 1)
    url = f"/admin/partners/{gave.id}/photos"
    login("editor")
    send(testapp, url, alt="One", status=302)
    refused = send(testapp, url, alt="Two", status=409)
    assert "1 photos at most" in refused.text
    assert refused.forms["photo-form"]["image_alt"].value == "Two"
    assert photo_rows(dbsession) == 1


def _uploads(testapp):
    return testapp.app.registry.lanta_settings.uploads_dir


def _clean():
    import io

    from lanta.services import images
    return images.read_upload(io.BytesIO(jpeg_bytes(400, 300)))

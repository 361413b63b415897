"""An item's office page (preview, edit form, decisions, retry, deletion) and the
contributors' removals, through the real application; the pages' HTML is valid."""
from __future__ import annotations

import pytest

from lanta.testing import mail_text
from lanta_imagewall.models import Item

from wall_testing import make_partner, make_photo, make_webcam


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the French catalog says.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def editor(testapp, login, imagewall_on):
    login("editor")
    return testapp


def url(item: Item) -> str:
    return f"/admin/imagewall/items/{item.id}"


def test_page_shows_consent_and_edits_the_item(editor, dbsession, uploads_dir, place):
    item = make_photo(dbsession, uploads_dir, status="pending", email="anne@example.org")
    page = editor.get(url(item))
    facts = page.html.find(id="imagewall-facts").text
    assert "anne@example.org" in facts and "version test" in facts
    assert "Yes, says the contributor" in facts
    assert page.html.find(class_="iw-item__preview").find("img") is not None
    form = page.forms["item-form"]
    assert form["caption"].value == "Le pic du Midi d'Ossau"
    options = [text for _value, _sel, text in form["partner_id"].options]
    assert "Café des Pyrénées" in options
    form["caption"] = "Le pic au lever du jour"
    form["partner_id"] = str(place.id)
    form["lat"], form["lon"] = "42,85", "-0,44"
    form.get("tags", index=1).checked = True  # thrills
    form.submit("action", value="save", status=303)
    assert item.caption == "Le pic au lever du jour" and item.partner_id == place.id
    assert (item.lat, item.lon) == (42.85, -0.44) and item.tags == ["thrills"]
    assert item.status == "pending"


def test_refused_edit_keeps_what_was_typed(editor, dbsession, uploads_dir):
    hidden = make_partner(dbsession, "ferme-cachee", "shop", "Ferme cachée")
    hidden.published = False
    item = make_photo(dbsession, uploads_dir, status="pending")
    form = editor.get(url(item)).forms["item-form"]
    assert str(hidden.id) not in [value for value, _sel, _text in form["partner_id"].options]
    form["caption"] = "x" * 281
    form["place_name"] = "Col d'Aubisque"
    refused = form.submit("action", value="save", status=400)
    assert "longer than 280 characters" in refused.html.find(id="caption-error").text
    assert refused.forms["item-form"]["place_name"].value == "Col d'Aubisque"
    assert item.caption == "Le pic du Midi d'Ossau" and item.place_name == ""


def test_reject_from_the_item_page_mails_the_contributor(editor, dbsession, uploads_dir,
                                                         outbox):
    item = make_photo(dbsession, uploads_dir, status="pending", email="anne@example.org")
    outbox.new()
    page = editor.get(url(item))
    refused = page.forms["reject"].submit("action", value="reject", status=400)
    assert "Give the reason" in refused.html.find(id="reason-error").text
    assert item.status == "pending" and outbox.new() == []
    form = editor.get(url(item)).forms["reject"]
    form["reason"] = "Someone's face is shown without their agreement."
    form.submit("action", value="reject", status=303)
    assert item.status == "rejected"
    (mail,) = outbox.new()
    assert mail["To"] == "anne@example.org"
    assert "Someone's face is shown without their agreement." in mail_text(mail)


def test_no_mail_without_email(editor, dbsession, uploads_dir, outbox):
    item = make_photo(dbsession, uploads_dir, status="pending")
    outbox.new()
    form = editor.get(url(item)).forms["reject"]
    form["reason"] = "Off topic."
    form.submit("action", value="reject", status=303)
    assert item.status == "rejected" and outbox.new() == []


def test_processing_item_is_not_approved(editor, dbsession, uploads_dir):
    item = make_photo(dbsession, uploads_dir, status="pending")
    item.processing = "queued"
    dbsession.flush()
    refused = editor.get(url(item)).forms["approve-form"].submit("action", value="approve",
                                                                 status=409)
    assert "not ready to be shown" in refused.html.find(id="imagewall-error").text
    assert item.status == "pending"


def test_approve_then_feature_then_unfeature(editor, dbsession, uploads_dir):
    item = make_photo(dbsession, uploads_dir, status="pending")
    editor.get(url(item)).forms["approve-form"].submit("action", value="approve", status=303)
    assert item.status == "approved" and item.approved_at is not None
    editor.get(url(item)).forms["feature-form"].submit("action", value="feature", status=303)
    assert item.featured
    editor.get(url(item)).forms["feature-form"].submit("action", value="unfeature",
                                                       status=303)
    assert not item.featured


def test_retry_a_failed_item(editor, dbsession, uploads_dir):
    item = make_photo(dbsession, uploads_dir, status="pending")
    item.processing, item.processing_attempts = "failed", 3
    item.processing_error = "The picture could not be read."
    dbsession.flush()
    page = editor.get(url(item))
    assert "The picture could not be read." in page.html.find(id="imagewall-facts").text
    page.forms["retry-form"].submit(status=303)
    assert item.processing == "queued" and item.processing_attempts == 0
    token = page.forms["retry-form"]["csrf_token"].value
    again = editor.post(f"{url(item)}/retry", {"csrf_token": token}, status=409)
    assert "Only an item whose processing failed" in again.text


def test_delete_needs_confirmation_then_removes_row_and_files(editor, dbsession,
                                                              uploads_dir):
    item = make_photo(dbsession, uploads_dir)
    item_id, folder = item.id, uploads_dir / "images" / item.image.key
    token = editor.get(url(item)).forms["delete-form"]["csrf_token"].value
    editor.post(f"{url(item)}/delete", {"csrf_token": token}, status=400)
    assert dbsession.get(Item, item_id) is not None and folder.is_dir()
    form = editor.get(url(item)).forms["delete-form"]
    form["confirm"] = True
    form.submit(status=303)
    dbsession.expire_all()
    assert dbsession.get(Item, item_id) is None and folder.is_dir()
    dbsession.commit()  # the request's commit, which testapp leaves to the test
    assert not folder.exists()


def test_office_edits_a_webcam_address_without_queueing_it(editor, dbsession):
    cam = make_webcam(dbsession)
    page = editor.get(url(cam))
    assert page.html.find(class_="iw-item__preview").find("img") is None
    form = page.forms["item-form"]
    form["url"] = "https://webcams.example/pau-2.jpg"
    form.submit("action", value="save", status=303)
    assert cam.webcam_url == "https://webcams.example/pau-2.jpg" and cam.status == "approved"
    form = editor.get(url(cam)).forms["item-form"]
    form["url"] = "http://webcams.example/pau-2.jpg"
    refused = form.submit("action", value="save", status=400)
    assert "https://" in refused.html.find(id="url-error").text


def test_unknown_item_is_404(editor):
    editor.get("/admin/imagewall/items/999999", status=404)


def test_contributor_removal_takes_every_item_and_file(editor, dbsession, uploads_dir):
    mine = [make_photo(dbsession, uploads_dir, status="pending", email="Anne@Example.org"),
            make_photo(dbsession, uploads_dir, email="anne@example.org")]
    other = make_photo(dbsession, uploads_dir, email="paul@example.org")
    ids = [item.id for item in mine]
    folders = [uploads_dir / "images" / item.image.key for item in mine]
    page = editor.get("/admin/imagewall/contributors", {"email": "ANNE@example.org"})
    assert {int(li["data-item"]) for li in page.html.find(id="contributor-items")("li")} \
        == set(ids)
    form = page.forms["contributor-remove"]
    refused = form.submit(status=400)
    assert "Tick the box" in refused.html.find(id="imagewall-error").text
    form = editor.get("/admin/imagewall/contributors",
                      {"email": "anne@example.org"}).forms["contributor-remove"]
    form["confirm"] = True
    response = form.submit(status=303)
    assert "anne" not in response.location.lower()
    assert response.location.endswith("/admin/imagewall/contributors")
    done = response.follow()
    assert done.html.find(class_="flash").text.strip() == (
        "2 items of this contributor removed, with their files.")
    assert done.html.find(id="contributor-items") is None
    dbsession.expire_all()
    assert all(dbsession.get(Item, i) is None for i in ids)
    assert all(folder.is_dir() for folder in folders)
    dbsession.commit()  # the request's commit, which testapp leaves to the test
    assert not any(folder.exists() for folder in folders)
    assert dbsession.get(Item, other.id) is not None


def test_pages_are_valid_html(editor, dbsession, uploads_dir, tmp_path, place):
    from lanta.testing import vnu_errors

    photo = make_photo(dbsession, uploads_dir, status="pending", email="anne@example.org",
                       partner=place, tags=("food", "culture"))
    failed = make_photo(dbsession, uploads_dir, status="pending", caption="Échec")
    failed.processing, failed.processing_error = "failed", "Unreadable."
    cam = make_webcam(dbsession)
    dbsession.flush()
    refused = editor.get(url(photo)).forms["item-form"]
    refused["caption"] = ""
    pages = {
        "queue": editor.get("/admin/imagewall/").text,
        "all": editor.get("/admin/imagewall/?tab=all").text,
        "photo": editor.get(url(photo)).text,
        "failed": editor.get(url(failed)).text,
        "webcam": editor.get(url(cam)).text,
        "refused": refused.submit("action", value="save", status=400).text,
        "contributors": editor.get("/admin/imagewall/contributors",
                                   {"email": "anne@example.org"}).text,
        "add": editor.get("/admin/imagewall/webcams/add").text,
    }
    assert vnu_errors(pages, tmp_path) == []


def test_clip_preview_loads_nothing_before_play(editor, dbsession, uploads_dir):
    clip = make_photo(dbsession, uploads_dir, status="pending", caption="Descente du gave")
    clip.kind, clip.video_name, clip.video_type = "clip", "ab" * 16 + ".mp4", "mp4"
    clip.poster_note = "No ffmpeg on this server: no poster frame."
    dbsession.flush()
    page = editor.get(url(clip)).html
    video = page.find("video")
    assert video["preload"] == "none" and video.has_attr("controls")
    assert video["poster"].endswith(".jpg")
    assert video.source["src"].endswith(f"/imagewall/videos/{'ab' * 16}.mp4")
    assert video.source["type"] == "video/mp4"
    assert "No ffmpeg on this server" in page.find(id="imagewall-facts").text

"""The contribution form with real files: a phone's JPEG (kept privately as sent, its
GPS position gone once processed), a phone's clip (its position blanked at upload, still
playable), clips served only once on the wall (moderators always), every impostor
refused with its sentence and nothing kept (no row, no file), a form refused for its
fields not decoding its file, the values typed kept on a refusal, the bounds (413,
429), a position rounded to about 100 m, the sender's account recorded, and an upload
accepted by the page processed later by a fresh call (what a restart leaves)."""
from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from lanta.testing import (
    decompression_bomb, jpeg_with_gps, mp4_bytes, png_bytes, truncated_jpeg)
from lanta.models import utcnow
from lanta.services import images
from lanta_imagewall.models import Item, RefusedUpload
from lanta_imagewall.services import contributions, files, processing

PAGE = "/en/wall/contribute"
LOCATION = "+43.2951-000.3708/"


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def send(testapp, data: bytes, filename: str = "photo.jpg", status: int = 303, **fields):
    token = testapp.get(PAGE).forms["contribute-form"]["csrf_token"].value
    values = {"csrf_token": token, "caption": "Sunrise on the Ossau", "credit": "Anne",
              "email": "", "partner_id": "", "lat": "", "lon": "", "place_name": "",
              "accepted_terms": "yes", "people_consent": "yes", **fields}
    params = [(k, v) for k, v in values.items() if not isinstance(v, list)]
    params += [(k, item) for k, v in values.items() if isinstance(v, list) for item in v]
    return testapp.post(PAGE, params=params, upload_files=[("upload", filename, data)],
                        status=status)


def items(dbsession) -> int:
    return dbsession.scalar(select(func.count(Item.id)))


def test_form_shows_fields_terms_and_places(testapp, imagewall_on, place):
    page = testapp.get(PAGE)
    form = page.forms["contribute-form"]
    assert form["upload"].attrs["accept"] == "image/*,video/*"
    assert "crop it and broadcast it" in page.text
    assert "Café des Pyrénées" in page.text
    assert {"accepted_terms", "people_consent", "caption", "credit", "email"} <= set(
        form.fields)
    assert page.headers["Cache-Control"] == "private, no-store"


def test_jpeg_with_gps_is_accepted_and_stored_without_metadata(
        testapp, imagewall_on, dbsession, uploads_dir, place):
    sent = send(testapp, jpeg_with_gps(), caption="  Le  pic ", credit="Anne",
                email="Anne@Example.org", tags=["nature", "family"],
                partner_id=str(place.id))
    assert sent.location.endswith("/en/wall/contribute/sent")
    assert "once the office has seen it" in sent.follow().text
    item = dbsession.scalar(select(Item))
    assert (item.kind, item.status, item.processing) == ("photo", "pending", "queued")
    assert item.caption == "Le pic" and item.contributor_email == "anne@example.org"
    assert item.tags == ["family", "nature"] and item.partner_id == place.id
    assert item.terms_version == contributions.TERMS_VERSION and item.people_consent
    assert item.terms_accepted_at is not None and item.contributor_lang == "en"
    assert item.client_hash and "127.0.0.1" not in item.client_hash
    # Kept as sent in the private incoming folder (never served) until the worker has
    # cleaned it: the answer does no decoding.
    waiting = files.incoming_path(uploads_dir, item.incoming_name)
    with Image.open(waiting) as raw:
        assert raw.getexif().get_ifd(0x8825)  # the position is still in the raw file
    processing.process_next(dbsession, uploads_dir)
    dbsession.refresh(item)
    assert item.processing == "ready" and not waiting.exists()
    for path in (uploads_dir / images.FOLDER / item.image.key).iterdir():
        with Image.open(path) as picture:
            assert not picture.getexif(), path.name
    with Image.open(uploads_dir / images.FOLDER / item.image.key / "original.jpg") as kept:
        assert kept.size == (1200, 800)
    files.delete_items(dbsession, uploads_dir, [item])


@pytest.mark.parametrize("data, filename, message", [
    (b"Dear office, here are my holiday notes.\n" * 30, "notes.jpg",
     "This file is neither a photo (JPEG, PNG, WebP) nor a video (MP4, WebM)."),
    (decompression_bomb(), "bomb.png", "The image is too large: at most 50 million pixels."),
    (truncated_jpeg(), "cut.jpg", "The image is damaged and cannot be read."),
    (png_bytes()[:-2000], "cut.png", "The image is damaged and cannot be read."),
    (mp4_bytes()[:3000], "cut.mp4", "This file is not an MP4 or WebM video."),
], ids=["text-as-jpg", "bomb", "truncated-jpeg", "truncated-png", "truncated-mp4"])
def test_impostors_refused_with_their_sentence_and_nothing_kept(
        testapp, imagewall_on, dbsession, uploads_dir, data, filename, message):
    before = files.count_files(uploads_dir)
    refused = send(testapp, data, filename, status=400, caption="Kept caption")
    assert message in refused.text
    assert refused.forms["contribute-form"]["caption"].value == "Kept caption"
    assert items(dbsession) == 0
    assert files.count_files(uploads_dir) == before


def test_oversized_photo_is_refused_with_413(testapp, imagewall_on, dbsession, monkeypatch):
    monkeypatch.setitem(testapp.app.registry.settings,
                        contributions.MAX_PHOTO_MB_SETTING, "0.05")
    refused = send(testapp, png_bytes(), "big.png", status=413)
    assert "The photo is larger than 0.05 MB" in refused.text
    assert items(dbsession) == 0


def test_every_missing_field_is_said_beside_it_and_values_kept(
        testapp, imagewall_on, dbsession):
    refused = send(testapp, jpeg_with_gps(), status=400, caption="", credit="",
                   email="not-an-address", accepted_terms="", people_consent="",
                   lat="43.3", lon="", tags=["nature", "skiing-on-the-moon"],
                   place_name="Gourette")
    for sentence in ("Write a caption", "Give the name to show as credit.",
                     "This e-mail address is not valid", "Accept the terms of use",
                     "Confirm that the people shown agree.",
                     "The position needs both a latitude and a longitude.",
                     "Choose activities from the list."):
        assert sentence in refused.text, sentence
    form = refused.forms["contribute-form"]
    assert form["email"].value == "not-an-address" and form["place_name"].value == "Gourette"
    assert items(dbsession) == 0


def test_unpublished_place_and_position_out_of_range_are_refused(
        testapp, imagewall_on, dbsession, place):
    place.published = False
    dbsession.flush()
    refused = send(testapp, png_bytes(), "p.png", status=400, partner_id=str(place.id),
                   lat="95", lon="0")
    assert "Choose a place from the list." in refused.text
    assert "The position is outside the map." in refused.text
    assert items(dbsession) == 0


def test_a_sender_is_limited_to_twenty_uploads_an_hour(testapp, imagewall_on, dbsession):
    sender = contributions.client_hash(testapp.app.registry.lanta_settings.secret,
                                       "127.0.0.1")
    for _ in range(contributions.PER_HOUR):
        dbsession.add(Item(kind="photo", caption="x", credit="y", client_hash=sender,
                           incoming_name=None))
    dbsession.flush()
    refused = send(testapp, jpeg_with_gps(), status=429)
    assert "You have sent 20 pictures in the last hour" in refused.text
    assert items(dbsession) == contributions.PER_HOUR


def test_refused_files_count_toward_the_hour_and_refused_fields_do_not(
        testapp, imagewall_on, dbsession):
    sender = contributions.client_hash(testapp.app.registry.lanta_settings.secret,
                                       "127.0.0.1")
    now = utcnow()
    dbsession.add(RefusedUpload(client_hash=sender, created_at=now - dt.timedelta(hours=2)))
    dbsession.add_all(RefusedUpload(client_hash=sender, created_at=now)
                      for _ in range(contributions.PER_HOUR - 2))
    dbsession.flush()
    # A form refused for a field: its file is only sniffed, and it does not count.
    send(testapp, jpeg_with_gps(), status=400, accepted_terms="")
    # A file read and refused counts; the one of two hours ago is gone.
    refused = send(testapp, truncated_jpeg(), status=400)
    assert "The image is damaged and cannot be read." in refused.text
    senders = dbsession.scalars(select(RefusedUpload.created_at).where(
        RefusedUpload.client_hash == sender)).all()
    assert len(senders) == contributions.PER_HOUR - 1
    assert min(senders) > now - dt.timedelta(hours=1)
    send(testapp, jpeg_with_gps())  # the last upload of the hour
    refused = send(testapp, jpeg_with_gps(), status=429)
    assert "You have sent 20 pictures in the last hour" in refused.text
    assert items(dbsession) == 1


def test_request_without_csrf_token_is_refused(testapp, imagewall_on, dbsession):
    testapp.post(PAGE, params={"caption": "x"}, status=400)
    assert items(dbsession) == 0


def test_a_logged_in_senders_account_is_recorded(testapp, imagewall_on, login, users,
                                                 dbsession):
    login("editor")
    send(testapp, png_bytes(), "p.png", lat="43.29", lon="-0.37")
    item = dbsession.scalar(select(Item))
    assert item.contributor_user_id == users["editor"].id
    assert (item.lat, item.lon) == (43.29, -0.37)


def test_clip_is_stored_whole_and_served_by_range_once_on_the_wall(
        testapp, imagewall_on, dbsession, uploads_dir, login):
    clip = mp4_bytes()
    send(testapp, clip, "clip.mov")
    item = dbsession.scalar(select(Item))
    assert (item.kind, item.video_type) == ("clip", "mp4")
    stored = files.video_path(uploads_dir, item.video_name).read_bytes()
    assert len(stored) == len(clip)  # metadata boxes blanked in place, nothing moved
    url = f"/imagewall/videos/{item.video_name}"
    testapp.get(url, status=404)  # pending: visitors cannot fetch it
    item.status, item.processing = "approved", "ready"
    dbsession.flush()
    whole = testapp.get(url)
    assert whole.content_type == "video/mp4" and whole.body == stored
    assert whole.headers["Cache-Control"] == "public, max-age=3600"
    part = testapp.get(url, headers={"Range": "bytes=10-109"}, status=206)
    assert part.body == stored[10:110]
    testapp.get("/imagewall/videos/" + "0" * 32 + ".mp4", status=404)
    testapp.get("/imagewall/videos/..%2F..%2Fetc%2Fpasswd", status=404)
    item.status = "rejected"
    dbsession.flush()
    testapp.get(url, status=404)
    login("editor")  # a moderator sees any clip, kept by no cache
    seen = testapp.get(url)
    assert seen.body == stored and seen.headers["Cache-Control"] == "private, no-store"
    files.delete_items(dbsession, uploads_dir, [item])


def located_clip(folder: Path, container: str) -> bytes:
    """A real clip holding a phone-like position: MP4 with an mdta key (as iPhones
    write) or MOV with ``©xyz``; ffprobe confirms the position is there."""
    target = folder / f"located.{container}"
    options = ["-movflags", "use_metadata_tags"] if container == "mp4" else []
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=duration=1:size=160x120:rate=10", "-c:v", "libx264",
                    "-pix_fmt", "yuv420p", "-metadata", f"location={LOCATION}", *options,
                    str(target)], check=True, capture_output=True)
    assert LOCATION in probe(target, "format_tags=location")
    return target.read_bytes()


def probe(path: Path, entries: str) -> str:
    return subprocess.run(["ffprobe", "-v", "error", "-show_entries", entries, "-of",
                           "default=noprint_wrappers=1:nokey=1", str(path)],
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize("container", ["mp4", "mov"])
def test_a_clips_position_is_gone_once_uploaded(testapp, imagewall_on, dbsession,
                                                uploads_dir, tmp_path, container):
    clip = located_clip(tmp_path, container)
    assert LOCATION.encode() in clip
    send(testapp, clip, f"IMG_0001.{container.upper()}")
    item = dbsession.scalar(select(Item))
    path = files.video_path(uploads_dir, item.video_name)
    stored = path.read_bytes()
    assert LOCATION.encode() not in stored and b"location" not in stored
    assert len(stored) == len(clip)
    assert LOCATION not in probe(path, "format_tags")
    assert float(probe(path, "format=duration")) == pytest.approx(1.0, abs=0.2)
    files.delete_items(dbsession, uploads_dir, [item])


def test_a_form_refused_for_its_fields_does_not_decode_the_file(
        testapp, imagewall_on, dbsession):
    # A bomb with a missing caption: only the caption is said; the picture was not
    # decoded (the bomb's refusal would need it), only recognised by its first bytes.
    refused = send(testapp, decompression_bomb(), "bomb.png", status=400, caption="")
    assert "Write a caption" in refused.text
    assert "50 million pixels" not in refused.text
    # A file of no known kind is still said at once.
    refused = send(testapp, b"plain text " * 20, "notes.jpg", status=400, caption="")
    assert "This file is neither a photo" in refused.text
    assert items(dbsession) == 0


def test_a_position_is_kept_to_about_a_hundred_metres(dbsession, tmp_path):
    item = contributions.contribute(
        dbsession, tmp_path, upload=io.BytesIO(png_bytes()), caption="Col d'Aubisque",
        credit="Anne", lat="43.295149", lon="-0,370812", accepted_terms=True,
        people_consent=True)
    assert (item.lat, item.lon) == (43.295, -0.371)


def test_upload_accepted_by_the_page_is_processed_by_a_later_call(
        testapp, imagewall_on, dbsession, uploads_dir):
    send(testapp, jpeg_with_gps())
    item = dbsession.scalar(select(Item))
    waiting = files.incoming_path(uploads_dir, item.incoming_name)
    assert waiting.is_file()
    # A fresh call with nothing kept in memory: what a restarted server does first.
    assert processing.process_all(dbsession, uploads_dir) == 1
    dbsession.refresh(item)
    assert item.processing == "ready" and item.image is not None
    assert item.incoming_name is None and not waiting.exists()
    files.delete_items(dbsession, uploads_dir, [item])


def test_unknown_language_is_not_found(testapp, imagewall_on):
    testapp.get("/xx/wall/contribute", status=404)


def test_form_is_not_found_while_the_addon_is_disabled(testapp):
    testapp.get(PAGE, status=404)


def test_no_file_chosen_is_said_beside_the_file_field(testapp, imagewall_on, dbsession):
    token = testapp.get(PAGE).forms["contribute-form"]["csrf_token"].value
    refused = testapp.post(PAGE, params={
        "csrf_token": token, "caption": "A caption", "credit": "Anne",
        "accepted_terms": "yes", "people_consent": "yes"},
        upload_files=[("upload", "", b"")], status=400)
    assert "Choose a photo or a video to send." in refused.text
    assert items(dbsession) == 0


def test_french_form_by_default(testapp, imagewall_on):
    page = testapp.get("/fr/wall/contribute", headers={"Accept-Language": "fr"})
    assert page.html.find("html")["lang"] == "fr"
    assert page.forms["contribute-form"].action.endswith("/fr/wall/contribute")

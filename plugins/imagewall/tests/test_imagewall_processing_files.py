"""Processing with real files: a phone's JPEG leaves no EXIF (GPS included) in its
original nor in any rendition, PNG and WebP get their renditions, a rotated photo is
stored upright, a clip gets its poster frame and length from ffmpeg (and, without
ffmpeg, is ready with a note saying why), a failing item waits 30 s then 2 min between
attempts and ends ``failed`` after three with a fixed sentence translated for the
moderator, a result for an item deleted or taken again meanwhile is dropped with its
files, and an item whose worker died is taken again once its lease has run out."""
from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from sqlalchemy import delete, func, select

from lanta.models import StoredImage, utcnow
from lanta.services import images
from lanta.testing import jpeg_rotated, jpeg_with_gps, mp4_bytes, png_bytes, webp_bytes
from lanta_imagewall.models import Item
from lanta_imagewall.services import contributions, files, posters, processing


def contribute(dbsession, uploads_dir: Path, data: bytes, **fields) -> Item:
    values = {"caption": "Sunrise on the Ossau", "credit": "Anne", "accepted_terms": True,
              "people_consent": True, **fields}
    return contributions.contribute(dbsession, uploads_dir, upload=io.BytesIO(data),
                                    **values)


def rendition_files(uploads_dir: Path, item: Item) -> list[Path]:
    folder = uploads_dir / images.FOLDER / item.image.key
    return sorted(folder.iterdir())


def test_gps_and_every_exif_field_are_gone_from_original_and_renditions(dbsession, tmp_path):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.getexif().get_ifd(0x8825)  # the test file does carry a position
    item = contribute(dbsession, tmp_path, original)
    processed = processing.process_next(dbsession, tmp_path)
    assert processed.id == item.id and processed.processing == "ready"
    stored = rendition_files(tmp_path, processed)
    assert {p.name for p in stored} >= {"original.jpg", "320.jpg", "320.webp", "640.jpg",
                                        "640.webp", "960.webp"}
    for path in stored:
        with Image.open(path) as picture:
            assert not picture.getexif(), path.name
            assert "exif" not in picture.info and "xmp" not in picture.info, path.name
        assert b"Lanta test camera" not in path.read_bytes()
    assert processed.image.alt == "Sunrise on the Ossau" and processed.image.credit == "Anne"
    assert files.count_files(tmp_path) == 0  # the waiting upload is gone


@pytest.mark.parametrize("maker, extension", [(png_bytes, "png"), (webp_bytes, "webp")])
def test_png_and_webp_get_their_renditions(dbsession, tmp_path, maker, extension):
    contribute(dbsession, tmp_path, maker())
    item = processing.process_next(dbsession, tmp_path)
    assert item.processing == "ready"
    assert (item.image.width, item.image.height) == (900, 600)
    assert item.image.original_extension == extension
    assert (tmp_path / images.FOLDER / item.image.key / "640.webp").is_file()


def test_rotated_photo_is_stored_upright(dbsession, tmp_path):
    with Image.open(io.BytesIO(jpeg_rotated())) as sent:
        assert sent.size == (1200, 800) and sent.getexif()[0x0112] == 6
    contribute(dbsession, tmp_path, jpeg_rotated())
    item = processing.process_next(dbsession, tmp_path)
    assert (item.image.width, item.image.height) == (800, 1200)
    with Image.open(tmp_path / images.FOLDER / item.image.key / "original.jpg") as kept:
        assert kept.size == (800, 1200) and not kept.getexif()


def test_clip_gets_a_poster_frame_and_its_length(dbsession, tmp_path):
    contribute(dbsession, tmp_path, mp4_bytes(), caption="Rafting on the gave")
    item = processing.process_next(dbsession, tmp_path)
    assert item.kind == "clip" and item.processing == "ready"
    assert (item.image.width, item.image.height) == (160, 120)
    assert item.image.alt == "Rafting on the gave"
    assert item.duration_s == pytest.approx(1.0, abs=0.2)
    assert item.poster_note == ""
    assert files.video_path(tmp_path, item.video_name) is not None  # the clip stays


def test_clip_without_ffmpeg_is_ready_with_a_note(dbsession, tmp_path):
    contribute(dbsession, tmp_path, mp4_bytes())
    item = processing.process_next(dbsession, tmp_path,
                                   ffmpeg=str(tmp_path / "no-such-ffmpeg"))
    assert item.processing == "ready" and item.image_id is None
    assert item.poster_note == ("No poster: ffmpeg is not installed on the server; "
                                "install Debian's ffmpeg package.")


def test_ffmpeg_setting_names_the_program():
    assert posters.program_from({}) == "ffmpeg"
    assert posters.program_from({posters.SETTING: " /opt/ffmpeg/bin/ffmpeg "}) == \
        "/opt/ffmpeg/bin/ffmpeg"


def test_an_item_failing_three_times_ends_failed_with_a_sentence(dbsession, tmp_path):
    item = contribute(dbsession, tmp_path, png_bytes())
    files.incoming_path(tmp_path, item.incoming_name).unlink()  # the disk lost it
    now = utcnow()
    first = processing.process_next(dbsession, tmp_path, now=now)
    assert (first.processing, first.processing_attempts) == ("queued", 1)
    assert first.processing_error == "The uploaded file is missing from the server."
    # Given back, it waits 30 s: not tried again at once, even by a full pass.
    assert first.processing_until == now + dt.timedelta(seconds=30)
    assert processing.process_all(dbsession, tmp_path, now=now) == 0
    assert processing.process_next(dbsession, tmp_path,
                                   now=now + dt.timedelta(seconds=29)) is None
    second = processing.process_next(dbsession, tmp_path, now=now + dt.timedelta(seconds=30))
    assert (second.processing, second.processing_attempts) == ("queued", 2)
    assert second.processing_until == now + dt.timedelta(seconds=30 + 120)
    later = now + dt.timedelta(minutes=3)
    assert processing.process_all(dbsession, tmp_path, now=later) == 0
    dbsession.refresh(item)
    assert (item.processing, item.processing_attempts) == ("failed", 3)
    assert item.processing_error == "The uploaded file is missing from the server."
    assert processing.process_next(dbsession, tmp_path, now=later + dt.timedelta(days=1)) \
        is None


def nothing_in(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def fail_until_failed(dbsession, tmp_path) -> None:
    """Three passes, each after the retry wait of the one before."""
    now = utcnow()
    for minutes in (0, 1, 4):
        processing.process_all(dbsession, tmp_path, now=now + dt.timedelta(minutes=minutes))


def test_a_damaged_clip_fails_with_ffmpegs_reason(dbsession, tmp_path):
    item = contribute(dbsession, tmp_path, mp4_bytes())
    path = files.video_path(tmp_path, item.video_name)
    data = bytearray(path.read_bytes())
    mdat = data.index(b"mdat")
    data[mdat + 4:] = bytes(len(data) - mdat - 4)  # the pictures zeroed, boxes intact
    path.write_bytes(bytes(data))
    fail_until_failed(dbsession, tmp_path)
    dbsession.refresh(item)
    assert item.processing == "failed"
    assert item.processing_error == ("ffmpeg could not draw a frame of this clip: the "
                                     "file may be damaged.")


def test_a_photo_the_worker_cannot_read_fails_with_a_fixed_sentence(dbsession, tmp_path):
    item = contribute(dbsession, tmp_path, png_bytes())
    waiting = files.incoming_path(tmp_path, item.incoming_name)
    data = bytearray(waiting.read_bytes())
    idat = data.index(b"IDAT")
    data[idat + 8:idat + 400] = bytes(392)  # checked at upload; damaged on the disk since
    waiting.write_bytes(bytes(data))
    fail_until_failed(dbsession, tmp_path)
    dbsession.refresh(item)
    assert item.processing == "failed"
    assert item.processing_error == ("The picture could not be read: the file may be "
                                     "damaged.")
    assert nothing_in(tmp_path / images.FOLDER) and nothing_in(processing.work_dir(tmp_path))


def test_the_stored_sentence_is_translated_for_a_french_moderator(
        testapp, imagewall_on, login, dbsession, uploads_dir):
    item = contribute(dbsession, uploads_dir, png_bytes())
    item.processing, item.processing_error = "failed", str(processing.MISSING)
    dbsession.flush()
    login("editor")
    page = testapp.get(f"/admin/imagewall/items/{item.id}",
                       headers={"Accept-Language": "fr"})
    problem = page.html.select_one(".iw-problem").get_text()
    assert problem == "Le fichier envoyé est introuvable sur le serveur."


def test_a_result_for_an_item_deleted_meanwhile_is_dropped_with_its_files(
        dbsession, tmp_path, monkeypatch):
    item = contribute(dbsession, tmp_path, png_bytes())
    other = contribute(dbsession, tmp_path, png_bytes(), caption="The next one")
    real_work = processing._process_photo

    def delete_first(session, work, claimed):
        # A moderator deletes the item (and commits) while its renditions are made.
        if claimed.id == item.id:
            session.execute(delete(Item).where(Item.id == item.id))
            session.commit()
        return real_work(session, work, claimed)

    monkeypatch.setattr(processing, "_process_photo", delete_first)
    # The deleted item does not stop the pass: the next one is processed.
    assert processing.process_all(dbsession, tmp_path) == 1
    dbsession.refresh(other)
    assert other.processing == "ready"
    kept = {p.name for p in (tmp_path / images.FOLDER).iterdir()}
    assert kept == {other.image.key}  # the dropped item's renditions are gone
    assert dbsession.scalar(select(func.count(StoredImage.id))) == 1


def test_a_result_for_an_item_taken_again_is_not_written(dbsession, tmp_path, monkeypatch):
    item = contribute(dbsession, tmp_path, png_bytes())
    real_work = processing._process_photo

    def taken_again(session, work, claimed):
        # Our lease runs out and another worker claims the item meanwhile.
        assert processing.claim(session, claimed.id,
                                utcnow() + processing.LEASE + dt.timedelta(seconds=1))
        session.commit()
        return real_work(session, work, claimed)

    monkeypatch.setattr(processing, "_process_photo", taken_again)
    processed = processing.process_next(dbsession, tmp_path)
    assert (processed.processing, processed.processing_attempts) == ("processing", 2)
    assert processed.image_id is None
    assert nothing_in(tmp_path / images.FOLDER) and nothing_in(processing.work_dir(tmp_path))


def test_claim_takes_an_item_once_and_an_expired_lease_again(dbsession, tmp_path):
    item = contribute(dbsession, tmp_path, png_bytes())
    now = utcnow()
    assert processing.claim(dbsession, item.id, now)
    assert not processing.claim(dbsession, item.id, now)  # another worker: refused
    assert processing.process_next(dbsession, tmp_path) is None  # leased, not claimable
    later = now + processing.LEASE + dt.timedelta(seconds=1)
    assert processing.claim(dbsession, item.id, later)  # the first worker died
    dbsession.expire_all()
    assert dbsession.get(Item, item.id).processing_attempts == 2


def test_an_item_whose_lease_ran_out_is_processed(dbsession, tmp_path):
    item = contribute(dbsession, tmp_path, png_bytes())
    item.processing = "processing"
    item.processing_until = utcnow() - dt.timedelta(minutes=1)
    dbsession.flush()
    processed = processing.process_next(dbsession, tmp_path)
    assert processed.id == item.id and processed.processing == "ready"


def test_webcams_and_finished_items_are_never_claimed(dbsession, tmp_path):
    dbsession.add(Item(kind="webcam_image", webcam_url="https://cams.example/a.jpg",
                       processing="queued", caption="Cam", credit="Town"))
    dbsession.flush()
    assert processing.process_next(dbsession, tmp_path) is None


def test_an_idle_worker_removes_what_a_crashed_attempt_left(dbsession, tmp_path):
    stale, fresh = (processing.work_dir(tmp_path) / name for name in ("stale", "fresh"))
    for folder in (stale, fresh):
        (folder / "images").mkdir(parents=True)
    hour_ago = (utcnow() - dt.timedelta(hours=1)).timestamp()
    os.utime(stale, (hour_ago, hour_ago))
    assert processing.process_next(dbsession, tmp_path) is None  # nothing waits
    assert not stale.exists() and fresh.is_dir()  # another worker may be using it

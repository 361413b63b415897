"""Processing with real files: a phone's JPEG leaves no EXIF (GPS included) in its
original nor in any rendition, PNG and WebP get their renditions, a rotated photo is
stored upright, a clip gets its poster frame and length from ffmpeg (and, without
ffmpeg, is ready with a note saying why), a failing item ends ``failed`` after three
attempts, and an item whose worker died is taken again once its lease has run out."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from lanta.models import utcnow
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
    first = processing.process_next(dbsession, tmp_path)
    assert (first.processing, first.processing_attempts) == ("queued", 1)
    assert first.processing_error == "The uploaded file is missing from the server."
    assert processing.process_all(dbsession, tmp_path) == 0
    dbsession.refresh(item)
    assert (item.processing, item.processing_attempts) == ("failed", 3)
    assert item.processing_error == "The uploaded file is missing from the server."
    assert processing.process_next(dbsession, tmp_path) is None


def test_a_damaged_clip_fails_with_ffmpegs_reason(dbsession, tmp_path):
    item = contribute(dbsession, tmp_path, mp4_bytes())
    path = files.video_path(tmp_path, item.video_name)
    data = bytearray(path.read_bytes())
    mdat = data.index(b"mdat")
    data[mdat + 4:] = bytes(len(data) - mdat - 4)  # the pictures zeroed, boxes intact
    path.write_bytes(bytes(data))
    processing.process_all(dbsession, tmp_path)
    dbsession.refresh(item)
    assert item.processing == "failed"
    assert "could not draw a frame" in item.processing_error


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

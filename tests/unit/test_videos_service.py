"""Video uploads (the core's, shared by add-ons): recognised by their content with a
real MP4 made by ffmpeg, impostors refused, the size bound, the copy under a random
name in the caller's folder, and the file removed with a rolled-back transaction."""
from __future__ import annotations

import io

import pytest
import transaction

from lanta.services import videos
from lanta.services.uploads import InvalidUpload
from lanta.testing_files import jpeg_bytes, mp4_bytes, png_bytes

# An EBML header (DocType "webm") followed by the start of a segment: what a WebM
# file opens with.
WEBM_HEAD = bytes.fromhex("1a45dfa3") + bytes([0x80 | 11]) + bytes.fromhex("4282") + \
    bytes([0x80 | 4]) + b"webm" + bytes.fromhex("4287") + bytes([0x81, 0x02]) + \
    bytes.fromhex("18538067") + bytes([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])


def test_real_mp4_and_webm_header_are_recognised():
    assert videos.check(io.BytesIO(mp4_bytes()), 10**6) == "mp4"
    assert videos.check(io.BytesIO(WEBM_HEAD + bytes(200)), 10**6) == "webm"
    assert videos.looks_like_video(mp4_bytes()[:16]) and videos.looks_like_video(WEBM_HEAD)
    assert not videos.looks_like_video(jpeg_bytes(8, 8)[:16])


@pytest.mark.parametrize("data", [
    b"not a video at all, just a text renamed clip.mp4\n" * 10,
    png_bytes(16, 16), jpeg_bytes(16, 16),
    mp4_bytes()[:2000],  # cut: its last box runs past the end
    WEBM_HEAD.replace(b"webm", b"mkvx"),
], ids=["text", "png", "jpeg", "cut-mp4", "matroska"])
def test_impostors_are_refused(data):
    with pytest.raises(InvalidUpload) as refused:
        videos.check(io.BytesIO(data), 10**6)
    assert str(refused.value) == "This file is not an MP4 or WebM video."


def test_empty_and_too_large_are_refused_with_their_reason():
    with pytest.raises(InvalidUpload, match="empty"):
        videos.check(io.BytesIO(b""), 10**6)
    with pytest.raises(InvalidUpload) as refused:
        videos.check(io.BytesIO(mp4_bytes()), 1000)
    assert str(refused.value).startswith("The video is larger than 0.000954 MB.")


def test_megabytes_setting_reads_the_ini_and_names_a_wrong_value():
    assert videos.megabytes_setting({}, "x.max_mb", 100) == 100 * 2**20
    assert videos.megabytes_setting({"x.max_mb": "2.5"}, "x.max_mb", 100) == int(2.5 * 2**20)
    with pytest.raises(ValueError, match="The setting x.max_mb must be a number"):
        videos.megabytes_setting({"x.max_mb": "lots"}, "x.max_mb", 100)


def test_store_copies_under_a_random_name_in_the_callers_folder(tmp_path):
    folder = tmp_path / "addon" / "clips"
    first = videos.store(folder, io.BytesIO(mp4_bytes()), 10**6)
    second = videos.store(folder, io.BytesIO(mp4_bytes()), 10**6)
    assert first.name != second.name and videos.NAME.match(first.name)
    assert first.kind == "mp4" and first.size == len(mp4_bytes())
    assert videos.stored_path(folder, first.name).read_bytes() == mp4_bytes()
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, second.name])
    videos.remove(folder, first.name)
    assert videos.stored_path(folder, first.name) is None
    assert videos.stored_path(folder, "../../etc/passwd") is None


def test_a_file_stored_by_a_rolled_back_transaction_is_removed(tmp_path):
    tm = transaction.TransactionManager(explicit=True)
    tm.begin()
    stored = videos.store(tmp_path, io.BytesIO(mp4_bytes()), 10**6, tm)
    assert videos.stored_path(tmp_path, stored.name) is not None
    tm.abort()
    assert videos.stored_path(tmp_path, stored.name) is None

    tm.begin()
    kept = videos.store(tmp_path, io.BytesIO(mp4_bytes()), 10**6, tm)
    tm.commit()
    assert videos.stored_path(tmp_path, kept.name) is not None
    tm.begin()
    videos.remove_after_commit(tm, tmp_path, kept.name)
    assert videos.stored_path(tmp_path, kept.name) is not None  # until the commit
    tm.commit()
    assert videos.stored_path(tmp_path, kept.name) is None


def test_a_file_of_countless_tiny_boxes_is_refused_without_walking_them_all():
    clip = mp4_bytes()
    ftyp_length = int.from_bytes(clip[:4], "big")
    # The same clip with more empty "free" boxes than the walk allows before its moov:
    # refused; with a few, still a video.
    padded = clip[:ftyp_length] + b"\x00\x00\x00\x08free" * videos.MAX_TOP_LEVEL_BOXES \
        + clip[ftyp_length:]
    with pytest.raises(InvalidUpload) as refused:
        videos.check(io.BytesIO(padded), 10**6)
    assert str(refused.value) == "This file is not an MP4 or WebM video."
    few = clip[:ftyp_length] + b"\x00\x00\x00\x08free" * 10 + clip[ftyp_length:]
    assert videos.check(io.BytesIO(few), 10**6) == "mp4"

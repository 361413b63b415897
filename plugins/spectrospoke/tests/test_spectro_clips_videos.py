"""Video files: recognised by their content with the real MP4 and WebM fixtures, every
impostor refused, the size bound from the ini setting, and the files served with byte
ranges."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from lanta.services.uploads import InvalidUpload
from lanta.testing import jpeg_bytes
from lanta_spectrospoke.services import videos

DATA = Path(__file__).parent / "data"
MP4 = (DATA / "clip.mp4").read_bytes()
WEBM = (DATA / "clip.webm").read_bytes()
NOT_A_VIDEO = "This file is not an MP4 or WebM video."


def png_bytes() -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG")
    return out.getvalue()


def without_moov(data: bytes) -> bytes:
    """The fixture's ``ftyp`` box followed by everything after its ``moov`` box, cut:
    what an upload stopped half-way through a camera's file looks like."""
    ftyp_end = int.from_bytes(data[:4], "big")
    moov_end = ftyp_end + int.from_bytes(data[ftyp_end:ftyp_end + 4], "big")
    assert data[ftyp_end + 4:ftyp_end + 8] == b"moov"
    return data[:ftyp_end] + data[moov_end:moov_end + 5000]


def test_real_files_are_recognised():
    assert videos.check(io.BytesIO(MP4), 10**6) == "mp4"
    assert videos.check(io.BytesIO(WEBM), 10**6) == "webm"


@pytest.mark.parametrize("data", [
    b"Just some notes, saved as clip.mp4\n" * 20,
    png_bytes(),
    jpeg_bytes(32, 32),
    without_moov(MP4),
    MP4[:20_000],  # the last box runs past the end of the file
    MP4[:4] + b"ftypXXXX" + MP4[12:],  # an unknown brand
    WEBM.replace(b"webm", b"mkvx", 1),  # a Matroska file of another kind
    WEBM[:30],
], ids=["text", "png", "jpeg", "no-moov", "truncated", "brand", "doctype", "header-only"])
def test_impostors_are_refused(data):
    with pytest.raises(InvalidUpload) as refused:
        videos.check(io.BytesIO(data), 10**6)
    assert str(refused.value) == NOT_A_VIDEO


def test_empty_and_oversized_files_are_refused_with_their_reason():
    with pytest.raises(InvalidUpload, match="empty"):
        videos.check(io.BytesIO(b""), 10**6)
    with pytest.raises(InvalidUpload) as refused:
        videos.check(io.BytesIO(MP4), len(MP4) - 1)
    assert "larger than" in str(refused.value)


def test_max_bytes_from_the_ini_setting():
    assert videos.max_bytes({}) == 500 * 1024 * 1024
    assert videos.max_bytes({videos.MAX_MB_SETTING: "20"}) == 20 * 1024 * 1024
    assert videos.max_bytes({videos.MAX_MB_SETTING: "0.01"}) == 10485
    with pytest.raises(ValueError, match="lanta.spectrospoke.max_video_mb"):
        videos.max_bytes({videos.MAX_MB_SETTING: "lots"})


def test_store_copies_the_file_under_a_random_name(tmp_path):
    first = videos.store(tmp_path, io.BytesIO(WEBM), 10**6)
    second = videos.store(tmp_path, io.BytesIO(WEBM), 10**6)
    assert first.kind == "webm" and first.size == len(WEBM)
    assert videos.NAME.match(first.name) and first.name != second.name
    assert videos.stored_path(tmp_path, first.name).read_bytes() == WEBM
    # No temporary file is left behind.
    assert sorted(p.name for p in videos.folder(tmp_path).iterdir()) == sorted(
        [first.name, second.name])
    videos.remove(tmp_path, first.name)
    assert videos.stored_path(tmp_path, first.name) is None


@pytest.mark.parametrize("name", ["../../etc/passwd", "clip.mp4", "0" * 32 + ".avi",
                                  "A" * 32 + ".mp4", ""])
def test_stored_path_ignores_names_not_ours(tmp_path, name):
    assert videos.stored_path(tmp_path, name) is None


@pytest.fixture
def stored_mp4(app_settings):
    uploads_dir = Path(app_settings["lanta.var_dir"]) / "uploads"
    stored = videos.store(uploads_dir, io.BytesIO(MP4), 10**6)
    yield stored.name
    videos.remove(uploads_dir, stored.name)


def test_video_served_whole_and_by_range(testapp, spectro_on, stored_mp4):
    whole = testapp.get(f"/spectrospoke/videos/{stored_mp4}")
    assert whole.content_type == "video/mp4" and whole.body == MP4
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert "immutable" in whole.headers["Cache-Control"]
    part = testapp.get(f"/spectrospoke/videos/{stored_mp4}",
                       headers={"Range": "bytes=100-199"}, status=206)
    assert part.body == MP4[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(MP4)}"
    tail = testapp.get(f"/spectrospoke/videos/{stored_mp4}",
                       headers={"Range": "bytes=-10"}, status=206)
    assert tail.body == MP4[-10:]


@pytest.mark.parametrize("name", ["0" * 32 + ".mp4", "nothing-here.mp4", "..%2F..%2Fx"])
def test_unknown_video_is_404(testapp, spectro_on, name):
    testapp.get(f"/spectrospoke/videos/{name}", status=404)


def test_videos_404_while_addon_disabled(testapp, stored_mp4):
    testapp.get(f"/spectrospoke/videos/{stored_mp4}", status=404)

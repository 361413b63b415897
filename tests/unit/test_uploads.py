"""Image uploads are checked by content, bounded, re-encoded without metadata."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from lanta.services import uploads


def encoded(fmt, size=(30, 20), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, fmt, **save)
    return buffer.getvalue()


def png_header_only(width, height):
    """A PNG whose header announces ``width`` × ``height`` pixels, with almost no data."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + \
        chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("fmt, extension", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_png_jpeg_and_webp_are_accepted_in_their_format(fmt, extension):
    clean = uploads.clean_image(encoded(fmt))
    assert (clean.extension, clean.width, clean.height) == (extension, 30, 20)
    assert Image.open(io.BytesIO(clean.data)).format == fmt


def test_other_image_formats_are_refused():
    with pytest.raises(uploads.InvalidUpload, match="not a PNG, JPEG or WebP"):
        uploads.clean_image(encoded("GIF"))


def test_header_announcing_billions_of_pixels_is_refused_before_decoding():
    with pytest.raises(uploads.InvalidUpload, match="too large"):
        uploads.clean_image(png_header_only(100_000, 100_000))


def test_pixel_budget_is_the_callers():
    with pytest.raises(uploads.InvalidUpload, match="too large"):
        uploads.clean_image(encoded("PNG", size=(200, 200)), max_pixels=10_000)


def test_truncated_image_is_refused():
    data = encoded("JPEG", size=(300, 300))
    with pytest.raises(uploads.InvalidUpload, match="damaged"):
        uploads.clean_image(data[: len(data) // 2])


def test_transparency_survives_reencoding():
    clean = uploads.clean_image(encoded("PNG", mode="RGBA"))
    assert Image.open(io.BytesIO(clean.data)).mode == "RGBA"


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo
    info = PngInfo()
    info.add_text("Comment", "taken at 43.29N 0.37W")
    clean = uploads.clean_image(encoded("PNG", pnginfo=info))
    assert b"43.29N" not in clean.data


def test_read_bounded_refuses_more_than_the_limit_and_empty_files():
    assert uploads.read_bounded(io.BytesIO(b"x" * 10), limit=10) == b"x" * 10
    with pytest.raises(uploads.InvalidUpload, match="larger than"):
        uploads.read_bounded(io.BytesIO(b"x" * 11), limit=10)
    with pytest.raises(uploads.InvalidUpload, match="empty"):
        uploads.read_bounded(io.BytesIO(b""))


def test_stored_files_get_random_names_and_only_those_are_served(tmp_path):
    clean = uploads.clean_image(encoded("PNG"))
    first = uploads.store_image(tmp_path / "uploads", clean)
    second = uploads.store_image(tmp_path / "uploads", clean)
    assert first != second
    assert uploads.stored_path(tmp_path / "uploads", first).read_bytes() == clean.data
    assert uploads.media_type_of(first) == "image/png"
    (tmp_path / "secret.txt").write_text("no")
    assert uploads.stored_path(tmp_path / "uploads", "../secret.txt") is None
    assert uploads.stored_path(tmp_path / "uploads", "0" * 32 + ".png") is None

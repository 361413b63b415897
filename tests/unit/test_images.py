"""Editors' pictures: renditions in every width up to the original (never upscaled), in
WebP and JPEG, no location left in any file, a text alternative required, and only our
own file names served."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from lanta.services import images, uploads
from lanta.services.errors import InvalidField


def photo(width=1400, height=900, *, gps=True) -> bytes:
    picture = Image.new("RGB", (width, height), (40, 120, 200))
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (43.0, 17.0, 42.0), 3: "W", 4: (0.0, 22.0, 15.0)}
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_widths_never_upscale():
    assert images.widths_for(1400) == [320, 640, 960, 1280, 1400]
    assert images.widths_for(300) == [300]
    assert images.widths_for(4000) == [320, 640, 960, 1280, 1920]


def test_store_writes_each_width_in_webp_and_jpeg_without_location(dbsession, tmp_path):
    data = photo()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "the sample has a GPS tag"
    stored = images.store(dbsession, tmp_path, uploads.clean_image(data),
                          alt="  Le  château ", credit="Office")
    assert (stored.width, stored.height, stored.alt) == (1400, 900, "Le château")
    folder = tmp_path / "images" / stored.key
    for width in stored.widths:
        for extension, fmt in (("webp", "WEBP"), ("jpg", "JPEG")):
            with Image.open(folder / f"{width}.{extension}") as rendition:
                assert (rendition.format, rendition.width) == (fmt, width)
                assert not rendition.getexif().get_ifd(0x8825)
    with Image.open(folder / "640.jpg") as rendition:
        assert rendition.height == round(900 * 640 / 1400)


def test_a_picture_needs_a_text_alternative(dbsession, tmp_path):
    with pytest.raises(InvalidField) as refused:
        images.store(dbsession, tmp_path, uploads.clean_image(photo(gps=False)), alt="  ")
    assert refused.value.on == "image_alt"


def test_only_our_names_are_served(dbsession, tmp_path):
    stored = images.store(dbsession, tmp_path, uploads.clean_image(photo(400, 300)), alt="x")
    path, media_type = images.file_path(tmp_path, stored.key, "320.webp")
    assert path.is_file() and media_type == "image/webp"
    assert images.file_path(tmp_path, stored.key, "original.jpg")[1] == "image/jpeg"
    for key, name in ((stored.key, "../../etc/passwd"), ("../" + stored.key, "320.jpg"),
                      (stored.key, "999.jpg"), (stored.key, "320.gif")):
        assert images.file_path(tmp_path, key, name) is None

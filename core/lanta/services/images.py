"""Editors' pictures: checked and cleaned like every upload (:mod:`lanta.services.uploads`),
then rendered once, at upload, in the widths pages ask for, in WebP and JPEG.

Pages then offer ``srcset`` lists and browsers pick the smallest file that fills the
space: a phone on a mobile network never downloads the 1,920-pixel photo. Files are
written under ``images/KEY/`` with a random key, each through a temporary name, so a
reader never sees half a file.
"""
from __future__ import annotations

import io
import os
import re
import secrets
from pathlib import Path

from PIL import Image
from sqlalchemy.orm import Session

from ..models import StoredImage, User
from . import uploads
from .errors import InvalidField

WIDTHS = (320, 640, 960, 1280, 1920)
MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel camera; bigger is refused before decoding
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}
KEY = re.compile(r"^[0-9a-f]{32}$")
FILE = re.compile(r"^(?:(\d{2,4})\.(webp|jpg)|original\.(png|jpg|webp))$")
FOLDER = "images"


def widths_for(width: int) -> list[int]:
    """The rendition widths of a picture ``width`` pixels wide: no upscaling."""
    smaller = [w for w in WIDTHS if w < width]
    return smaller if smaller and smaller[-1] == WIDTHS[-1] else smaller + [width]


def check_alt(alt: str) -> str:
    alt = " ".join((alt or "").split())
    if not alt:
        raise InvalidField("Describe the picture in a few words for those who cannot see "
                           "it (its text alternative).", on="image_alt")
    if len(alt) > 300:
        raise InvalidField("The text alternative is longer than 300 characters.",
                           on="image_alt")
    return alt


def read_upload(fp) -> uploads.CleanImage:
    """The uploaded file checked and cleaned, or :class:`uploads.InvalidUpload`."""
    return uploads.clean_image(uploads.read_bounded(fp, MAX_BYTES), MAX_PIXELS)


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def _resized(picture: Image.Image, width: int, height: int) -> Image.Image:
    # reducing_gap first shrinks by whole factors (cheap), then resamples with Lanczos:
    # the result cannot be told from a plain Lanczos, at a fraction of the time.
    return picture.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encoded(resized: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        if resized.mode in ("RGBA", "LA"):
            flat = Image.new("RGB", resized.size, (255, 255, 255))
            flat.paste(resized, mask=resized.getchannel("A"))
            resized = flat
        elif resized.mode != "RGB":
            resized = resized.convert("RGB")
        resized.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    else:
        resized.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


def _write_renditions(folder: Path, picture: Image.Image, widths: list[int]) -> None:
    """Each width once for both formats, widest first, each made from the one before it
    (a 12-megapixel photo is read once, not ten times)."""
    source = picture
    for width in sorted(widths, reverse=True):
        height = max(1, round(picture.height * width / picture.width))
        resized = source if source.size == (width, height) else _resized(source, width,
                                                                          height)
        for extension, (fmt, _media_type) in FORMATS.items():
            _write(folder / f"{width}.{extension}", _encoded(resized, fmt))
        source = resized


def store(dbsession: Session, directory: Path, clean: uploads.CleanImage, *, alt: str,
          credit: str = "", author: User | None = None) -> StoredImage:
    """Write ``clean`` and its renditions under ``directory``/images and record it."""
    alt = check_alt(alt)
    key = secrets.token_hex(16)
    folder = directory / FOLDER / key
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / f"original.{clean.extension}", clean.data)
    widths = widths_for(clean.width)
    with Image.open(io.BytesIO(clean.data)) as picture:
        picture.load()
        _write_renditions(folder, picture, widths)
    image = StoredImage(key=key, width=clean.width, height=clean.height, widths=widths,
                        original_extension=clean.extension, alt=alt,
                        credit=" ".join((credit or "").split())[:200],
                        uploaded_by=author.id if author else None)
    dbsession.add(image)
    dbsession.flush()
    return image


def with_alt(dbsession: Session, directory: Path, image: StoredImage, alt: str,
             author: User | None = None) -> StoredImage:
    """The same picture with another text alternative, as a new row (and a new key whose
    files are links to the same bytes): the old row stays as it is for the revisions and
    translations that use it, so the new text goes through review like any change."""
    alt = check_alt(alt)
    key = secrets.token_hex(16)
    source, target = directory / FOLDER / image.key, directory / FOLDER / key
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if FILE.match(path.name):
            try:
                os.link(path, target / path.name)
            except OSError:  # a file system without hard links
                _write(target / path.name, path.read_bytes())
    copy = StoredImage(key=key, width=image.width, height=image.height,
                       widths=list(image.widths), original_extension=image.original_extension,
                       alt=alt, credit=image.credit, uploaded_by=author.id if author else None)
    dbsession.add(copy)
    dbsession.flush()
    return copy


def file_path(directory: Path, key: str, name: str) -> tuple[Path, str] | None:
    """The file and media type of a picture's file, or None for a name not ours."""
    match = FILE.match(name or "")
    if not KEY.match(key or "") or match is None:
        return None
    path = directory / FOLDER / key / name
    if not path.is_file():
        return None
    extension = match.group(2) or match.group(3)
    return path, uploads.MEDIA_TYPES.get(extension, "application/octet-stream")

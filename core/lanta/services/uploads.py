"""Image uploads checked by their content, re-encoded without metadata, stored by random name.

An upload is trusted for nothing: its name and announced type are ignored. The bytes must
decode as a PNG, JPEG or WebP image within a byte and a pixel budget (a small file that
would expand to a huge bitmap — a "decompression bomb" — is refused before decoding). The
pixels are then copied into a fresh image and saved again, which leaves EXIF (camera,
GPS location, date), XMP and text chunks behind. Files are named by a random token so that
a name reveals nothing and cannot be guessed.

No Pyramid here: callers pass the folder (``AppSettings.uploads_dir``) in.
"""
from __future__ import annotations

import io
import os
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import DomainError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 16_000_000  # a 4,000 × 4,000 photo; far beyond any logo or web picture

# Pillow format name → (file extension, media type)
FORMATS: dict[str, tuple[str, str]] = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
MEDIA_TYPES = {ext: media_type for ext, media_type in FORMATS.values()}
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|webp)$")


class InvalidUpload(DomainError):
    """The uploaded file is refused; the message tells the person what to send instead."""


@dataclass(frozen=True)
class CleanImage:
    """An image re-encoded from its pixels alone."""

    data: bytes
    extension: str
    media_type: str
    width: int
    height: int


def read_bounded(fp: BinaryIO, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``fp``, refusing more than ``limit`` without reading them all."""
    if hasattr(fp, "seek"):
        fp.seek(0)
    data = fp.read(limit + 1)
    if len(data) > limit:
        raise InvalidUpload("The file is larger than ${size} MB.",
                            size=f"{limit / (1024 * 1024):g}")
    if not data:
        raise InvalidUpload("The file is empty.")
    return data


def _open(data: bytes, max_pixels: int) -> Image.Image:
    not_an_image = InvalidUpload("This file is not a PNG, JPEG or WebP image.")
    too_large = InvalidUpload("The image is too large: at most ${megapixels} million pixels.",
                              megapixels=round(max_pixels / 1_000_000))
    # Pillow warns, then raises, on huge images; make both a refusal whatever the
    # process-wide warning filters say.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_large from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise not_an_image from None
    if image.format not in FORMATS:
        raise not_an_image
    width, height = image.size
    # The header announces the size: refuse before a single pixel is decoded.
    if width < 1 or height < 1 or width * height > max_pixels:
        raise too_large
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidUpload("The image is damaged and cannot be read.") from None
    return image


def _pixels_only(image: Image.Image, target_format: str) -> Image.Image:
    """A new image holding only the pixels of ``image`` (upright), in a mode the format saves."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if target_format == "JPEG":
        mode = "L" if image.mode in ("L", "LA", "1") else "RGB"
    elif image.mode in ("L", "RGB", "RGBA", "LA"):
        mode = image.mode
    else:
        mode = "RGBA" if has_alpha else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    # frombytes gives an image with an empty ``info``: no EXIF, XMP, ICC or text survive.
    return Image.frombytes(mode, image.size, image.tobytes())


def clean_image(data: bytes, max_pixels: int = MAX_PIXELS) -> CleanImage:
    """Check ``data`` is a PNG, JPEG or WebP image and re-encode it without metadata.

    Raises :class:`InvalidUpload` with a sentence for the person who sent it.
    """
    with _open(data, max_pixels) as image:
        source_format = image.format
        try:
            clean = _pixels_only(image, source_format)
        except (OSError, SyntaxError, ValueError):  # a malformed EXIF orientation, say
            raise InvalidUpload("The image is damaged and cannot be read.") from None
    extension, media_type = FORMATS[source_format]
    out = io.BytesIO()
    if source_format == "JPEG":
        clean.save(out, "JPEG", quality=88, optimize=True)
    elif source_format == "PNG":
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, "WEBP", quality=88)
    return CleanImage(out.getvalue(), extension, media_type, clean.width, clean.height)


def store_image(directory: Path, image: CleanImage) -> str:
    """Write ``image`` into ``directory`` under a new random name and return that name."""
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{image.extension}"
    partial = directory / f".{name}.part"
    partial.write_bytes(image.data)
    os.replace(partial, directory / name)  # readers never see half a file
    return name


def stored_path(directory: Path, name: str) -> Path | None:
    """The file of a stored upload, or None when ``name`` is not one of ours or is gone."""
    if not name or not STORED_NAME.match(name):
        return None
    path = directory / name
    return path if path.is_file() else None


def media_type_of(name: str) -> str:
    return MEDIA_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")

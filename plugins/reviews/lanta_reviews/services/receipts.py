"""Receipts of tests: private files, seen only by their tester and the office.

A receipt is trusted for nothing but its bytes: its name and announced type are ignored.
It must be an image (checked and re-encoded without its metadata, like every upload:
:func:`lanta.services.uploads.clean_image`) or a PDF (its header and end marker, within a
size bound). It is stored under ``uploads_dir/reviews-receipts`` by a random name, out of
every public folder: the pages serve it after checking who asks.
"""
from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from lanta.services import uploads

from ..i18n import _

FOLDER = "reviews-receipts"
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a phone's photo of a till slip; bigger is refused undecoded
PDF_MEDIA_TYPE = "application/pdf"
MEDIA_TYPES = {**uploads.MEDIA_TYPES, "pdf": PDF_MEDIA_TYPE}
NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|webp|pdf)$")


@dataclass(frozen=True)
class CleanReceipt:
    data: bytes
    extension: str
    media_type: str


def _refused() -> uploads.InvalidUpload:
    return uploads.InvalidUpload(_("The receipt must be a photo (JPEG, PNG or WebP) or "
                                   "a PDF file."))


def check(data: bytes) -> CleanReceipt:
    """``data`` as a receipt, or :class:`~lanta.services.uploads.InvalidUpload`."""
    if not data:
        raise uploads.InvalidUpload(_("The receipt file is empty."))
    if len(data) > MAX_BYTES:
        raise uploads.InvalidUpload(_("The receipt is larger than ${size} MB."),
                                    size=MAX_BYTES // (1024 * 1024))
    if data.startswith(b"%PDF-"):
        # A whole PDF ends with its end-of-file marker (trailing blank lines allowed):
        # a cut upload or a text file with a PDF's first line is refused.
        if b"%%EOF" not in data[-1024:]:
            raise _refused()
        return CleanReceipt(data, "pdf", PDF_MEDIA_TYPE)
    try:
        image = uploads.clean_image(data, MAX_PIXELS)
    except uploads.InvalidUpload:
        raise _refused() from None
    return CleanReceipt(image.data, image.extension, image.media_type)


def read(fp: BinaryIO) -> CleanReceipt:
    """The uploaded file ``fp`` checked as a receipt, read no further than the bound."""
    if hasattr(fp, "seek"):
        fp.seek(0)
    return check(fp.read(MAX_BYTES + 1))


def folder(uploads_dir: Path) -> Path:
    return Path(uploads_dir) / FOLDER


def store(uploads_dir: Path, receipt: CleanReceipt) -> str:
    """Write ``receipt`` under a new random name, readable by the site's account only,
    and return that name."""
    directory = folder(uploads_dir)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{receipt.extension}"
    partial = directory / f".{name}.part"
    partial.write_bytes(receipt.data)
    partial.chmod(0o600)
    os.replace(partial, directory / name)  # readers never see half a file
    return name


def remove(uploads_dir: Path, name: str) -> None:
    """Delete a stored receipt (a declaration refused after the file was written)."""
    if name and NAME.match(name):
        (folder(uploads_dir) / name).unlink(missing_ok=True)


def _uploads_dir(app_settings_or_dir: Any) -> Path:
    return Path(getattr(app_settings_or_dir, "uploads_dir", app_settings_or_dir))


def receipt_path(app_settings_or_dir: Any, test) -> Path | None:
    """The receipt file of ``test`` (given the ``AppSettings`` or the uploads folder),
    or None when it has none or the file is gone. Callers check who may see it."""
    name = test.receipt_name or ""
    if not NAME.match(name):
        return None
    path = folder(_uploads_dir(app_settings_or_dir)) / name
    return path if path.is_file() else None


def media_type_of(name: str) -> str:
    return MEDIA_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")

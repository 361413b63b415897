"""Video uploads checked by their content, bounded in size, stored by random name.

An upload is trusted for nothing: its name and announced type are ignored. Its bytes
must be an ISO base media file (MP4, MOV: an ``ftyp`` box first, with a brand we know,
and a ``moov`` box among the top-level boxes, each box within the file) or a WebM file
(an EBML header whose DocType is ``webm``, followed by its segment). Only the boxes'
and elements' headers are read, never the whole file into memory: a clip weighs
hundreds of megabytes.

Files go to a folder the caller chooses (each add-on keeps its own under the uploads
folder), as ``<32 hex>.<mp4|webm>``, copied in chunks to a temporary name and then
renamed, so a reader never sees half a file. A file stored by a transaction that is
rolled back is removed with it; a file a change stops using is removed only once that
change has committed. No Pyramid here: callers pass the folder, the size bound and the
request's transaction manager.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from transaction.interfaces import NoTransaction

from .uploads import InvalidUpload

NAME = re.compile(r"^[0-9a-f]{32}\.(mp4|webm)$")
MEDIA_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
CHUNK = 1024 * 1024
# Major brands of the ISO base media family that browsers play as video/mp4 (or that
# hold the same H.264/H.265/AV1 tracks: QuickTime, 3GPP, Flash video).
MP4_BRANDS = frozenset({
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9",
    b"mp41", b"mp42", b"mp71", b"avc1", b"av01", b"hvc1", b"M4V ", b"M4VH", b"M4VP",
    b"qt  ", b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"dash", b"mmp4", b"MSNV", b"f4v "})
EBML_ID = 0x1A45DFA3
DOCTYPE_ID = 0x4282
SEGMENT_ID = 0x18538067
EBML_HEADER_MAX = 4096  # a real header is some thirty bytes
HEAD_BYTES = 16  # enough to tell a video from anything else at its first bytes
# A real file has a few top-level boxes (ftyp, moov, mdat, free…); a forged one made of
# millions of empty boxes must not keep a request walking them.
MAX_TOP_LEVEL_BOXES = 1000


@dataclass(frozen=True)
class StoredVideo:
    name: str
    kind: str  # "mp4" or "webm"
    size: int


def not_a_video() -> InvalidUpload:
    return InvalidUpload("This file is not an MP4 or WebM video.")


def too_large(limit: int) -> InvalidUpload:
    return InvalidUpload("The video is larger than ${size} MB. Make it shorter or "
                         "compress it more.", size=f"{limit / (1024 * 1024):.3g}")


def megabytes_setting(settings: dict[str, Any], name: str, default_mb: float) -> int:
    """The bound in bytes given by the ini setting ``name`` (in megabytes, ``default_mb``
    when unset); a value that is not a number is a configuration error naming it."""
    value = settings.get(name)
    try:
        megabytes = float(value) if value not in (None, "") else float(default_mb)
    except (TypeError, ValueError):
        raise ValueError(f"The setting {name} must be a number of megabytes, like "
                         f"{default_mb:g}; it is {value!r}.") from None
    return max(1, int(megabytes * 1024 * 1024))


def size_of(fp: BinaryIO) -> int:
    fp.seek(0, os.SEEK_END)
    size = fp.tell()
    fp.seek(0)
    return size


def _is_mp4(fp: BinaryIO, size: int) -> bool:
    """An ``ftyp`` box of a known brand first, a ``moov`` among the first
    :data:`MAX_TOP_LEVEL_BOXES` top-level boxes, and every top-level box within the file
    (a cut upload is refused)."""
    fp.seek(0)
    head = fp.read(12)
    if len(head) < 12 or head[4:8] != b"ftyp" or head[8:12] not in MP4_BRANDS:
        return False
    offset, seen_moov, boxes = 0, False, 0
    while offset < size:
        boxes += 1
        if boxes > MAX_TOP_LEVEL_BOXES:
            return False
        fp.seek(offset)
        header = fp.read(16)
        if len(header) < 8:
            return False
        length, kind = struct.unpack(">I4s", header[:8])
        if length == 1:  # a 64-bit size follows the type
            if len(header) < 16:
                return False
            length = struct.unpack(">Q", header[8:16])[0]
        elif length == 0:  # the last box runs to the end of the file
            length = size - offset
        if length < 8 or offset + length > size:
            return False
        seen_moov = seen_moov or kind == b"moov"
        offset += length
    return seen_moov


def _vint(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at ``at``: (value, position after it). IDs keep
    their length marker bit; sizes drop it."""
    if at >= len(data) or data[at] == 0:
        raise ValueError("not a variable-length integer")
    first = data[at]
    length = 8 - first.bit_length() + 1
    if at + length > len(data):
        raise ValueError("cut short")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[at + 1:at + length]:
        value = (value << 8) | byte
    return value, at + length


def _is_webm(fp: BinaryIO) -> bool:
    """An EBML header whose DocType is ``webm``, then the segment that holds the video."""
    fp.seek(0)
    data = fp.read(EBML_HEADER_MAX)
    try:
        element, at = _vint(data, 0, keep_marker=True)
        if element != EBML_ID:
            return False
        length, body = _vint(data, at, keep_marker=False)
        end = body + length
        if end > len(data):
            return False
        doctype, at = b"", body
        while at < end:
            child, at = _vint(data, at, keep_marker=True)
            child_length, at = _vint(data, at, keep_marker=False)
            if child == DOCTYPE_ID:
                doctype = data[at:at + child_length].rstrip(b"\0")
            at += child_length
        segment, _after = _vint(data, end, keep_marker=True)
    except ValueError:
        return False
    return doctype == b"webm" and segment == SEGMENT_ID


def looks_like_video(head: bytes) -> bool:
    """Whether the first bytes of a file announce a video container (an ``ftyp`` box
    or an EBML header): enough to choose between the image and the video checks, which
    then decide."""
    return head[4:8] == b"ftyp" or head[:4] == EBML_ID.to_bytes(4, "big")


def check(fp: BinaryIO, limit: int) -> str:
    """The kind (``mp4`` or ``webm``) of the uploaded file ``fp`` (seekable), or
    :class:`~lanta.services.uploads.InvalidUpload` with a sentence for the person."""
    size = size_of(fp)
    if size == 0:
        raise InvalidUpload("The video file is empty.")
    if size > limit:
        raise too_large(limit)
    if _is_mp4(fp, size):
        kind = "mp4"
    elif _is_webm(fp):
        kind = "webm"
    else:
        raise not_a_video()
    fp.seek(0)
    return kind


def transaction_of(tm):
    """The transaction under way, or None (no manager, or none begun: then files are
    kept, since whether the change lasts cannot be known)."""
    if tm is None:
        return None
    try:
        return tm.get()
    except NoTransaction:
        return None


def store(directory: Path, fp: BinaryIO, limit: int, tm=None) -> StoredVideo:
    """Check ``fp`` and copy it, in chunks, into ``directory`` under a new random name.
    With ``tm`` (the request's transaction manager), the file is removed again if the
    transaction is rolled back."""
    kind = check(fp, limit)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{kind}"
    partial = directory / f".{name}.part"
    try:
        with open(partial, "wb") as out:
            shutil.copyfileobj(fp, out, CHUNK)
        size = partial.stat().st_size
        if size > limit:  # the file grew while we read it: stay within the bound
            raise too_large(limit)
        os.replace(partial, directory / name)
    finally:
        partial.unlink(missing_ok=True)
    current = transaction_of(tm)
    if current is not None:
        current.addAfterAbortHook(lambda: remove(directory, name))
        current.addAfterCommitHook(
            lambda committed: None if committed else remove(directory, name))
    return StoredVideo(name, kind, size)


def remove(directory: Path, name: str | None) -> None:
    """Delete a stored video now (names not ours are ignored)."""
    if name and NAME.match(name):
        (Path(directory) / name).unlink(missing_ok=True)


def remove_after_commit(tm, directory: Path, name: str | None) -> None:
    """Delete a stored video once the current transaction has committed: a record that
    no longer uses it (replaced or deleted) may still be rolled back to it until then."""
    current = transaction_of(tm)
    if current is not None and name and NAME.match(name):
        current.addAfterCommitHook(
            lambda committed: remove(directory, name) if committed else None)


def stored_path(directory: Path, name: str | None) -> Path | None:
    """The file of a stored video, or None for a name not ours or a file gone."""
    if not name or not NAME.match(name):
        return None
    path = Path(directory) / name
    return path if path.is_file() else None


def media_type_of(name: str) -> str:
    return MEDIA_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")

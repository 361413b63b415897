"""A clip's metadata boxes neutralised in place: a phone writes where it was into an
MP4 or MOV file (``©xyz`` or ``loci`` in ``moov/udta``, Apple's
``com.apple.quicktime.location.ISO6709`` key in ``moov/meta``, and the same per track),
and the wall must not publish a contributor's position.

Removing the boxes would shift every byte after them and break the sample offsets
that ``stco``/``co64`` hold, so each ``udta`` and ``meta`` box keeps its place and
length: its type becomes ``free`` (a box every reader skips) and its payload is
overwritten with zeros. No ffmpeg is needed, and only box headers and the zeroed
payloads are read or written, never the whole clip.

WebM tags are not touched (phones record MP4/MOV; see the add-on's documentation).
"""
from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

# Boxes that hold user data: removed wherever they are looked for.
METADATA_BOXES = frozenset({b"udta", b"meta"})
# Containers whose children are looked at: the movie and each of its tracks.
WALKED = {b"moov": frozenset({b"trak"}), b"trak": frozenset()}
ZEROS = bytes(64 * 1024)
# A real file has a handful of boxes at each level: a bound keeps a forged file from
# making the walk long.
MAX_BOXES = 10_000


def _boxes(fp: BinaryIO, start: int, end: int):
    """(offset, header length, box length, type) of each box between start and end;
    stops at the first header that does not fit."""
    offset, count = start, 0
    while offset + 8 <= end and count < MAX_BOXES:
        fp.seek(offset)
        header = fp.read(16)
        if len(header) < 8:
            return
        length, kind = struct.unpack(">I4s", header[:8])
        header_length = 8
        if length == 1:
            if len(header) < 16:
                return
            length, header_length = struct.unpack(">Q", header[8:16])[0], 16
        elif length == 0:  # runs to the end of its container
            length = end - offset
        if length < header_length or offset + length > end:
            return
        yield offset, header_length, length, kind
        offset += length
        count += 1


def _neutralise(fp: BinaryIO, offset: int, header_length: int, length: int) -> None:
    fp.seek(offset + 4)
    fp.write(b"free")
    fp.seek(offset + header_length)
    left = length - header_length
    while left > 0:
        chunk = ZEROS[:min(left, len(ZEROS))]
        fp.write(chunk)
        left -= len(chunk)


def _clean_level(fp: BinaryIO, start: int, end: int, children: frozenset[bytes]) -> int:
    neutralised = 0
    for offset, header_length, length, kind in list(_boxes(fp, start, end)):
        if kind in METADATA_BOXES:
            _neutralise(fp, offset, header_length, length)
            neutralised += 1
        elif kind in children:
            neutralised += _clean_level(fp, offset + header_length, offset + length,
                                        WALKED.get(kind, frozenset()))
    return neutralised


def strip_mp4_metadata(path: Path) -> int:
    """Neutralise every ``udta`` and ``meta`` box at the top level, in ``moov`` and in
    each ``trak`` of the MP4/MOV file at ``path``, in place; returns how many were."""
    path = Path(path)
    size = path.stat().st_size
    with open(path, "r+b") as fp:
        return _clean_level(fp, 0, size, frozenset({b"moov"}))


def strip(path: Path, kind: str) -> int:
    """Neutralise a stored clip's metadata (``kind``: ``mp4`` or ``webm``; WebM is left
    as it is)."""
    return strip_mp4_metadata(path) if kind == "mp4" else 0

"""A clip's poster frame and length, drawn by ffmpeg (Debian's ``ffmpeg`` package, which
brings ``ffprobe`` too).

The program is the ini setting ``lanta.imagewall.ffmpeg`` ("ffmpeg" on the PATH when
unset); ``ffprobe`` is looked for beside it. Each run has a timeout, so a file that
makes ffmpeg hang cannot hold the worker. A server without ffmpeg still accepts clips:
they get no poster and a note saying why (see :class:`NoFfmpeg`).
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from lanta.services.errors import DomainError

from ..i18n import _

SETTING = "lanta.imagewall.ffmpeg"
DEFAULT_PROGRAM = "ffmpeg"
TIMEOUT_S = 60  # the sentence of PosterFailed says "a minute"
# Half a second in: the first frame of a phone's clip is often black or blurred.
POSTER_AT_S = 0.5


class NoFfmpeg(DomainError):
    """The program is not installed (or the setting names nothing that runs)."""


class PosterFailed(DomainError):
    """ffmpeg ran but could not read the clip."""


def program_from(settings: dict) -> str:
    return (settings.get(SETTING) or DEFAULT_PROGRAM).strip()


def no_ffmpeg_note() -> str:
    return _("No poster: ffmpeg is not installed on the server; install Debian's ffmpeg "
             "package.")


def _ffprobe_beside(ffmpeg: str) -> str | None:
    """``ffprobe`` in the folder of ``ffmpeg`` (a path), else on the PATH."""
    found = shutil.which(ffmpeg)
    if found is not None:
        sibling = Path(found).with_name("ffprobe")
        if sibling.is_file():
            return str(sibling)
    return shutil.which("ffprobe")


def poster_frame(ffmpeg: str, clip: Path) -> bytes:
    """A JPEG of the frame half a second in (the first one for a shorter clip)."""
    program = shutil.which(ffmpeg)
    if program is None:
        raise NoFfmpeg(no_ffmpeg_note())
    with tempfile.TemporaryDirectory(prefix="imagewall-poster-") as folder:
        target = Path(folder) / "poster.jpg"
        for start in (POSTER_AT_S, 0):
            try:
                subprocess.run([program, "-v", "error", "-nostdin", "-y", "-ss", str(start),
                                "-i", str(clip), "-frames:v", "1", "-q:v", "3", str(target)],
                               capture_output=True, timeout=TIMEOUT_S, check=False)
            except subprocess.TimeoutExpired:
                # A fixed sentence (no value in it): it is stored, and translated
                # only when a moderator reads it.
                raise PosterFailed(_("ffmpeg took more than a minute on this clip and "
                                     "was stopped.")) from None
            if target.is_file() and target.stat().st_size > 0:
                return target.read_bytes()
    raise PosterFailed(_("ffmpeg could not draw a frame of this clip: the file may be "
                         "damaged."))


def duration_of(ffmpeg: str, clip: Path) -> float | None:
    """The clip's length in seconds, or None when ffprobe is missing or cannot tell."""
    ffprobe = _ffprobe_beside(ffmpeg)
    if ffprobe is None:
        return None
    try:
        answer = subprocess.run([ffprobe, "-v", "error", "-show_entries", "format=duration",
                                 "-of", "default=noprint_wrappers=1:nokey=1", str(clip)],
                                capture_output=True, text=True, timeout=TIMEOUT_S)
        return round(float(answer.stdout.strip()), 2)
    except (subprocess.TimeoutExpired, ValueError):
        return None

"""Clips' video files, kept under ``<uploads_dir>/spectrospoke/``.

The checks by content, the chunked copy under a random name and the removal after
commit or on rollback are the core's (:mod:`lanta.services.videos`); this module names
the add-on's folder and its size bound (ini ``lanta.spectrospoke.max_video_mb``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from lanta.services import videos as core_videos
from lanta.services.uploads import InvalidUpload
from lanta.services.videos import MEDIA_TYPES, NAME, StoredVideo, media_type_of

FOLDER = "spectrospoke"
MAX_MB_SETTING = "lanta.spectrospoke.max_video_mb"
DEFAULT_MAX_MB = 500

__all__ = ["DEFAULT_MAX_MB", "FOLDER", "MAX_MB_SETTING", "MEDIA_TYPES", "NAME",
           "StoredVideo", "check", "folder", "max_bytes", "media_type_of", "not_a_video",
           "remove", "remove_after_commit", "store", "stored_path"]


def not_a_video() -> InvalidUpload:
    return core_videos.not_a_video()


def max_bytes(settings: dict[str, Any]) -> int:
    """The largest video accepted, from the ini setting ``lanta.spectrospoke.max_video_mb``
    (in megabytes, 500 when unset)."""
    return core_videos.megabytes_setting(settings, MAX_MB_SETTING, DEFAULT_MAX_MB)


def check(fp: BinaryIO, limit: int) -> str:
    return core_videos.check(fp, limit)


def folder(uploads_dir: Path) -> Path:
    return Path(uploads_dir) / FOLDER


def store(uploads_dir: Path, fp: BinaryIO, limit: int, tm=None) -> StoredVideo:
    return core_videos.store(folder(uploads_dir), fp, limit, tm)


def remove(uploads_dir: Path, name: str | None) -> None:
    core_videos.remove(folder(uploads_dir), name)


def remove_after_commit(tm, uploads_dir: Path, name: str | None) -> None:
    core_videos.remove_after_commit(tm, folder(uploads_dir), name)


def stored_path(uploads_dir: Path, name: str) -> Path | None:
    return core_videos.stored_path(folder(uploads_dir), name)

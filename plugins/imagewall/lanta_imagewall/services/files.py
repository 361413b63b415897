"""Where the wall's files live, and how an item's files go away.

Under the site's uploads folder:
- ``imagewall/incoming/<32 hex>.<png|jpg|webp>``: a photo checked and stripped of its
  metadata at upload, waiting for the worker to make its renditions (or a clip's poster
  frame, drawn by ffmpeg); removed once they exist;
- ``imagewall/videos/<32 hex>.<mp4|webm>``: clips, served with byte ranges;
- renditions are the core's pictures (``images/<key>/``, :mod:`lanta.services.images`).

A file is deleted only after the transaction that stopped using it has committed: a
rolled-back change must find its files again. Without a transaction manager (the command
line, the worker's own session), the session's own end is watched
(:mod:`lanta.services.transaction_end`).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from transaction.interfaces import NoTransaction

from lanta.models import StoredImage
from lanta.services import images
from lanta.services.transaction_end import when_transaction_ends

from ..models import Item

FOLDER = "imagewall"
INCOMING = "incoming"
VIDEOS = "videos"
INCOMING_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|webp|mp4|webm)$")
VIDEO_NAME = re.compile(r"^[0-9a-f]{32}\.(mp4|webm)$")


def incoming_dir(uploads_dir: Path) -> Path:
    return Path(uploads_dir) / FOLDER / INCOMING


def videos_dir(uploads_dir: Path) -> Path:
    return Path(uploads_dir) / FOLDER / VIDEOS


def incoming_path(uploads_dir: Path, name: str | None) -> Path | None:
    if not name or not INCOMING_NAME.match(name):
        return None
    return incoming_dir(uploads_dir) / name


def video_path(uploads_dir: Path, name: str | None) -> Path | None:
    """The file of a stored clip, or None for a name not ours or a file gone."""
    if not name or not VIDEO_NAME.match(name):
        return None
    path = videos_dir(uploads_dir) / name
    return path if path.is_file() else None


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def delete_after_commit(tm, paths: Iterable[Path], dbsession: Session | None = None) -> None:
    """Remove ``paths`` (files or folders) once the transaction has committed: ``tm``'s
    (a request's), else ``dbsession``'s (the command line's, a hook's); at once when
    there is neither."""
    paths = [Path(p) for p in paths]
    if tm is not None:
        try:
            current = tm.get()
        except NoTransaction:
            current = None
        if current is not None:
            current.addAfterCommitHook(lambda committed: _remove(paths) if committed else None)
            return
    if dbsession is not None:
        when_transaction_ends(dbsession, committed=lambda: _remove(paths))
        return
    _remove(paths)


def item_paths(uploads_dir: Path, item: Item) -> list[Path]:
    """The files only ``item`` uses: its waiting upload, its clip, its renditions."""
    paths = []
    if (waiting := incoming_path(uploads_dir, item.incoming_name)) is not None:
        paths.append(waiting)
    if item.video_name and VIDEO_NAME.match(item.video_name):
        paths.append(videos_dir(uploads_dir) / item.video_name)
    if item.image is not None and images.KEY.match(item.image.key):
        paths.append(Path(uploads_dir) / images.FOLDER / item.image.key)
    return paths


def delete_items(dbsession: Session, uploads_dir: Path, items: Iterable[Item],
                 tm=None) -> int:
    """Delete ``items``, their pictures' rows and, after commit, their files. Returns
    how many were deleted. A picture another row still uses (none should) is kept."""
    items = list(items)
    if not items:
        return 0
    paths: list[Path] = []
    image_ids = {item.image_id for item in items if item.image_id is not None}
    for item in items:
        paths.extend(item_paths(uploads_dir, item))
        dbsession.delete(item)
    dbsession.flush()
    if image_ids:
        still_used = set(dbsession.scalars(
            select(Item.image_id).where(Item.image_id.in_(image_ids))))
        gone = image_ids - still_used
        if gone:
            dbsession.execute(delete(StoredImage).where(StoredImage.id.in_(gone)))
    delete_after_commit(tm, paths, dbsession)
    return len(items)


def count_files(uploads_dir: Path) -> int:
    """How many files the wall keeps outside the core's pictures (for tests and the
    operators' checks)."""
    root = Path(uploads_dir) / FOLDER
    return sum(1 for path in root.rglob("*") if path.is_file()) if root.exists() else 0


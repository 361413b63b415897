"""The work done after an upload's answer: a photo's renditions, a clip's poster frame
and length.

A worker claims the oldest queued item with ONE conditional UPDATE, which succeeds for
one worker only (the row must still be queued, or its lease must have run out: a worker
that died leaves its item ``processing`` until ``processing_until``, and then another
takes it). The claim is committed before the work starts, and the work touches no table
until its result is written, so a long rendering never holds the database. A failure
puts the item back in the queue; after :data:`MAX_ATTEMPTS` tries it is ``failed``
with a sentence for the moderators.

These functions commit ``dbsession`` themselves (the claim, then the result): they run
in the worker's own session or the command line's, never in a request.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from lanta.models import utcnow
from lanta.services import images, uploads
from lanta.services.errors import DomainError

from ..i18n import _
from ..models import Item
from . import files, posters

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
LEASE = dt.timedelta(minutes=10)
# How many of the oldest candidates one call looks at: another worker may claim the
# first before us.
CANDIDATES = 5


@dataclass(frozen=True)
class Claimed:
    """What the work needs of an item, read in the claim's transaction."""

    id: int
    kind: str
    caption: str
    credit: str
    incoming_name: str | None
    video_name: str | None
    attempts: int


def _claimable(now: dt.datetime):
    return or_(Item.processing == "queued",
               and_(Item.processing == "processing", Item.processing_until < now))


def claim(dbsession: Session, item_id: int, now: dt.datetime | None = None) -> bool:
    """Take ``item_id`` for this worker (not committed). False when it is not
    claimable: already taken by another worker, or done."""
    now = now or utcnow()
    result = dbsession.execute(
        update(Item)
        .where(Item.id == item_id, _claimable(now))
        .values(processing="processing", processing_until=now + LEASE,
                processing_attempts=Item.processing_attempts + 1)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _claim_next(dbsession: Session, now: dt.datetime) -> Claimed | None:
    candidates = dbsession.scalars(
        select(Item.id).where(Item.kind.in_(("photo", "clip")), _claimable(now))
        .order_by(Item.created_at, Item.id).limit(CANDIDATES)).all()
    for item_id in candidates:
        if claim(dbsession, item_id, now):
            item = dbsession.get(Item, item_id, populate_existing=True)
            claimed = Claimed(item.id, item.kind, item.caption, item.credit,
                              item.incoming_name, item.video_name,
                              item.processing_attempts)
            dbsession.commit()
            return claimed
    dbsession.commit()
    return None


def _store_picture(dbsession: Session, uploads_dir: Path, data: bytes, claimed: Claimed,
                   *, already_clean: bool):
    if already_clean:
        with Image.open(io.BytesIO(data)) as picture:
            fmt, (width, height) = picture.format, picture.size
        extension, media_type = uploads.FORMATS[fmt]
        clean = uploads.CleanImage(data, extension, media_type, width, height)
    else:
        clean = uploads.clean_image(data, images.MAX_PIXELS)
    return images.store(dbsession, uploads_dir, clean, alt=claimed.caption or claimed.credit,
                        credit=claimed.credit)


def _process_photo(dbsession: Session, uploads_dir: Path, claimed: Claimed) -> dict:
    path = files.incoming_path(uploads_dir, claimed.incoming_name)
    if path is None or not path.is_file():
        raise DomainError(_("The uploaded file is missing from the server."))
    image = _store_picture(dbsession, uploads_dir, path.read_bytes(), claimed,
                           already_clean=True)
    return {"image_id": image.id, "incoming_name": None}


def _process_clip(dbsession: Session, uploads_dir: Path, claimed: Claimed,
                  ffmpeg: str) -> dict:
    path = files.video_path(uploads_dir, claimed.video_name)
    if path is None:
        raise DomainError(_("The uploaded file is missing from the server."))
    try:
        frame = posters.poster_frame(ffmpeg, path)
    except posters.NoFfmpeg as exc:
        # ffprobe may still be found on the PATH: the length is worth having.
        return {"poster_note": exc.message, "duration_s": posters.duration_of(ffmpeg, path)}
    duration = posters.duration_of(ffmpeg, path)  # before the write transaction begins
    image = _store_picture(dbsession, uploads_dir, frame, claimed, already_clean=False)
    return {"image_id": image.id, "poster_note": "", "duration_s": duration}


def _sentence(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return str(exc)[:500]
    return _("The file could not be processed (${error}).",
             mapping={"error": type(exc).__name__}).interpolate()[:500]


def _give_back(dbsession: Session, claimed: Claimed, exc: Exception) -> None:
    dbsession.rollback()
    failed = claimed.attempts >= MAX_ATTEMPTS
    dbsession.execute(
        update(Item).where(Item.id == claimed.id, Item.processing == "processing")
        .values(processing="failed" if failed else "queued", processing_until=None,
                processing_error=_sentence(exc))
        .execution_options(synchronize_session=False))
    dbsession.commit()


def process_next(dbsession: Session, uploads_dir: Path, *,
                 ffmpeg: str = posters.DEFAULT_PROGRAM) -> Item | None:
    """Claim the oldest waiting upload and make its renditions (a photo) or its poster
    (a clip). Returns the item (ready, queued again after a failure, or failed), or
    None when nothing waits."""
    uploads_dir = Path(uploads_dir)
    claimed = _claim_next(dbsession, utcnow())
    if claimed is None:
        return None
    try:
        if claimed.kind == "photo":
            result = _process_photo(dbsession, uploads_dir, claimed)
        else:
            result = _process_clip(dbsession, uploads_dir, claimed, ffmpeg)
        dbsession.execute(
            update(Item).where(Item.id == claimed.id)
            .values(processing="ready", processing_until=None, processing_error="",
                    **result)
            .execution_options(synchronize_session=False))
        dbsession.commit()
    except Exception as exc:  # one bad file must not stop the queue
        log.warning("imagewall item %s not processed (attempt %s): %s", claimed.id,
                    claimed.attempts, exc, exc_info=not isinstance(exc, DomainError))
        _give_back(dbsession, claimed, exc)
        return dbsession.get(Item, claimed.id, populate_existing=True)
    if claimed.kind == "photo":
        files.delete_after_commit(None, [files.incoming_dir(uploads_dir)
                                         / claimed.incoming_name])
    return dbsession.get(Item, claimed.id, populate_existing=True)


def process_all(dbsession: Session, uploads_dir: Path, *,
                ffmpeg: str = posters.DEFAULT_PROGRAM) -> int:
    """Process every waiting upload now; returns how many were made ready."""
    ready = 0
    # A failed item comes back queued and is tried again at once; the attempts bound
    # ends the loop.
    while (item := process_next(dbsession, uploads_dir, ffmpeg=ffmpeg)) is not None:
        ready += item.processing == "ready"
    return ready

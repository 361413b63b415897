"""The work done after an upload's answer: a photo's renditions, a clip's poster frame
and length.

A worker claims the oldest queued item with ONE conditional UPDATE, which succeeds for
one worker only (the row must still be queued and its retry time past, or its lease
must have run out: a worker that died leaves its item ``processing`` until
``processing_until``, and then another takes it). The claim is committed before the
work starts, and the work touches no table until its result is written, so a long
rendering never holds the database. The renditions are written in a private work
folder and moved into place just before the result; the result is written only if the
item is still ours (not deleted, not taken again after our lease ran out), otherwise
the renditions go. A failure removes what was written and puts the item back in the
queue, to be tried again after :data:`RETRY_AFTER`; after :data:`MAX_ATTEMPTS` tries it
is ``failed``.

``processing_error`` (and a clip's ``poster_note``) hold a fixed English sentence, a
msgid of this add-on without a mapping: the pages translate it for the moderator who
reads it (``i18n:translate`` on the element showing it).

These functions commit ``dbsession`` themselves (the claim, then the result): they run
in the worker's own session or the command line's, never in a request.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from lanta.models import utcnow
from lanta.services import images, uploads
from lanta.services.errors import DomainError

from ..i18n import DOMAIN, _
from ..models import Item
from . import contributions, files, posters

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# The wait before the second and the third attempt: a passing trouble (a full disk, a
# busy server) has time to clear, and a bad file does not loop.
RETRY_AFTER = (dt.timedelta(seconds=30), dt.timedelta(minutes=2))
LEASE = dt.timedelta(minutes=10)
# How many of the oldest candidates one call looks at: another worker may claim the
# first before us.
CANDIDATES = 5
WORK = "work"


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


# The sentences stored for the moderators (msgids, translated where shown).
MISSING = _("The uploaded file is missing from the server.")
UNREADABLE = _("The picture could not be read: the file may be damaged.")
NOT_PROCESSED = _("The file could not be processed; the server's log says why.")


def _claimable(now: dt.datetime):
    return or_(and_(Item.processing == "queued",
                    or_(Item.processing_until.is_(None), Item.processing_until <= now)),
               and_(Item.processing == "processing", Item.processing_until < now))


def claim(dbsession: Session, item_id: int, now: dt.datetime | None = None) -> bool:
    """Take ``item_id`` for this worker (not committed). False when it is not
    claimable: already taken by another worker, waiting for its retry, or done."""
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


class Superseded(Exception):
    """The item is no longer ours: deleted, or taken again by another worker."""


def work_dir(uploads_dir: Path) -> Path:
    """Where attempts write (``imagewall/work/``, never served)."""
    return Path(uploads_dir) / files.FOLDER / WORK


def sweep_work(uploads_dir: Path, now: dt.datetime) -> None:
    """Remove what attempts of a crashed worker left (older than a lease)."""
    folder = work_dir(uploads_dir)
    if not folder.is_dir():
        return
    oldest = (now - LEASE).timestamp()
    for left in folder.iterdir():
        if left.stat().st_mtime < oldest:
            shutil.rmtree(left, ignore_errors=True)


class _Work:
    """The files one attempt writes: renditions go first to a private folder, so a
    failure (or a crash) never leaves half a picture among the site's pictures."""

    def __init__(self, uploads_dir: Path) -> None:
        self.uploads_dir = uploads_dir
        self.folder = work_dir(uploads_dir) / secrets.token_hex(8)
        self.placed: Path | None = None  # the renditions' folder once moved into place

    def store(self, dbsession: Session, clean: uploads.CleanImage, claimed: Claimed):
        image = images.store(dbsession, self.folder, clean,
                             alt=claimed.caption or claimed.credit, credit=claimed.credit)
        target = self.uploads_dir / images.FOLDER / image.key
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.folder / images.FOLDER / image.key, target)
        self.placed = target
        return image

    def discard(self, *, placed: bool) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if placed and self.placed is not None:
            shutil.rmtree(self.placed, ignore_errors=True)


def _clean(data: bytes) -> uploads.CleanImage:
    """The upright picture without its metadata (a photo as sent, or a poster frame):
    nothing is stored or shown before this."""
    try:
        return uploads.clean_image(data, contributions.MAX_PIXELS)
    except uploads.InvalidUpload:
        raise DomainError(UNREADABLE) from None


def _process_photo(dbsession: Session, work: _Work, claimed: Claimed) -> dict:
    path = files.incoming_path(work.uploads_dir, claimed.incoming_name)
    if path is None or not path.is_file():
        raise DomainError(MISSING)
    image = work.store(dbsession, _clean(path.read_bytes()), claimed)
    return {"image_id": image.id, "incoming_name": None}


def _process_clip(dbsession: Session, work: _Work, claimed: Claimed, ffmpeg: str) -> dict:
    path = files.video_path(work.uploads_dir, claimed.video_name)
    if path is None:
        raise DomainError(MISSING)
    try:
        frame = posters.poster_frame(ffmpeg, path)
    except posters.NoFfmpeg as exc:
        # ffprobe may still be found on the PATH: the length is worth having.
        return {"poster_note": str(exc.message),
                "duration_s": posters.duration_of(ffmpeg, path)}
    duration = posters.duration_of(ffmpeg, path)  # before the write transaction begins
    image = work.store(dbsession, _clean(frame), claimed)
    return {"image_id": image.id, "poster_note": "", "duration_s": duration}


def sentence_of(exc: Exception) -> str:
    """What the moderators read: the refusal's own sentence when it is one of this
    add-on's msgids without values to fill in, else a general one (the log has the
    details)."""
    message = getattr(exc, "message", None)
    if (isinstance(exc, DomainError) and getattr(message, "domain", None) == DOMAIN
            and not exc.mapping and "${" not in str(message)):
        return str(message)[:500]
    return str(NOT_PROCESSED)


def retry_after(attempts: int) -> dt.timedelta:
    """How long a given-back item waits before its next attempt."""
    return RETRY_AFTER[min(attempts, len(RETRY_AFTER)) - 1]


def _give_back(dbsession: Session, claimed: Claimed, exc: Exception,
               now: dt.datetime) -> None:
    dbsession.rollback()
    failed = claimed.attempts >= MAX_ATTEMPTS
    dbsession.execute(
        update(Item).where(Item.id == claimed.id, Item.processing == "processing",
                           Item.processing_attempts == claimed.attempts)
        .values(processing="failed" if failed else "queued",
                processing_until=None if failed else now + retry_after(claimed.attempts),
                processing_error=sentence_of(exc))
        .execution_options(synchronize_session=False))
    dbsession.commit()


def _finish(dbsession: Session, claimed: Claimed, result: dict) -> None:
    """Write the result if the item is still ours, in the same transaction as the
    picture's row."""
    done = dbsession.execute(
        update(Item).where(Item.id == claimed.id, Item.processing == "processing",
                           Item.processing_attempts == claimed.attempts)
        .values(processing="ready", processing_until=None, processing_error="", **result)
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise Superseded(claimed.id)
    dbsession.commit()


def process_one(dbsession: Session, uploads_dir: Path,
                ffmpeg: str = posters.DEFAULT_PROGRAM,
                now: dt.datetime | None = None) -> tuple[bool, Item | None]:
    """Process the oldest waiting upload: (whether one was claimed, the item as it is
    now, None if it was deleted meanwhile). The worker's step: it goes on while this
    claims something."""
    uploads_dir = Path(uploads_dir)
    now = now or utcnow()
    claimed = _claim_next(dbsession, now)
    if claimed is None:
        sweep_work(uploads_dir, now)  # idle: a good time to tidy
        return False, None
    work = _Work(uploads_dir)
    try:
        if claimed.kind == "photo":
            result = _process_photo(dbsession, work, claimed)
        else:
            result = _process_clip(dbsession, work, claimed, ffmpeg)
        _finish(dbsession, claimed, result)
    except Superseded:
        log.info("imagewall item %s was deleted or taken again while processed; its "
                 "renditions are dropped", claimed.id)
        dbsession.rollback()
        work.discard(placed=True)
    except Exception as exc:  # one bad file must not stop the queue
        log.warning("imagewall item %s not processed (attempt %s): %s", claimed.id,
                    claimed.attempts, exc, exc_info=not isinstance(exc, DomainError))
        work.discard(placed=True)
        _give_back(dbsession, claimed, exc, now)
    else:
        work.discard(placed=False)
        if claimed.kind == "photo":
            files.delete_after_commit(None, [files.incoming_dir(uploads_dir)
                                             / claimed.incoming_name])
    return True, dbsession.get(Item, claimed.id, populate_existing=True)


def process_next(dbsession: Session, uploads_dir: Path, *,
                 ffmpeg: str = posters.DEFAULT_PROGRAM,
                 now: dt.datetime | None = None) -> Item | None:
    """Claim the oldest waiting upload and make its renditions (a photo) or its poster
    (a clip). Returns the item (ready, queued again after a failure, or failed), or
    None when nothing waits (or the item claimed was deleted meanwhile)."""
    return process_one(dbsession, Path(uploads_dir), ffmpeg, now)[1]


def process_all(dbsession: Session, uploads_dir: Path, *,
                ffmpeg: str = posters.DEFAULT_PROGRAM,
                now: dt.datetime | None = None) -> int:
    """Process every upload waiting now; returns how many were made ready. An item
    given back waits for its retry time, so each is tried at most once per call."""
    ready = 0
    while True:
        claimed, item = process_one(dbsession, Path(uploads_dir), ffmpeg, now)
        if not claimed:
            return ready
        ready += item is not None and item.processing == "ready"

"""Writing the review of a test (one per test), by its tester.

The threshold rule: a review rated at or above the threshold (:mod:`.settings`) goes to
moderation ("pending", event "submitted"); one rated below stays the office's private
feedback ("private", event "kept_private") and is never published. Nothing here
publishes: that is the moderators' decision. The tester may change the review while it
waits for moderation; once decided (published, private, rejected…) it is fixed.

Changing a review locks its row (``SELECT … FOR UPDATE``), as every moderation decision
does: a change and a decision at the same moment go one after the other, and the one
that comes second reads the other's (a decided review is no longer changed; a decision
on a changed review is refused as stale, see :mod:`.moderation`).

Text is kept as typed (plain text, bounded); pages escape it. Photos are checked like
every upload and stored as core pictures with their text alternative.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import StoredImage, User, row_by_id
from lanta.services import images, uploads
from lanta.services.errors import Conflict, InvalidField, NotFound
from lanta.services.partner_vocabulary import AUDIENCES

from ..i18n import _
from ..models import Review, ReviewEvent, ReviewPhoto, Test, Tester, utcnow
from . import settings
from .membership import check_no_conflict
from .tests import check_active, own_test

MAX_TITLE = 120
MAX_TEXT = 5000
MIN_TEXT = 20  # a sentence at least: a review says why
MAX_PHOTOS = 6
EDITABLE = ("pending",)


@dataclass(frozen=True)
class PhotoInput:
    clean: uploads.CleanImage
    alt: str


@dataclass(frozen=True)
class ReviewInput:
    rating: int | None
    title: str
    text: str
    language: str
    audiences: tuple[str, ...] = ()
    photos: tuple[PhotoInput, ...] = ()


def review_of(dbsession: Session, test: Test, *, lock: bool = False) -> Review | None:
    """The review of a test, or None; ``lock`` locks its row until the transaction ends
    and reads it again."""
    query = select(Review).where(Review.test_id == test.id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return dbsession.scalar(query)


def photos_of(dbsession: Session, review: Review) -> list[tuple[ReviewPhoto, StoredImage]]:
    return [tuple(row) for row in dbsession.execute(
        select(ReviewPhoto, StoredImage).join(StoredImage,
                                              StoredImage.id == ReviewPhoto.image_id)
        .where(ReviewPhoto.review_id == review.id)
        .order_by(ReviewPhoto.position, ReviewPhoto.id))]


def is_editable(review: Review | None) -> bool:
    return review is None or review.status in EDITABLE


def _text(value: str, *, on: str, low: int, high: int, one_line: bool) -> str:
    value = " ".join((value or "").split()) if one_line else (value or "").strip()
    if one_line is False:
        # Keep the paragraphs the tester typed, without runs of blank lines.
        lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
        value = "\n".join(lines)
        while "\n\n\n" in value:
            value = value.replace("\n\n\n", "\n\n")
    if len(value) < low:
        if low <= 1:
            raise InvalidField(_("This field is required."), on=on)
        raise InvalidField(_("Write at least ${min} characters."), on=on, min=low)
    if len(value) > high:
        raise InvalidField(_("Write at most ${max} characters."), on=on, max=high)
    return value


def _checked(data: ReviewInput, languages: list[str]) -> tuple[int, str, str, list[str]]:
    rating = data.rating
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidField(_("Choose a rating from 1 to 5."), on="rating")
    title = _text(data.title, on="title", low=1, high=MAX_TITLE, one_line=True)
    text = _text(data.text, on="text", low=MIN_TEXT, high=MAX_TEXT, one_line=False)
    if data.language not in languages:
        raise InvalidField(_("Choose the language of your review among the site's."),
                           on="language")
    if any(a not in AUDIENCES for a in data.audiences):
        raise InvalidField(_("Choose among the audiences listed."), on="audiences")
    audiences = [a for a in AUDIENCES if a in data.audiences]
    for photo in data.photos:
        images.check_alt(photo.alt)  # every photo checked before any is stored
    return rating, title, text, audiences


def write(dbsession: Session, uploads_dir: Path, tester: Tester | None, test_id: int,
          data: ReviewInput, *, languages: list[str], now: dt.datetime | None = None
          ) -> Review:
    """Write (or, while it waits for moderation, change) the review of a test of
    ``tester``'s. Its status follows the threshold; the history gets an event.
    Refusals raise a :class:`DomainError` with nothing written."""
    tester = check_active(tester)
    test = own_test(dbsession, tester, test_id)
    now = now or utcnow()
    review = review_of(dbsession, test, lock=True)
    if not is_editable(review):
        raise Conflict(_("This review was already decided by the office: it can no "
                         "longer be changed."))
    rating, title, text, audiences = _checked(data, languages)
    # Checked at the declaration, and again now: the tester may have joined the team.
    check_no_conflict(dbsession, tester.user_id, test.partner_id)
    kept = photos_of(dbsession, review) if review is not None else []
    if len(kept) + len(data.photos) > MAX_PHOTOS:
        raise InvalidField(_("A review holds ${max} photos at most."), on="photos",
                           max=MAX_PHOTOS)
    status = "pending" if rating >= settings.threshold(dbsession) else "private"
    if review is None:
        review = Review(test_id=test.id, tester_id=tester.id, partner_id=test.partner_id,
                        created_at=now)
        dbsession.add(review)
    review.rating, review.title, review.text = rating, title, text
    review.language, review.audiences, review.status = data.language, audiences, status
    dbsession.flush()
    position = (dbsession.scalar(select(func.max(ReviewPhoto.position))
                                 .where(ReviewPhoto.review_id == review.id)) or 0)
    author = dbsession.get(User, tester.user_id)
    for photo in data.photos:
        position += 1
        image = images.store(dbsession, uploads_dir, photo.clean, alt=photo.alt,
                             author=author)
        dbsession.add(ReviewPhoto(review_id=review.id, image_id=image.id,
                                  position=position))
    dbsession.add(ReviewEvent(review_id=review.id, actor_id=tester.user_id, at=now,
                              action="submitted" if status == "pending" else "kept_private"))
    dbsession.flush()
    return review


def remove_photo(dbsession: Session, tester: Tester | None, test_id: int,
                 photo_id: int) -> None:
    """Take a photo off a review that still waits for moderation (the picture's row
    stays, as every core picture does: other rows may point at it)."""
    tester = check_active(tester)
    review = review_of(dbsession, own_test(dbsession, tester, test_id), lock=True)
    if review is None:
        raise NotFound(_("There is no such photo."))
    if not is_editable(review):
        raise Conflict(_("This review was already decided by the office: it can no "
                         "longer be changed."))
    photo = row_by_id(dbsession, ReviewPhoto, photo_id)
    if photo is None or photo.review_id != review.id:
        raise NotFound(_("There is no such photo."))
    dbsession.delete(photo)
    dbsession.flush()

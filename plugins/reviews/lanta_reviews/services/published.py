"""What the public may read: published reviews only, of published listings.

No other status ever leaves this module: pending, private, rejected and unpublished
reviews stay with the office.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import MAX_ID, Partner, StoredImage
from lanta.services.errors import NotFound

from ..i18n import _
from ..models import Review, ReviewPhoto, Tester

PUBLISHED = "published"


def _public():
    return (select(Review).join(Partner, Partner.id == Review.partner_id)
            .where(Review.status == PUBLISHED, Partner.published.is_(True)))


def _newest(query):
    return query.order_by(Review.published_at.desc(), Review.id.desc())


def for_partner(dbsession: Session, partner_id: int, limit: int = 5) -> list[Review]:
    return list(dbsession.scalars(_newest(_public().where(Review.partner_id == partner_id))
                                  .limit(limit)).all())


def count_for_partner(dbsession: Session, partner_id: int) -> int:
    return dbsession.scalar(select(func.count()).select_from(
        _public().where(Review.partner_id == partner_id).subquery())) or 0


def recent(dbsession: Session, *, page: int = 1, per_page: int = 10,
           partner_id: int | None = None) -> tuple[list[Review], int]:
    """One page of the published reviews, newest first, and how many there are."""
    query = _public()
    if partner_id is not None:
        query = query.where(Review.partner_id == partner_id)
    total = dbsession.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = dbsession.scalars(_newest(query).offset((page - 1) * per_page)
                             .limit(per_page)).all()
    return list(rows), total


def get(dbsession: Session, review_id: int) -> Review:
    """A published review, or NotFound (also for any other status)."""
    review = None
    if 0 < review_id <= MAX_ID:  # an id typed from outside: beyond, not found
        review = dbsession.scalars(_public().where(Review.id == review_id)).first()
    if review is None:
        raise NotFound(_("This review does not exist."))
    return review


def photos(dbsession: Session, review_ids: list[int]) -> dict[int, list[StoredImage]]:
    found: dict[int, list[StoredImage]] = defaultdict(list)
    if not review_ids:
        return found
    rows = dbsession.execute(
        select(ReviewPhoto.review_id, StoredImage)
        .join(StoredImage, StoredImage.id == ReviewPhoto.image_id)
        .where(ReviewPhoto.review_id.in_(review_ids))
        .order_by(ReviewPhoto.position, ReviewPhoto.id)).all()
    for review_id, image in rows:
        found[review_id].append(image)
    return found


def testers(dbsession: Session, tester_ids: list[int]) -> dict[int, Tester]:
    if not tester_ids:
        return {}
    return {t.id: t for t in dbsession.scalars(
        select(Tester).where(Tester.id.in_(set(tester_ids)))).all()}


def partners(dbsession: Session, partner_ids: list[int]) -> dict[int, Partner]:
    if not partner_ids:
        return {}
    return {p.id: p for p in dbsession.scalars(
        select(Partner).where(Partner.id.in_(set(partner_ids)))).all()}


def counts_by_partner(dbsession: Session,
                      partner_ids: list[int] | None = None) -> dict[int, int]:
    """How many published reviews each partner has (those with none are absent)."""
    query = (select(Review.partner_id, func.count(Review.id))
             .where(Review.status == PUBLISHED).group_by(Review.partner_id))
    if partner_ids is not None:
        if not partner_ids:
            return {}
        query = query.where(Review.partner_id.in_(partner_ids))
    return {partner_id: count for partner_id, count in dbsession.execute(query).all()}

"""Photos of partners' listings: added by the office (shown at once) or by the partner's
own account (shown once an editor approves), ordered, described for those who cannot see
them.

A partner account may remove a photo of its listing at once, approved or not: taking a
picture away never shows visitors anything the office has not seen.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Partner, PartnerPhoto, User, row_by_id
from . import images, uploads
from .errors import DomainError, InvalidField, NotFound

# Enough to show rooms, table and terrace; a listing is not an album.
MAX_PHOTOS = 12


class TooManyPhotos(DomainError):
    status = 409


def shown(dbsession: Session, partner: Partner) -> list[PartnerPhoto]:
    """The photos visitors see, in order."""
    return list(dbsession.scalars(
        select(PartnerPhoto).where(PartnerPhoto.partner_id == partner.id,
                                   PartnerPhoto.approved.is_(True))
        .order_by(PartnerPhoto.position, PartnerPhoto.id)))


def all_of(dbsession: Session, partner: Partner) -> list[PartnerPhoto]:
    """Every photo of the listing, approved or waiting, in order."""
    return list(dbsession.scalars(
        select(PartnerPhoto).where(PartnerPhoto.partner_id == partner.id)
        .order_by(PartnerPhoto.position, PartnerPhoto.id)))


def first_shown(dbsession: Session, partner_ids: list[int]) -> dict[int, PartnerPhoto]:
    """The first approved photo of each of these partners that has one (for lists)."""
    first: dict[int, PartnerPhoto] = {}
    if not partner_ids:
        return first
    for photo in dbsession.scalars(
            select(PartnerPhoto).where(PartnerPhoto.partner_id.in_(partner_ids),
                                       PartnerPhoto.approved.is_(True))
            .order_by(PartnerPhoto.partner_id, PartnerPhoto.position, PartnerPhoto.id)):
        first.setdefault(photo.partner_id, photo)
    return first


def waiting(dbsession: Session) -> list[PartnerPhoto]:
    """Photos sent by partner accounts that wait for an editor, oldest first."""
    return list(dbsession.scalars(
        select(PartnerPhoto).where(PartnerPhoto.approved.is_(False))
        .order_by(PartnerPhoto.created_at, PartnerPhoto.id)))


def get(dbsession: Session, partner: Partner, photo_id: int) -> PartnerPhoto:
    photo = row_by_id(dbsession, PartnerPhoto, photo_id)
    if photo is None or photo.partner_id != partner.id:
        raise NotFound("This photo is not one of this listing's.")
    return photo


def add(dbsession: Session, uploads_dir: Path, partner: Partner, clean: uploads.CleanImage,
        *, alt: str, credit: str = "", author: User | None = None,
        approved: bool = True) -> PartnerPhoto:
    """Store ``clean`` and add it at the end of the listing's photos."""
    count = dbsession.scalar(select(func.count()).select_from(PartnerPhoto)
                             .where(PartnerPhoto.partner_id == partner.id)) or 0
    if count >= MAX_PHOTOS:
        raise TooManyPhotos("A listing holds ${max} photos at most: remove one first.",
                            max=MAX_PHOTOS)
    image = images.store(dbsession, uploads_dir, clean, alt=alt, credit=credit, author=author)
    last = dbsession.scalar(select(func.max(PartnerPhoto.position))
                            .where(PartnerPhoto.partner_id == partner.id))
    photo = PartnerPhoto(partner_id=partner.id, image_id=image.id, image=image,
                         position=(last or 0) + 1, approved=approved,
                         added_by=author.id if author else None)
    dbsession.add(photo)
    dbsession.flush()
    return photo


def describe(photo: PartnerPhoto, alt: str, credit: str) -> None:
    """A new text alternative and credit. The picture belongs to this photo alone, so
    it changes in place (content revisions share theirs and copy it instead)."""
    photo.image.alt = images.check_alt(alt)
    credit = " ".join((credit or "").split())
    if len(credit) > 200:
        raise InvalidField("The credit is longer than 200 characters.", on="credit")
    photo.image.credit = credit


def move(dbsession: Session, photo: PartnerPhoto, step: int) -> None:
    """One place earlier (``step`` -1) or later (+1) among the listing's photos."""
    photos = all_of(dbsession, dbsession.get(Partner, photo.partner_id))
    where = photos.index(photo)
    other = where + step
    if not 0 <= other < len(photos):
        return
    photos[where], photos[other] = photos[other], photos[where]
    for position, each in enumerate(photos, start=1):
        each.position = position


def approve(photo: PartnerPhoto) -> None:
    photo.approved = True


def remove(dbsession: Session, photo: PartnerPhoto) -> None:
    """Take the photo and its picture's row off the listing. The files stay on disk
    (they are not written in the transaction, so they are not deleted in it either)."""
    dbsession.delete(photo)
    dbsession.delete(photo.image)
    dbsession.flush()

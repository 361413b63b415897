"""Testers: the accounts the office accepted, and their public profiles.

The profile's address (``slug``) follows the public name: a tester who swaps a real
name for a pseudonym would not want the old name to stay in the address.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import StoredImage, row_by_id
from lanta.services import images
from lanta.services.content import slugify
from lanta.services.errors import InvalidField, NotFound
from lanta.services.partner_vocabulary import ENVIES
from lanta.services.uploads import CleanImage

from ..i18n import _
from ..models import TESTER_KINDS, Tester, utcnow

DISPLAY_NAME_MAX = 80
BIO_MAX = 1000
SLUG_MAX = 80  # the column holds 90: room for "-NN"


def tester_for_user(dbsession: Session, user_id: int) -> Tester | None:
    """The tester row of an account, active or not, or None."""
    return dbsession.scalars(select(Tester).where(Tester.user_id == user_id)).first()


def get(dbsession: Session, tester_id: int) -> Tester:
    """A tester by its id (typed from outside: beyond the keys' range is not found)."""
    row = row_by_id(dbsession, Tester, tester_id)
    if row is None:
        raise NotFound(_("There is no such tester."))
    return row


def get_by_slug(dbsession: Session, slug: str) -> Tester:
    """A tester by its profile's address, active or not (reviews stay readable)."""
    row = dbsession.scalars(select(Tester).where(Tester.slug == slug)).first()
    if row is None:
        raise NotFound(_("There is no such tester."))
    return row


def list_all(dbsession: Session) -> list[Tester]:
    """For the office: active testers first, by name."""
    return list(dbsession.scalars(select(Tester).order_by(
        Tester.active.desc(), func.lower(Tester.display_name), Tester.id)))


def list_active(dbsession: Session) -> list[Tester]:
    return list(dbsession.scalars(select(Tester).where(Tester.active.is_(True)).order_by(
        func.lower(Tester.display_name), Tester.id)))


def unique_slug(dbsession: Session, name: str, keep_id: int | None = None) -> str:
    """An address name from ``name`` that no other tester has: ``manon-b``, then
    ``manon-b-2``…"""
    base = slugify(name)[:SLUG_MAX].strip("-") or "tester"
    taken = set(dbsession.scalars(select(Tester.slug).where(
        (Tester.slug == base) | Tester.slug.like(f"{base}-%"),
        Tester.id != (keep_id or 0))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _display_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidField(_("Give the name visitors will read: yours or a pseudonym."),
                           on="display_name")
    if len(name) > DISPLAY_NAME_MAX:
        raise InvalidField(_("The name is longer than ${n} characters."),
                           on="display_name", n=DISPLAY_NAME_MAX)
    return name


def create(dbsession: Session, *, user_id: int, display_name: str, kind: str,
           interests=(), languages=(), now: dt.datetime | None = None) -> Tester:
    """A new active tester (from an accepted application)."""
    name = _display_name(display_name[:DISPLAY_NAME_MAX])
    if kind not in TESTER_KINDS:
        raise InvalidField(_("Say whether you live here or work in tourism."), on="kind")
    row = Tester(user_id=user_id, display_name=name, slug=unique_slug(dbsession, name),
                 kind=kind, bio="", interests=[e for e in ENVIES if e in interests],
                 languages=list(languages), active=True, joined_at=now or utcnow())
    dbsession.add(row)
    dbsession.flush()
    return row


@dataclass
class ProfileInput:
    display_name: str
    bio: str = ""
    interests: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    site_languages: tuple[str, ...] = ("fr",)


def update_profile(dbsession: Session, tester: Tester, data: ProfileInput) -> Tester:
    """Save what a tester tells of themselves; a refused value changes nothing."""
    name = _display_name(data.display_name)
    bio = (data.bio or "").strip()
    if len(bio) > BIO_MAX:
        raise InvalidField(_("The text is longer than ${n} characters."), on="bio",
                           n=BIO_MAX)
    if any(e not in ENVIES for e in data.interests):
        raise InvalidField(_("Choose among the interests listed."), on="interests")
    # A language the site stopped offering may stay ticked; new ones come from the list.
    allowed = set(data.site_languages) | set(tester.languages or ())
    if any(lang not in allowed for lang in data.languages):
        raise InvalidField(_("Choose among the languages listed."), on="languages")
    if name != tester.display_name:
        tester.slug = unique_slug(dbsession, name, keep_id=tester.id)
    tester.display_name = name
    tester.bio = bio
    tester.interests = [e for e in ENVIES if e in data.interests]
    tester.languages = sorted(set(data.languages))
    dbsession.flush()
    return tester


def set_photo(dbsession: Session, uploads_dir: Path, tester: Tester, clean: CleanImage,
              alt: str, author=None) -> StoredImage:
    """A new profile photo (stored and rendered like every picture); the alternative
    text is required. The previous photo's row is left to the core's images."""
    image = images.store(dbsession, uploads_dir, clean, alt=alt, author=author)
    tester.photo_id = image.id
    dbsession.flush()
    return image


def remove_photo(dbsession: Session, tester: Tester) -> None:
    tester.photo_id = None
    dbsession.flush()


def photo_of(dbsession: Session, tester: Tester) -> StoredImage | None:
    return dbsession.get(StoredImage, tester.photo_id) if tester.photo_id else None


def set_active(dbsession: Session, tester: Tester, active: bool) -> Tester:
    """The office ends (or restores) a tester's role. An inactive tester declares no
    test, writes no review and claims nothing (the services refuse it:
    :func:`.tests.check_active`). Only a partner account loses ``reviews.write`` (the
    ``tester`` role it held through ``lanta_user_roles``); an account created as a
    tester keeps its role, and the services' refusal is what stops it. The profile
    (which its owner may still edit) and the published reviews stay."""
    tester.active = bool(active)
    dbsession.flush()
    return tester

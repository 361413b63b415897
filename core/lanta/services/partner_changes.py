"""Partners keep their own listing: their accounts, the changes they propose, and the
editors' decisions.

A partner account may change only what it knows best (texts, contacts, hours, price,
envies, labels, accessibility); the name, category, place and publication stay with the
office. A proposal is checked like any edit when it is sent, holds only the fields that
differ, and replaces the partner's earlier proposal still waiting. An editor approves it
(the listing changes then) or rejects it with a reason the partner reads.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Partner, PartnerChange, PartnerMember, User, row_by_id
from . import partners
from .errors import Conflict, DomainError, InvalidField, NotFound

SELF_FIELDS = ("summary", "description", "phone", "email", "website", "price_range",
               "envies", "audiences", "labels", "accessibility", "opening_hours")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# --- accounts ------------------------------------------------------------------------------


def members(dbsession: Session, partner: Partner) -> list[User]:
    return list(dbsession.scalars(
        select(User).join(PartnerMember, PartnerMember.user_id == User.id)
        .where(PartnerMember.partner_id == partner.id).order_by(User.email)).all())


def check_members(dbsession: Session, emails: list[str]) -> list[User]:
    """The accounts of ``emails``; each must exist with the partner role."""
    found = []
    for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        user = dbsession.scalar(select(User).where(User.email == email))
        if user is None:
            raise InvalidField("There is no account ${email}; add it under Users first.",
                               on="members", email=email)
        if user.role != "partner":
            raise InvalidField("The account ${email} does not have the partner role.",
                               on="members", email=email)
        found.append(user)
    return found


def set_members(dbsession: Session, partner: Partner, accounts: list[User]) -> None:
    """Make exactly ``accounts`` (see :func:`check_members`) keep ``partner``."""
    dbsession.flush()  # a new partner gets its id
    dbsession.execute(delete(PartnerMember).where(PartnerMember.partner_id == partner.id))
    dbsession.add_all(PartnerMember(partner_id=partner.id, user_id=u.id) for u in accounts)
    dbsession.flush()


def listings_of(dbsession: Session, user: User) -> list[Partner]:
    return list(dbsession.scalars(
        select(Partner).join(PartnerMember, PartnerMember.partner_id == Partner.id)
        .where(PartnerMember.user_id == user.id).order_by(Partner.slug)).all())


def listing_of(dbsession: Session, user: User, slug: str) -> Partner:
    """``user``'s listing ``slug``, or NotFound (also for a listing of someone else)."""
    for partner in listings_of(dbsession, user):
        if partner.slug == slug:
            return partner
    raise NotFound("You keep no listing with the address name ${slug}.", slug=slug)


# --- proposals -------------------------------------------------------------------------------


def waiting(dbsession: Session, partner: Partner) -> PartnerChange | None:
    return dbsession.scalar(select(PartnerChange).where(
        PartnerChange.partner_id == partner.id, PartnerChange.state == "pending"))


def propose(dbsession: Session, partner: Partner, author: User,
            data: dict[str, Any]) -> PartnerChange | None:
    """Store ``data`` (service keys, only SELF_FIELDS) as a change waiting for approval.
    Values equal to the published listing withdraw the change waiting, if any (None)."""
    extra = set(data) - set(SELF_FIELDS)
    if extra:
        raise DomainError("A partner account cannot change ${fields}.",
                          fields=", ".join(sorted(extra)))
    checked = partners.check(data)
    changed = {key: value for key, value in checked.items()
               if _comparable(getattr(partner, key)) != _comparable(value)}
    previous = waiting(dbsession, partner)
    if not changed:
        if previous is not None:  # sending the published values back withdraws it
            previous.state, previous.decided_at = "superseded", utc_now()
            dbsession.flush()
            return None
        raise InvalidField("Nothing differs from the published listing.", on="summary_fr")
    if previous is not None:
        previous.state = "superseded"
        previous.decided_at = utc_now()
    change = PartnerChange(partner_id=partner.id, author_id=author.id, data=changed,
                           state="pending", created_at=utc_now())
    dbsession.add(change)
    dbsession.flush()
    return change


def _comparable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if v not in ("", None, False)}
    return value or None


def pending(dbsession: Session) -> list[PartnerChange]:
    return list(dbsession.scalars(select(PartnerChange).where(
        PartnerChange.state == "pending").order_by(PartnerChange.created_at)).all())


def get(dbsession: Session, change_id: int) -> PartnerChange:
    change = row_by_id(dbsession, PartnerChange, change_id)
    if change is None:
        raise NotFound("There is no proposed change ${id}.", id=change_id)
    return change


def _decide(dbsession: Session, change: PartnerChange, reviewer: User, state: str) -> None:
    dbsession.refresh(change, with_for_update=True)  # two editors deciding at once
    if change.state != "pending":
        raise Conflict("This change was already decided.")
    change.state, change.decided_by, change.decided_at = state, reviewer.id, utc_now()


def approve(dbsession: Session, change: PartnerChange, reviewer: User) -> Partner:
    """Apply the change to the listing (checked again: rules may have changed since)."""
    _decide(dbsession, change, reviewer, "approved")
    partner = dbsession.get(Partner, change.partner_id)
    partners.update(partner, change.data)
    dbsession.flush()
    return partner


def reject(dbsession: Session, change: PartnerChange, reviewer: User, reason: str) -> None:
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidField("Say why, so that the partner can correct it.", on="reason")
    _decide(dbsession, change, reviewer, "rejected")
    change.reason = reason[:1000]
    dbsession.flush()


@dataclass(frozen=True)
class Difference:
    field: str
    before: Any
    after: Any


def differences(dbsession: Session, change: PartnerChange) -> list[Difference]:
    """Field by field, the listing now and as proposed."""
    partner = dbsession.get(Partner, change.partner_id)
    return [Difference(key, getattr(partner, key), value)
            for key, value in change.data.items()]


def latest_decision(dbsession: Session, partner: Partner) -> PartnerChange | None:
    return dbsession.scalar(select(PartnerChange).where(
        PartnerChange.partner_id == partner.id,
        PartnerChange.state.in_(("approved", "rejected")))
        .order_by(PartnerChange.decided_at.desc()).limit(1))

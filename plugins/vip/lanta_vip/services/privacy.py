"""A visitor's data on request (export, erasure) and by itself after the stay
(anonymisation), with the counts that survive both.

Anonymising blanks the personal fields (names, e-mail, phone, children's ages), deletes
the consents, retires the cards (their UIDs freed, their QR tokens dead) and keeps the
rest: stay dates, language, party sizes, interests, accommodation, and every scan and
redemption, so that the office still counts what the cards brought.

The retention period is a site setting stored in the core's ``site_settings`` table
under ``vip.retention_days`` (the core has no add-on settings yet; its loader ignores
keys it does not know).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lanta.models import Partner, SiteSetting

from ..i18n import _
from ..models import Card, Consent, Offer, Redemption, Scan, Visitor
from . import cards
from .clock import today, utcnow
from .errors import InvalidInput, NotFound

RETENTION_KEY = "vip.retention_days"
DEFAULT_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 3 * 365


def retention_days(dbsession: Session) -> int:
    row = dbsession.get(SiteSetting, RETENTION_KEY)
    value = row.value if row is not None else None
    return value if isinstance(value, int) and value >= 0 else DEFAULT_RETENTION_DAYS


def set_retention_days(dbsession: Session, days: int) -> int:
    if not isinstance(days, int) or isinstance(days, bool) \
            or not 0 <= days <= MAX_RETENTION_DAYS:
        raise InvalidInput(_("Enter a number from ${low} to ${high}."), on="retention_days",
                           low=0, high=MAX_RETENTION_DAYS)
    row = dbsession.get(SiteSetting, RETENTION_KEY)
    if row is None:
        dbsession.add(SiteSetting(key=RETENTION_KEY, value=days, revision=1))
    else:
        row.value, row.revision = days, (row.revision or 0) + 1
    dbsession.flush()
    return days


def get_visitor(dbsession: Session, visitor_id: int) -> Visitor:
    visitor = dbsession.get(Visitor, visitor_id)
    if visitor is None:
        raise NotFound(_("There is no visitor number ${id}."), id=visitor_id)
    return visitor


def redemptions_of(dbsession: Session, visitor_id: int
                   ) -> list[tuple[Redemption, Offer, Partner]]:
    """The offers a visitor was granted, with each offer and its partner, oldest first;
    whatever card of the stay was shown."""
    return [tuple(row) for row in dbsession.execute(
        select(Redemption, Offer, Partner).join(Offer, Redemption.offer_id == Offer.id)
        .join(Partner, Offer.partner_id == Partner.id)
        .where(Redemption.visitor_id == visitor_id).order_by(Redemption.redeemed_at))]


def export_visitor(dbsession: Session, visitor_id: int) -> dict[str, Any]:
    """Everything stored about a visitor, as JSON-ready data (the right of access)."""
    visitor = get_visitor(dbsession, visitor_id)
    accommodation = dbsession.get(Partner, visitor.accommodation_id) \
        if visitor.accommodation_id else None
    uses = redemptions_of(dbsession, visitor.id)
    return {
        "visitor": {
            "first_name": visitor.first_name, "last_name": visitor.last_name,
            "email": visitor.email, "phone": visitor.phone, "language": visitor.language,
            "arrival": visitor.arrival.isoformat(), "departure": visitor.departure.isoformat(),
            "accommodation": accommodation.text("name", visitor.language)
            if accommodation else None,
            "adults": visitor.adults, "children_ages": list(visitor.children_ages),
            "children": visitor.children, "pets": visitor.pets,
            "interests": list(visitor.envies), "audiences": list(visitor.audiences),
            "welcome_bag": visitor.welcome_bag, "created_at": visitor.created_at.isoformat(),
            "anonymised_at": visitor.anonymised_at.isoformat()
            if visitor.anonymised_at else None,
        },
        "consents": [{"purpose": c.purpose, "wording": c.wording,
                      "given_at": c.given_at.isoformat(),
                      "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None}
                     for c in visitor.consents],
        "cards": [{"number": c.number, "status": c.status,
                   "issued_at": c.issued_at.isoformat(),
                   "blocked_at": c.blocked_at.isoformat() if c.blocked_at else None}
                  for c in visitor.cards],
        "redemptions": [{"offer": offer.text_for("title", visitor.language),
                         "partner": partner.text("name", visitor.language),
                         "redeemed_at": redemption.redeemed_at.isoformat()}
                        for redemption, offer, partner in uses],
    }


def withdraw_consent(dbsession: Session, visitor_id: int, purpose: str, *,
                     now: dt.datetime | None = None) -> None:
    for consent in get_visitor(dbsession, visitor_id).consents:
        if consent.purpose == purpose and consent.withdrawn_at is None:
            consent.withdrawn_at = now or utcnow()
    dbsession.flush()


def _anonymise(dbsession: Session, visitor: Visitor, now: dt.datetime) -> None:
    visitor.first_name = visitor.last_name = visitor.email = visitor.phone = ""
    visitor.children_ages = []
    visitor.issued_by_id = None
    visitor.anonymised_at = now
    dbsession.execute(delete(Consent).where(Consent.visitor_id == visitor.id))
    cards.retire_cards(dbsession, visitor.id)
    dbsession.flush()
    dbsession.expire(visitor, ["consents", "cards"])


def erase_visitor(dbsession: Session, visitor_id: int, *,
                  now: dt.datetime | None = None) -> Visitor:
    """Erase a visitor's personal data at once (on request); the counts stay."""
    visitor = get_visitor(dbsession, visitor_id)
    if visitor.anonymised_at is None:
        _anonymise(dbsession, visitor, now or utcnow())
    return visitor


def anonymise_departed(dbsession: Session, *, days: int | None = None,
                       now: dt.datetime | None = None) -> int:
    """Anonymise every visitor who left more than ``days`` ago (default: the site's
    retention setting); returns how many were anonymised now."""
    now = now or utcnow()
    days = retention_days(dbsession) if days is None else days
    cutoff = today(now) - dt.timedelta(days=days)
    due = dbsession.scalars(select(Visitor).where(Visitor.anonymised_at.is_(None),
                                                  Visitor.departure < cutoff))
    count = 0
    for visitor in due.all():
        _anonymise(dbsession, visitor, now)
        count += 1
    return count


def statistics(dbsession: Session) -> dict[str, int]:
    """Counts that anonymisation keeps: cards issued, visitors, scans, redemptions."""
    def count(model, *conditions) -> int:
        return dbsession.scalar(select(func.count()).select_from(model).where(*conditions)) or 0

    return {
        "visitors": count(Visitor),
        "cards": count(Card),
        "scans": count(Scan, Scan.kind == "scan"),
        "redemptions": count(Redemption),
    }

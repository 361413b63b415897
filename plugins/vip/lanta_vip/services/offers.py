"""Partners' offers: proposing, changing, approving, withdrawing, listing.

An offer goes live only once the office approves it; changing an approved offer sends it
back for approval, so that nothing reaches a terminal unseen by the office.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from lanta.models import Partner
from lanta.services.partner_vocabulary import ENVIES

from ..i18n import _
from ..models import KINDS, Offer, Redemption
from .clock import utcnow
from .errors import InvalidInput, UnknownOffer

TITLE_MAX = 120
TEXT_MAX = 1000
MAX_AMOUNT_CENTS = 100_000


@dataclass(frozen=True)
class OfferInput:
    """What a partner or the office writes; texts map a language to its text."""

    partner_id: int
    kind: str
    title: Mapping[str, str]
    text: Mapping[str, str] = field(default_factory=dict)
    terms: Mapping[str, str] = field(default_factory=dict)
    value: int | None = None
    envies: tuple[str, ...] = ()
    requires_children: bool = False
    languages: tuple[str, ...] = ()
    min_nights: int | None = None
    max_nights: int | None = None
    max_days_before_departure: int | None = None
    months: tuple[int, ...] = ()
    valid_from: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    limit_per_card: int | None = None
    limit_per_day: int | None = None
    limit_total: int | None = None


def _texts(values: Mapping[str, str] | None, on: str, max_length: int,
           required: bool = False) -> dict[str, str]:
    cleaned = {lang: " ".join(str(text).split()) if on == "title" else str(text).strip()
               for lang, text in (values or {}).items() if str(text or "").strip()}
    if required and not cleaned.get("fr"):
        raise InvalidInput(_("The French title is required."), on=on)
    if any(len(lang) != 2 or not lang.isalpha() for lang in cleaned):
        raise InvalidInput(_("Give the language as two letters, like fr or en."), on=on)
    if any(len(text) > max_length for text in cleaned.values()):
        raise InvalidInput(_("Keep this under ${max} characters."), on=on, max=max_length)
    return cleaned


def _optional_count(value: int | None, on: str, low: int = 1, high: int = 100_000):
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidInput(_("Enter a number from ${low} to ${high}."), on=on, low=low,
                           high=high)
    return value


def validate(dbsession: Session, data: OfferInput) -> dict:
    """The offer's columns, cleaned, or :class:`InvalidInput` naming the first wrong one."""
    if dbsession.get(Partner, data.partner_id) is None:
        raise InvalidInput(_("This partner does not exist."), on="partner_id")
    if data.kind not in KINDS:
        raise InvalidInput(_("Choose a kind: ${kinds}."), on="kind", kinds=", ".join(KINDS))
    value = None
    if data.kind == "percent":
        value = _optional_count(data.value, "value", 1, 100)
    elif data.kind == "amount":
        value = _optional_count(data.value, "value", 1, MAX_AMOUNT_CENTS)
    if data.kind in ("percent", "amount") and value is None:
        raise InvalidInput(_("A discount needs its value."), on="value")
    envies = list(dict.fromkeys(data.envies or ()))
    unknown = [e for e in envies if e not in ENVIES]
    if unknown:
        raise InvalidInput(_("Unknown choice: ${value}. Choose among ${allowed}."),
                           on="envies", value=unknown[0], allowed=", ".join(ENVIES))
    languages = sorted({lang.strip().lower() for lang in data.languages or ()})
    if any(len(lang) != 2 or not lang.isalpha() for lang in languages):
        raise InvalidInput(_("Give the language as two letters, like fr or en."),
                           on="languages")
    months = sorted(set(data.months or ()))
    if any(not isinstance(m, int) or not 1 <= m <= 12 for m in months):
        raise InvalidInput(_("Months go from 1 to 12."), on="months")
    min_nights = _optional_count(data.min_nights, "min_nights", 0, 366)
    max_nights = _optional_count(data.max_nights, "max_nights", 0, 366)
    if min_nights is not None and max_nights is not None and max_nights < min_nights:
        raise InvalidInput(_("The longest stay cannot be shorter than the shortest."),
                           on="max_nights")
    for when in (data.valid_from, data.valid_until):
        if when is not None and when.tzinfo is None:
            raise ValueError("offer times must be aware datetimes")
    if data.valid_from and data.valid_until and data.valid_until <= data.valid_from:
        raise InvalidInput(_("The end must come after the start."), on="valid_until")
    return {
        "partner_id": data.partner_id, "kind": data.kind, "value": value,
        "title": _texts(data.title, "title", TITLE_MAX, required=True),
        "text": _texts(data.text, "text", TEXT_MAX),
        "terms": _texts(data.terms, "terms", TEXT_MAX),
        "envies": envies, "requires_children": bool(data.requires_children),
        "languages": languages, "min_nights": min_nights, "max_nights": max_nights,
        "max_days_before_departure": _optional_count(
            data.max_days_before_departure, "max_days_before_departure", 0, 366),
        "months": months, "valid_from": data.valid_from, "valid_until": data.valid_until,
        "limit_per_card": _optional_count(data.limit_per_card, "limit_per_card"),
        "limit_per_day": _optional_count(data.limit_per_day, "limit_per_day"),
        "limit_total": _optional_count(data.limit_total, "limit_total"),
    }


def create_offer(dbsession: Session, data: OfferInput, *, created_by_id: int | None = None,
                 now: dt.datetime | None = None) -> Offer:
    """A new offer, waiting for the office's approval."""
    offer = Offer(**validate(dbsession, data), status="proposed", created_by_id=created_by_id,
                  created_at=now or utcnow())
    dbsession.add(offer)
    dbsession.flush()
    return offer


def update_offer(dbsession: Session, offer_id: int, data: OfferInput) -> Offer:
    """Change an offer; an approved one goes back to the office for approval."""
    offer = get_offer(dbsession, offer_id)
    for name, value in validate(dbsession, data).items():
        setattr(offer, name, value)
    if offer.status == "approved":
        offer.status, offer.approved_at, offer.approved_by_id = "proposed", None, None
    dbsession.flush()
    return offer


def approve_offer(dbsession: Session, offer_id: int, *, approved_by_id: int | None = None,
                  now: dt.datetime | None = None) -> Offer:
    offer = get_offer(dbsession, offer_id)
    offer.status = "approved"
    offer.approved_at = now or utcnow()
    offer.approved_by_id = approved_by_id
    dbsession.flush()
    return offer


def withdraw_offer(dbsession: Session, offer_id: int) -> Offer:
    """Take an offer off every terminal; its redemptions stay counted."""
    offer = get_offer(dbsession, offer_id)
    offer.status = "withdrawn"
    dbsession.flush()
    return offer


def get_offer(dbsession: Session, offer_id: int) -> Offer:
    offer = dbsession.get(Offer, offer_id)
    if offer is None:
        raise UnknownOffer(_("There is no offer number ${id}."), id=offer_id)
    return offer


def list_offers(dbsession: Session, *, partner_id: int | None = None,
                status: str | None = None) -> list[Offer]:
    query = select(Offer).order_by(Offer.id)
    if partner_id is not None:
        query = query.where(Offer.partner_id == partner_id)
    if status is not None:
        query = query.where(Offer.status == status)
    return list(dbsession.scalars(query))


def as_input(offer: Offer) -> OfferInput:
    """An offer as the input that would recreate it (forms start from this)."""
    return OfferInput(
        partner_id=offer.partner_id, kind=offer.kind, title=dict(offer.title),
        text=dict(offer.text), terms=dict(offer.terms), value=offer.value,
        envies=tuple(offer.envies), requires_children=offer.requires_children,
        languages=tuple(offer.languages), min_nights=offer.min_nights,
        max_nights=offer.max_nights, max_days_before_departure=offer.max_days_before_departure,
        months=tuple(offer.months), valid_from=offer.valid_from,
        valid_until=offer.valid_until, limit_per_card=offer.limit_per_card,
        limit_per_day=offer.limit_per_day, limit_total=offer.limit_total)


# --- what the offers' pages and the partner page read ----------------------------------------

# The office looks at what waits for its decision first.
_STATUS_ORDER = case({"proposed": 0, "approved": 1}, value=Offer.status, else_=2)


def list_for_office(dbsession: Session, *, partner_id: int | None = None,
                    status: str | None = None) -> list[Offer]:
    """Offers waiting for approval first, then approved, then withdrawn; newest first."""
    query = select(Offer).order_by(_STATUS_ORDER, Offer.id.desc())
    if partner_id is not None:
        query = query.where(Offer.partner_id == partner_id)
    if status is not None:
        query = query.where(Offer.status == status)
    return list(dbsession.scalars(query))


def count_waiting(dbsession: Session) -> int:
    """How many offers wait for the office's approval."""
    return dbsession.scalar(select(func.count()).select_from(Offer)
                            .where(Offer.status == "proposed")) or 0


def uses(dbsession: Session, offer_ids: list[int]) -> dict[int, int]:
    """How many times each offer was granted, ever (offers never used are absent)."""
    if not offer_ids:
        return {}
    rows = dbsession.execute(select(Redemption.offer_id, func.count())
                             .where(Redemption.offer_id.in_(offer_ids))
                             .group_by(Redemption.offer_id))
    return dict(rows.all())


def live_offers(dbsession: Session, partner_id: int, at: dt.datetime) -> list[Offer]:
    """The partner's approved offers whose validity window holds ``at``, ending soonest
    first: what a visitor may hear of before showing a card (who gets which one is the
    terminal's business)."""
    query = select(Offer).where(
        Offer.partner_id == partner_id, Offer.status == "approved",
        or_(Offer.valid_from.is_(None), Offer.valid_from <= at),
        or_(Offer.valid_until.is_(None), Offer.valid_until > at))
    return sorted(dbsession.scalars(query),
                  key=lambda o: (o.valid_until is None, o.valid_until or at, o.id))


def partners(dbsession: Session, *, having_offers: bool = False) -> list[Partner]:
    """Every listing, published or not (an offer may be prepared before the listing goes
    public), or only those with at least one offer; by address name."""
    query = select(Partner).order_by(Partner.slug)
    if having_offers:
        query = query.where(Partner.id.in_(select(Offer.partner_id)))
    return list(dbsession.scalars(query))

"""The office's figures over a range of office days (Europe/Paris): cards issued, scans
and redemptions per day, per partner and per offer, and the redemptions one by one for
invoicing.

A *scan* is a terminal looking up a card it recognised to list its offers; the look-up
made while redeeming and the look-ups of unknown cards are not counted (the first is part
of a redemption, the second is noise). A card re-issued after a loss counts as a card
issued. Redemptions count on the office day of their own time, so an offline terminal's
queued redemption lands on the day it was granted.

Each function takes the period to count as ``span``: a :class:`lanta.reporting.Period`
built and checked by the view (``start``, ``end``, ``days`` and the UTC ``bounds``). It is
not imported here, since that module is Pyramid's side and services stay free of it.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import Partner

from ..models import Card, Offer, Redemption, Scan, Terminal
from .clock import office_date

# --- per day ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    day: dt.date
    cards: int
    scans: int
    redemptions: int


def _per_office_day(instants) -> Counter:
    # Grouping by the Paris day is done here rather than in SQL: the two databases spell
    # time-zone conversion differently, and a period holds at most a season's rows.
    return Counter(office_date(at) for at in instants)


def _scans_in(since: dt.datetime, until: dt.datetime):
    return (Scan.kind == "scan", Scan.found.is_(True), Scan.at >= since, Scan.at < until)


def per_day(dbsession: Session, span) -> list[Day]:
    """One entry per day of the period, days without activity included (as zeros)."""
    since, until = span.bounds
    cards = _per_office_day(dbsession.scalars(
        select(Card.issued_at).where(Card.issued_at >= since, Card.issued_at < until)))
    scans = _per_office_day(dbsession.scalars(select(Scan.at).where(*_scans_in(since,
                                                                               until))))
    redeemed = dict(dbsession.execute(
        select(Redemption.office_day, func.count())
        .where(Redemption.office_day.between(span.start, span.end))
        .group_by(Redemption.office_day)).all())
    return [Day(day, cards.get(day, 0), scans.get(day, 0), redeemed.get(day, 0))
            for day in span.days]


def redemptions_count(dbsession: Session, span) -> int:
    return dbsession.scalar(select(func.count()).select_from(Redemption).where(
        Redemption.office_day.between(span.start, span.end))) or 0


# --- per partner, per offer ------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerFigures:
    partner: Partner
    scans: int
    redemptions: int


@dataclass(frozen=True)
class OfferFigures:
    offer: Offer
    partner: Partner
    redemptions: int


def per_partner(dbsession: Session, span) -> list[PartnerFigures]:
    """Partners with at least one scan or redemption in the period, most redemptions
    first."""
    since, until = span.bounds
    scans = dict(dbsession.execute(
        select(Terminal.partner_id, func.count()).join(Scan, Scan.terminal_id == Terminal.id)
        .where(*_scans_in(since, until)).group_by(Terminal.partner_id)).all())
    redeemed = dict(dbsession.execute(
        select(Offer.partner_id, func.count()).join(Redemption, Redemption.offer_id == Offer.id)
        .where(Redemption.office_day.between(span.start, span.end))
        .group_by(Offer.partner_id)).all())
    ids = set(scans) | set(redeemed)
    partners = dbsession.scalars(select(Partner).where(Partner.id.in_(ids))).all() \
        if ids else []
    rows = [PartnerFigures(p, scans.get(p.id, 0), redeemed.get(p.id, 0)) for p in partners]
    return sorted(rows, key=lambda r: (-r.redemptions, -r.scans, r.partner.slug))


def per_offer(dbsession: Session, span) -> list[OfferFigures]:
    """Offers granted at least once in the period, most granted first."""
    rows = dbsession.execute(
        select(Offer, Partner, func.count(Redemption.id))
        .join(Redemption, Redemption.offer_id == Offer.id)
        .join(Partner, Partner.id == Offer.partner_id)
        .where(Redemption.office_day.between(span.start, span.end))
        .group_by(Offer.id, Partner.id)).all()
    figures = [OfferFigures(offer, partner, count) for offer, partner, count in rows]
    return sorted(figures, key=lambda f: (-f.redemptions, f.partner.slug, f.offer.id))


# --- one by one, for invoicing ---------------------------------------------------------------


@dataclass(frozen=True)
class RedemptionLine:
    redeemed_at: dt.datetime
    partner: Partner
    offer: Offer
    card_number: str
    terminal_label: str


def redemption_lines(dbsession: Session, span,
                     partner_id: int | None = None) -> list[RedemptionLine]:
    """Every redemption of the period (of one partner, if given), oldest first."""
    query = (select(Redemption.redeemed_at, Partner, Offer, Card.number, Terminal.label)
             .join(Offer, Offer.id == Redemption.offer_id)
             .join(Partner, Partner.id == Offer.partner_id)
             .join(Card, Card.id == Redemption.card_id)
             .join(Terminal, Terminal.id == Redemption.terminal_id)
             .where(Redemption.office_day.between(span.start, span.end))
             .order_by(Redemption.redeemed_at, Redemption.id))
    if partner_id is not None:
        query = query.where(Offer.partner_id == partner_id)
    return [RedemptionLine(*row) for row in dbsession.execute(query).all()]


__all__ = ["Day", "OfferFigures", "PartnerFigures", "RedemptionLine", "per_day",
           "per_offer", "per_partner", "redemption_lines", "redemptions_count"]

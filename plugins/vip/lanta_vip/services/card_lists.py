"""The office's lists of cards: the accommodations to choose from, a card's state, the
search of the cards' list and the counts of the dashboard widget (re-exported by
:mod:`.cards`)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, contains_eager

from lanta.models import Partner
from lanta.services.text_folding import fold

from ..models import Card, Visitor
from .clock import start_of_office_day, today

# The partner categories a visitor sleeps at (see lanta.services.partner_vocabulary).
ACCOMMODATION_CATEGORIES = ("hotel", "gite", "campsite")


def accommodations(dbsession: Session) -> list[Partner]:
    """The partners a visitor may stay at, for the issuing form's choice."""
    return list(dbsession.scalars(select(Partner).where(
        Partner.category.in_(ACCOMMODATION_CATEGORIES)).order_by(Partner.slug)))


def card_state(card: Card, day: dt.date) -> str:
    """``active``, ``upcoming`` (stay not begun), ``ended`` (stay over), ``blocked`` or
    ``retired``: what the office's lists show for ``card`` on ``day``."""
    if card.status != "active":
        return card.status
    if day > card.visitor.departure:
        return "ended"
    return "upcoming" if day < card.visitor.arrival else "active"


def search_cards(dbsession: Session, q: str = "", *, page: int = 1,
                 per_page: int = 50) -> tuple[list[tuple[Card, Partner | None]], int]:
    """Cards newest first, with the holder's accommodation, and how many match ``q``:
    a printed number (or part of it), or words each found in the first name, the last
    name or the accommodation's name."""
    query = (select(Card, Partner).join(Card.visitor)
             .outerjoin(Partner, Partner.id == Visitor.accommodation_id))
    digits = "".join((q or "").split())
    if digits.isdigit():
        query = query.where(Card.number.contains(digits, autoescape=True))
    else:
        for word in (q or "").lower().split():
            query = query.where(or_(
                func.lower(Visitor.first_name).contains(word, autoescape=True),
                func.lower(Visitor.last_name).contains(word, autoescape=True),
                Partner.search_text.contains(fold(word), autoescape=True)))
    total = dbsession.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = dbsession.execute(
        query.options(contains_eager(Card.visitor))
        .order_by(Card.issued_at.desc(), Card.id.desc())
        .limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    return [(card, partner) for card, partner in rows], total


def issued_counts(dbsession: Session, now: dt.datetime | None = None) -> dict[str, int]:
    """Cards issued today and this week (from Monday, office time), and the cards that
    work now or will once their stay begins."""
    day = today(now)
    def issued_since(start: dt.date) -> int:
        return dbsession.scalar(select(func.count(Card.id)).where(
            Card.issued_at >= start_of_office_day(start))) or 0
    active = dbsession.scalar(select(func.count(Card.id)).join(Card.visitor).where(
        Card.status == "active", Visitor.departure >= day)) or 0
    return {"today": issued_since(day),
            "week": issued_since(day - dt.timedelta(days=day.weekday())),
            "active": active}

"""The add-on's part of the demo office (a terminal, a card, approved offers) and its purge."""
from __future__ import annotations

import datetime as dt
import os
import secrets as random_secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lanta.models import Partner, SiteSetting

from ..models import Card, Consent, Offer, Redemption, Scan, Terminal, Visitor
from . import cards, offers, terminals
from . import secrets as vip_secrets
from .clock import today, utcnow
from .privacy import RETENTION_KEY

DEMO_ACCOMMODATION = "hotel-du-gave"
DEMO_TERMINAL_PARTNER = "ossau-rafting"
# (partner slug, offer): offers that such partners really make, on demo partners only.
DEMO_OFFERS: tuple[tuple[str, dict], ...] = (
    ("ossau-rafting", dict(
        kind="percent", value=10, envies=("thrills", "sport", "nature"),
        title={"fr": "10 % sur la descente du gave", "en": "10% off the river run"},
        text={"fr": "Sur présentation de la carte VIP, pour chaque membre du groupe.",
              "en": "Show your VIP card; for everyone in your party."},
        terms={"fr": "Dès 8 ans, sur réservation.", "en": "From age 8, booking required."},
        limit_per_card=1)),
    ("ossau-rafting", dict(
        kind="gift", requires_children=True,
        title={"fr": "Photo souvenir offerte aux enfants", "en": "A free souvenir photo for "
               "the children"},
        limit_per_card=1, limit_per_day=10)),
    ("la-garbure", dict(
        kind="gift", envies=("food",),
        title={"fr": "Un verre de jurançon offert", "en": "A glass of Jurançon on the house"},
        terms={"fr": "Avec un repas, pour les adultes.", "en": "With a meal, adults only."},
        limit_per_card=1)),
    ("parc-accro-chenes", dict(
        kind="free_entry", max_days_before_departure=3, requires_children=True,
        title={"fr": "Entrée gratuite pour un enfant", "en": "Free entry for one child"},
        text={"fr": "Pour finir le séjour en beauté.", "en": "To end your stay on a high."},
        limit_per_card=1, limit_total=200)),
)


def _partner(dbsession: Session, slug: str) -> Partner | None:
    return dbsession.scalars(select(Partner).where(Partner.slug == slug)).one_or_none()


# Long enough to try the demo on another day; the code still works once only.
DEMO_PAIRING_TTL = dt.timedelta(days=30)


def load_demo(dbsession: Session, now: dt.datetime | None = None) -> list[str]:
    """Approved offers, a terminal waiting for its tablet and a card, on the demo
    partners that exist; the lines that tell the operator how to try them."""
    now = now or utcnow()
    for slug, fields in DEMO_OFFERS:
        partner = _partner(dbsession, slug)
        if partner is None:
            continue
        offer = offers.create_offer(dbsession, offers.OfferInput(partner_id=partner.id,
                                                                 **fields), now=now)
        offers.approve_offer(dbsession, offer.id, now=now)
    lines = []
    partner = _partner(dbsession, DEMO_TERMINAL_PARTNER)
    if partner is not None:
        # A pairing code, not a key: typed once on the terminal page, it is spent, and the
        # office revokes the terminal like any other.
        _terminal, code = terminals.create_terminal(dbsession, partner.id, "Accueil (démo)",
                                                    now=now, ttl=DEMO_PAIRING_TTL)
        lines.append(f"VIP terminal of {partner.name.get('fr', partner.slug)}: open "
                     f"/vip/terminal on a tablet and type the pairing code {code} "
                     f"(valid {DEMO_PAIRING_TTL.days} days, once).")
    accommodation = _partner(dbsession, DEMO_ACCOMMODATION)
    day = today(now)
    issued = cards.issue_card(dbsession, cards.CardInput(
        uid=random_secrets.token_hex(7).upper(), first_name="Léa", last_name="Martin",
        language="fr", arrival=day, departure=day + dt.timedelta(days=6),
        accommodation_id=accommodation.id if accommodation else None, adults=2,
        children_ages=(7, 10), envies=("thrills", "family", "food"),
        audiences=("families",), welcome_bag=True), os.urandom(32), now=now)
    # The QR token is signed with the site's secret, which the demo does not hold: the
    # card's page and QR code are on its page under /admin/vip/cards/.
    lines.append(f"VIP card of Léa Martin: type its number "
                 f"{vip_secrets.format_card_number(issued.card.number)} at the terminal; "
                 "its page and QR code are under /admin/vip/cards/.")
    return lines


def purge(dbsession: Session) -> None:
    """Delete every row of the add-on, and its setting kept in the core's table."""
    for model in (Scan, Redemption, Consent, Terminal, Offer):
        dbsession.execute(delete(model))
    dbsession.execute(Card.__table__.update().values(replaced_by_id=None))
    dbsession.execute(delete(Card))
    dbsession.execute(delete(Visitor))
    dbsession.execute(delete(SiteSetting).where(SiteSetting.key == RETENTION_KEY))
    dbsession.flush()

"""The JSON shapes of the terminal API (no Pyramid: the command line and tests use them).

A terminal learns the least it needs: the visitor's first name and language (to greet
them), the card's number (to tell cards apart) and the offers; never the last name,
contact details, stay or party.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .models import Card, Offer, Redemption, Terminal
from .office_offers_present import last_valid_day
from .services.redemptions import ScanResult, remaining_uses


def offer_json(offer: Offer, lang: str, remaining: int | None) -> dict[str, Any]:
    title = offer.title or {}
    return {
        "id": offer.id,
        "kind": offer.kind,
        "value": offer.value,
        "title": offer.text_for("title", lang),
        "text": offer.text_for("text", lang),
        "terms": offer.text_for("terms", lang),
        "language": lang if title.get(lang) else "fr",
        "valid_until": offer.valid_until.isoformat() if offer.valid_until else None,
        # What to show: the last office day it works (valid_until is the instant after).
        "valid_until_day": day.isoformat() if (day := last_valid_day(offer)) else None,
        "remaining": remaining,
    }


def scan_json(dbsession: Session, result: ScanResult, lang: str, now) -> dict[str, Any]:
    remaining = result.remaining
    if remaining is None:  # counted with the offers by ``redemptions.scan``, else here
        remaining = remaining_uses(dbsession, result.offers, result.visitor, now)
    return {
        "card_number": result.card.number,
        "first_name": result.visitor.first_name,
        "language": result.visitor.language,
        "offers": [offer_json(o, lang, remaining[o.id]) for o in result.offers],
    }


def redemption_json(dbsession: Session, redemption: Redemption) -> dict[str, Any]:
    card = dbsession.get(Card, redemption.card_id)
    return {
        "id": redemption.id,
        "request_id": redemption.request_id,
        "offer_id": redemption.offer_id,
        "card_number": card.number if card else None,
        "redeemed_at": redemption.redeemed_at.isoformat(),
    }


def paired_json(terminal: Terminal, partner, key: str, lang: str) -> dict[str, Any]:
    return {
        "key": key,
        "terminal": {"id": terminal.id, "label": terminal.label},
        "partner": {"id": partner.id, "slug": partner.slug,
                    "name": partner.text("name", lang)},
    }

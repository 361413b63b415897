"""Whether an offer fits a visitor at a moment, and how well: pure functions, no database.

Every rule left empty matches everyone. Each refusal is a sentence the terminal shows,
so that the partner can tell the visitor why.
"""
from __future__ import annotations

import datetime as dt

from ..i18n import _
from ..models import Offer, Visitor
from .clock import office_date


def window_refusal(offer: Offer, at: dt.datetime):
    """Why the offer is not live at ``at`` (not approved, not yet, no longer), or None."""
    if offer.status != "approved":
        return _("This offer is not approved by the office yet.") \
            if offer.status == "proposed" else _("This offer was withdrawn.")
    if offer.valid_from is not None and at < offer.valid_from:
        return _("This offer starts later.")
    if offer.valid_until is not None and at >= offer.valid_until:
        return _("This offer has expired.")
    return None


def targeting_refusal(offer: Offer, visitor: Visitor, at: dt.datetime):
    """Why the offer is not meant for this visitor at ``at``, or None."""
    if offer.envies and not set(offer.envies) & set(visitor.envies or ()):
        return _("This offer is for visitors with other interests.")
    if offer.requires_children and not visitor.children:
        return _("This offer is for parties with children.")
    if offer.languages and visitor.language not in offer.languages:
        return _("This offer is for visitors speaking another language.")
    nights = visitor.nights
    if offer.min_nights is not None and nights < offer.min_nights:
        return _("This offer is for stays of at least ${nights} nights.",
                 mapping={"nights": offer.min_nights})
    if offer.max_nights is not None and nights > offer.max_nights:
        return _("This offer is for stays of at most ${nights} nights.",
                 mapping={"nights": offer.max_nights})
    day = office_date(at)
    if offer.max_days_before_departure is not None:
        if (visitor.departure - day).days > offer.max_days_before_departure:
            return _("This offer is for the last ${days} days of a stay.",
                     mapping={"days": offer.max_days_before_departure})
    if offer.months and day.month not in offer.months:
        return _("This offer is out of season.")
    return None


def relevance(offer: Offer, visitor: Visitor) -> int:
    """Higher for offers aimed at this visitor than for offers open to everyone: shared
    interests count most, then each other rule the offer sets and the visitor meets."""
    score = 3 * len(set(offer.envies or ()) & set(visitor.envies or ()))
    score += 2 if offer.requires_children else 0
    score += 1 if offer.languages else 0
    score += 1 if offer.max_days_before_departure is not None else 0
    score += 1 if offer.min_nights is not None or offer.max_nights is not None else 0
    score += 1 if offer.months else 0
    return score


def best_first_key(offer: Offer, visitor: Visitor):
    """Sort key: most relevant, then ending soonest (use it or lose it), then oldest."""
    ends = offer.valid_until.timestamp() if offer.valid_until else float("inf")
    return (-relevance(offer, visitor), ends, offer.id)

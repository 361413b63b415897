"""The visitor's card page, opened from the card's QR code (a signed token, no login):
the stay, the offers fitted to the visitor, used or not, and the partners on a map.

``/{lang}/vip/card/{token}``: a token whose signature fails, or that names no card,
answers 404; the token of a blocked (replaced) or retired (anonymised) card answers 410
with a page saying so. Every answer carries ``Cache-Control: no-store`` (the page holds
personal data and changes at each redemption, which the page cache would not notice)
and ``noindex``.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass, field

from babel.dates import format_date, format_datetime
from pyramid.httpexceptions import HTTPNotFound
from pyramid.renderers import render_to_response
from pyramid.view import view_config
from sqlalchemy.orm import Session

from lanta.addon_api import AdminMenuEntry, DashboardWidget
from lanta.models import Partner

from . import office_offers_present as present
from .i18n import _
from .models import Card, Offer, Visitor
from .services import cards, privacy, targeting
from .services import offers as offers_service
from .services import secrets as vip_secrets
from .services.clock import OFFICE_TZ, office_date, start_of_office_day, utcnow
from .services.errors import UnknownCard
from .services.redemptions import remaining_uses

ROUTE = "vip.card"
PATTERN = "/{lang:[a-z]{2}}/vip/card/{token}"
GONE_TEMPLATE = "lanta_vip:templates/card_gone.pt"


def includeme(config) -> None:
    """The card page's route and view."""
    config.add_route(ROUTE, PATTERN)
    config.scan(__name__)


def menu_entries(request) -> list[AdminMenuEntry]:
    return []


def dashboard_widgets(request) -> list[DashboardWidget]:
    return []


def card_url(request, token: str, lang: str) -> str:
    """The address a card's QR code holds: its page in the visitor's language (or the
    site's default when the site does not offer that one)."""
    if lang not in request.site.languages:
        lang = request.site.default_language
    return request.route_url(ROUTE, lang=lang, token=token)


# --- what the page shows: read-only, no Pyramid in this section ---------------------------


def card_for_token(dbsession: Session, token: str, qr_key: bytes) -> Card:
    """The card a QR token names, whatever its state, or :class:`UnknownCard`.

    Unlike ``cards.find_card`` (the terminals' look-up), a retired card is returned too:
    its signature proves the office printed it, so its holder is told that the card is
    no longer valid rather than that the page does not exist. Printed numbers and NFC
    UIDs are refused: only the signed token opens this page.
    """
    parts = vip_secrets.verify_token(qr_key, token or "")
    if parts is None:
        raise UnknownCard(_("This card is not known. Check the number or scan it again."))
    number, nonce = parts
    card = cards.get_by_number(dbsession, number)
    # Retiring a card clears its nonce; any other mismatch is a token we never issued.
    if card.qr_nonce is not None and not hmac.compare_digest(card.qr_nonce, nonce):
        raise UnknownCard(_("This card is not known. Check the number or scan it again."))
    return card


def gone_reason(card: Card):
    """Why this card's page is gone (anonymised or erased, handed out again after the
    stay, replaced), or None."""
    if card.qr_nonce is None or card.visitor.anonymised_at is not None:
        return _("This card's data were deleted, as the office does some time after each "
                 "stay.")
    # Retired but its data kept: the plastic card went to the next visitor (its UID).
    if card.status == "retired":
        return _("Your stay has ended and this card was handed to another visitor.")
    if card.status == "blocked":
        return _("This card was replaced by a new one: scan the QR code of your new card.")
    return None


@dataclass
class OfferLine:
    """One offer as the visitor sees it: used (when), usable now, or from a later day."""

    offer: Offer
    partner: Partner
    uses: list[dt.datetime] = field(default_factory=list)
    available_now: bool = False
    available_from: dt.date | None = None

    @property
    def state(self) -> str:
        """``used`` once used (it may still be usable again), else ``available`` now or
        ``later`` in the stay."""
        if self.uses:
            return "used"
        return "available" if self.available_now else "later"


def visitor_uses(dbsession: Session, visitor_id: int) -> dict[int, list[dt.datetime]]:
    """When this visitor used each offer (every card of the stay), oldest first."""
    uses: dict[int, list[dt.datetime]] = {}
    for redemption, offer, _partner in privacy.redemptions_of(dbsession, visitor_id):
        uses.setdefault(offer.id, []).append(redemption.redeemed_at)
    return uses


def _fits(offer: Offer, visitor: Visitor, at: dt.datetime) -> bool:
    return (targeting.window_refusal(offer, at) is None
            and targeting.targeting_refusal(offer, visitor, at) is None)


def first_fitting_day(offer: Offer, visitor: Visitor, now: dt.datetime) -> dt.date | None:
    """The first day from today to the departure on which the offer fits the visitor
    (rules such as "the last 3 days" or a season open later), or None.

    A day is tried at its first and last minute (today: from now), which catches a
    validity window that opens or closes during the day.
    """
    day = max(office_date(now), visitor.arrival)
    while day <= visitor.departure:
        start = start_of_office_day(day)
        end = start_of_office_day(day + dt.timedelta(days=1)) - dt.timedelta(minutes=1)
        moments = (max(now, start + dt.timedelta(minutes=1)), end)
        if any(at >= now and _fits(offer, visitor, at) for at in moments):
            return day
        day += dt.timedelta(days=1)
    return None


def offer_lines(dbsession: Session, visitor: Visitor, now: dt.datetime) -> list[OfferLine]:
    """The offers of the visitor's card page: those used (with when), those usable now,
    best first, then those that open later in the stay. Offers whose limits are all
    taken, and those that never fit this stay, are left out unless used."""
    uses = visitor_uses(dbsession, visitor.id)
    approved = offers_service.list_offers(dbsession, status="approved")
    # Offers used before they were withdrawn (or sent back for approval) still count.
    approved_ids = {o.id for o in approved}
    offers = approved + [dbsession.get(Offer, offer_id) for offer_id in uses
                         if offer_id not in approved_ids]
    remaining = remaining_uses(dbsession, offers, visitor, now)
    lines = []
    for offer in offers:
        line = OfferLine(offer, dbsession.get(Partner, offer.partner_id),
                         uses=uses.get(offer.id, []))
        if offer.status == "approved" and remaining[offer.id] != 0 \
                and office_date(now) <= visitor.departure:
            if office_date(now) >= visitor.arrival and _fits(offer, visitor, now):
                line.available_now = True
            else:
                line.available_from = first_fitting_day(offer, visitor, now)
        if line.available_now or line.available_from is not None or line.uses:
            lines.append(line)
    order = {"available": 0, "later": 1, "used": 2}
    return sorted(lines, key=lambda line: (
        order[line.state], line.available_from or dt.date.min,
        targeting.best_first_key(line.offer, visitor)))


# --- presentation -------------------------------------------------------------------------


def _when(moment: dt.datetime, lang: str) -> str:
    return format_datetime(moment.astimezone(OFFICE_TZ), "d MMMM y, HH:mm", locale=lang)


def _day(day: dt.date, lang: str) -> str:
    return format_date(day, "long", locale=lang)


def _partner_view(request, partner: Partner, lang: str) -> dict:
    return {
        "id": partner.id,
        "name": partner.text("name", lang),
        "url": request.route_url("public.partner", lang=lang, slug=partner.slug)
        if partner.published else None,
        "address": ", ".join(part for part in (partner.street, " ".join(
            p for p in (partner.postcode, partner.city) if p)) if part),
        "lat": partner.lat, "lon": partner.lon,
    }


def _line_view(request, line: OfferLine, lang: str, partners: dict) -> dict:
    offer = line.offer
    return {
        "id": offer.id,
        "state": line.state,
        "available_now": line.available_now,
        "title": offer.text_for("title", lang),
        "text": offer.text_for("text", lang),
        "terms": offer.text_for("terms", lang),
        # The page's language, or French when the partner wrote no translation.
        "lang": lang if (offer.title or {}).get(lang) else "fr",
        "value": request.localizer.translate(present.value_label(offer, lang)),
        "uses": [(use.replace(microsecond=0).isoformat(), _when(use, lang))
                 for use in line.uses],
        "available_from": (line.available_from.isoformat(), _day(line.available_from, lang))
        if line.available_from else None,
        # The last day it works: valid_until itself is the first instant after it.
        "valid_until": _day(present.last_valid_day(offer), lang) if offer.valid_until
        else None,
        "valid_until_iso": present.last_valid_day(offer).isoformat() if offer.valid_until
        else None,
        "partner": partners.setdefault(line.partner.id,
                                       _partner_view(request, line.partner, lang)),
    }


def _no_store(response) -> None:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"


@view_config(route_name=ROUTE, renderer="lanta_vip:templates/card.pt", permission="view",
             request_method="GET")
def card_page(request):
    lang = request.matchdict["lang"]
    if lang not in request.site.languages:
        raise HTTPNotFound()
    try:
        card = card_for_token(request.dbsession, request.matchdict["token"],
                              vip_secrets.qr_key_for(request.registry.lanta_settings))
    except UnknownCard as exc:
        raise HTTPNotFound() from exc
    reason = gone_reason(card)
    if reason is not None:
        response = render_to_response(GONE_TEMPLATE, {
            "reason": reason, "page_title": _("This card is no longer valid")},
            request=request)
        response.status = 410
        _no_store(response)
        return response
    visitor = card.visitor
    now = utcnow()
    partners: dict[int, dict] = {}
    lines = [_line_view(request, line, lang, partners)
             for line in offer_lines(request.dbsession, visitor, now)]
    points = [{"lat": p["lat"], "lon": p["lon"], "name": p["name"],
               **({"url": p["url"]} if p["url"] else {})}
              for p in partners.values() if p["lat"] is not None and p["lon"] is not None]
    _no_store(request.response)
    return {
        "first_name": visitor.first_name,
        "arrival": _day(visitor.arrival, lang),
        "departure": _day(visitor.departure, lang),
        "arrival_iso": visitor.arrival.isoformat(),
        "departure_iso": visitor.departure.isoformat(),
        "ended": office_date(now) > visitor.departure,
        "not_begun": office_date(now) < visitor.arrival,
        "card_number": vip_secrets.format_card_number(card.number),
        "lines": lines,
        "partners": sorted(partners.values(), key=lambda p: p["name"].casefold()),
        "map_points": json.dumps(points) if points else None,
        "map_centre": None,
        "map_label": _("Map of the partners"),
        "page_title": _("My VIP card"),
    }

"""Offers' pages: the office's list, form and approval, partners' own proposals, the
reports with their CSV export, the dashboard widgets and the partner-page panel.

This module wires the routes and holds what the add-on's hooks ask of these pages (menu
entries, the dashboard widget, the panel on a partner's public page); the views live in
:mod:`.office_offers_views` and :mod:`.reports`.
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup
from pyramid.renderers import render

from lanta.addon_api import AdminMenuEntry, DashboardWidget, PartnerPanel
from lanta.reporting import this_week

from .i18n import ADMIN_SECTION, _
from .services import offers, reports
from .services.clock import utcnow

MANAGE = "vip.manage"
PANEL_TEXT_MAX = 200  # visitors read a line or two; the terms are for the counter


def includeme(config) -> None:
    """This module's routes and views."""
    config.add_route("vip.offers.list", "/admin/vip/offers/")
    config.add_route("vip.offers.add", "/admin/vip/offers/add")
    config.add_route("vip.offers.edit", "/admin/vip/offers/{id:\\d+}/edit")
    config.add_route("vip.offers.approve", "/admin/vip/offers/{id:\\d+}/approve")
    config.add_route("vip.offers.withdraw", "/admin/vip/offers/{id:\\d+}/withdraw")
    config.add_route("vip.partner_offers.list", "/partner/{slug}/vip-offers")
    config.add_route("vip.partner_offers.edit", "/partner/{slug}/vip-offers/{id:\\d+}/edit")
    config.add_route("vip.reports.show", "/admin/vip/reports")
    config.add_route("vip.reports.csv", "/admin/vip/reports.csv")
    config.scan(__name__)
    config.scan(".office_offers_views")
    config.scan(".reports")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("VIP offers"), request.route_url("vip.offers.list"), MANAGE,
                           order=62, name="vip.offers", section=ADMIN_SECTION),
            AdminMenuEntry(_("VIP reports"), request.route_url("vip.reports.show"), MANAGE,
                           order=63, name="vip.reports", section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"VIP offers": redemptions this week (Monday to today, office days) and the offers
    waiting for approval, for those who decide on them."""
    if not request.has_permission(MANAGE):
        return []  # the core would drop it too; this spares the queries
    dbsession = request.dbsession
    body = render("lanta_vip:templates/widget_offers.pt", {
        "week": reports.redemptions_count(dbsession, this_week()),
        "waiting": offers.count_waiting(dbsession)}, request=request)
    return [DashboardWidget(_("VIP offers"), Markup(body), permission=MANAGE, order=62)]


def _short(text: str) -> str:
    if len(text) <= PANEL_TEXT_MAX:
        return text
    cut = text[:PANEL_TEXT_MAX].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def _language_of(values: dict[str, str], lang: str) -> str:
    if values.get(lang):
        return lang
    return "fr" if values.get("fr") else next(iter(values), lang)


def _visible(offer, lang: str) -> dict[str, Any]:
    """What a visitor may read of an offer: its title and a short text, never its
    limits, its uses or its terms."""
    return {"id": offer.id, "title": offer.text_for("title", lang),
            "lang": _language_of(offer.title or {}, lang),
            "text": _short(offer.text_for("text", lang)),
            "lang_text": _language_of(offer.text or {}, lang)}


def partner_panels(request, partner) -> list[PartnerPanel]:
    """For the hook ``lanta_partner_panels``: the partner's approved offers valid now,
    "With the VIP card", on its public page (nothing when it has none)."""
    live = offers.live_offers(request.dbsession, partner.id, utcnow())
    if not live:
        return []
    lang = request.locale_name
    body = render("lanta_vip:templates/panel_offers.pt",
                  {"offers": [_visible(o, lang) for o in live], "partner": partner},
                  request=request)
    return [PartnerPanel(_("With the VIP card"), Markup(body), order=40)]

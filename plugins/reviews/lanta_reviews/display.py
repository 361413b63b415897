"""Public display of the published reviews: the panel "Our testers' favourites" on a
partner's page, the page of recent reviews, a review's own page and the page telling
how reviews are collected and checked (the EU notice, Directive 2019/2161).

This module wires the routes and builds the partner-page panel; the views live in
:mod:`.display_views`. Only published reviews of published listings are ever shown.
"""
from __future__ import annotations

from markupsafe import Markup
from pyramid.renderers import render

from lanta.addon_api import PartnerPanel

from .display_present import cards_and_jsonld
from .i18n import _
from .services import published

PANEL_LIMIT = 5
STYLESHEET = "lanta_reviews:static/display.css"


def includeme(config) -> None:
    config.add_static_view("reviews/static", "lanta_reviews:static", permission="view",
                           cache_max_age=3600)
    config.add_route("reviews.recent", "/{lang:[a-z]{2}}/reviews/")
    config.add_route("reviews.about", "/{lang:[a-z]{2}}/reviews/about")
    config.add_route("reviews.review", "/{lang:[a-z]{2}}/reviews/{id:\\d+}")
    config.scan(".display_views")


def menu_entries(request) -> list:
    return []


def dashboard_widgets(request) -> list:
    return []


def notice(request, lang: str) -> Markup:
    """The short EU notice with the link to the page telling more."""
    return Markup(render("lanta_reviews:templates/notice_short.pt", {"lang": lang},
                         request=request))


def partner_panels(request, partner) -> list[PartnerPanel]:
    """For ``lanta_partner_panels``: "Our testers' favourites", the partner's newest
    published reviews (nothing when it has none)."""
    dbsession = request.dbsession
    reviews = published.for_partner(dbsession, partner.id, limit=PANEL_LIMIT)
    if not reviews:
        return []
    lang = request.locale_name
    cards, jsonld = cards_and_jsonld(request, dbsession, reviews, lang)
    total = published.count_for_partner(dbsession, partner.id)
    body = render("lanta_reviews:templates/panel_reviews.pt", {
        "cards": cards, "jsonld": jsonld, "total": total, "partner": partner,
        "more_url": request.route_url("reviews.recent", lang=lang,
                                      _query={"partner": partner.slug})
        if total > len(cards) else None,
        "notice": notice(request, lang), "stylesheet": STYLESHEET}, request=request)
    return [PartnerPanel(_("Our testers' favourites"), Markup(body), order=30)]

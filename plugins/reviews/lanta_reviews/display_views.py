"""Public pages of the reviews: ``/{lang}/reviews/`` (recent, paged, optionally of one
partner), ``/{lang}/reviews/{id}`` (one published review) and ``/{lang}/reviews/about``
(how reviews are collected and checked)."""
from __future__ import annotations

import re

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config
from sqlalchemy import select

from lanta.models import Partner
from lanta.services.errors import NotFound

from .display import STYLESHEET, notice
from .display_present import cards_and_jsonld
from .i18n import _
from .services import published

PER_PAGE = 10


def _lang(request) -> str:
    lang = request.matchdict["lang"]
    if lang not in (request.site.languages or ["fr"]):
        raise HTTPNotFound()
    return lang


def _page_number(request) -> int:
    value = request.GET.get("page", "1")
    # ASCII digits, few of them: "²" passes str.isdigit but not int(), and int() refuses
    # thousands of digits.
    if not re.fullmatch(r"[0-9]{1,6}", value) or not 1 <= int(value) <= 100000:
        raise HTTPNotFound()
    return int(value)


@view_config(route_name="reviews.recent", renderer="lanta_reviews:templates/recent_reviews.pt",
             permission="view", request_method="GET")
def recent(request):
    lang = _lang(request)
    dbsession = request.dbsession
    page = _page_number(request)
    partner = None
    slug = request.GET.get("partner", "")
    if slug:
        partner = dbsession.scalars(select(Partner).where(
            Partner.slug == slug[:200], Partner.published.is_(True))).first()
        if partner is None:
            raise HTTPNotFound()
    reviews, total = published.recent(dbsession, page=page, per_page=PER_PAGE,
                                      partner_id=partner.id if partner else None)
    if page > 1 and not reviews:
        raise HTTPNotFound()
    cards, jsonld = cards_and_jsonld(request, dbsession, reviews, lang)
    query = {"partner": partner.slug} if partner else {}

    def page_url(number: int) -> str:
        return request.route_url("reviews.recent", lang=lang,
                                 _query=dict(query, page=number) if number > 1 else query)
    pages = max(1, -(-total // PER_PAGE))
    return {
        "lang": lang, "cards": cards, "jsonld": jsonld, "total": total, "page": page,
        "pages": pages, "partner": partner,
        "partner_name": partner.text("name", lang) if partner else "",
        "previous_url": page_url(page - 1) if page > 1 else None,
        "next_url": page_url(page + 1) if page < pages else None,
        "notice": notice(request, lang), "stylesheet": STYLESHEET,
        "page_title": _("Reviews of ${name}", mapping={"name": partner.text("name", lang)})
        if partner else _("Our testers' reviews"),
    }


@view_config(route_name="reviews.review", renderer="lanta_reviews:templates/review_page.pt",
             permission="view", request_method="GET")
def review_page(request):
    lang = _lang(request)
    value = request.matchdict["id"]
    if not re.fullmatch(r"[0-9]{1,10}", value):  # no review has a longer id
        raise HTTPNotFound()
    try:
        review = published.get(request.dbsession, int(value))
    except NotFound:
        raise HTTPNotFound() from None
    cards, jsonld = cards_and_jsonld(request, request.dbsession, [review], lang)
    return {"lang": lang, "card": cards[0], "jsonld": jsonld,
            "notice": notice(request, lang), "stylesheet": STYLESHEET,
            "recent_url": request.route_url("reviews.recent", lang=lang),
            "page_title": cards[0]["title"]}


@view_config(route_name="reviews.about", renderer="lanta_reviews:templates/notice_about.pt",
             permission="view", request_method="GET")
def about(request):
    lang = _lang(request)
    return {"lang": lang, "recent_url": request.route_url("reviews.recent", lang=lang),
            "stylesheet": STYLESHEET,
            "page_title": _("How our testers' reviews are collected and checked")}

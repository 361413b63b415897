"""The visitor's partner directory: ``/{lang}/partners/`` and one partner's page."""
from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from pyramid.view import view_config

from ..i18n import _
from ..services import opening_hours, partner_hours, partner_photos
from ..services.qr_codes import is_welcome_point
from ..services import partners as partners_service
from ..services.partner_search import matching_ids
from ..services.partner_vocabulary import CATEGORIES
from .api_partners import utc_now
from .partner_jsonld import partner_jsonld, script_tag
from ..labels import (ACCESSIBILITY_LABELS, AUDIENCE_LABELS, CATEGORY_LABELS,
                             ENVIE_LABELS, PRICE_LABELS)
from .paging import page_number
from ..pictures import picture
from .pictures import partner_thumbnails
from .public import check_language

PAGE_SIZE = 24
# The first photo spans the page's text column, the others a third of it on wide screens.
GALLERY_SIZES = ("(min-width: 60em) 40rem, 100vw", "(min-width: 40em) 13rem, 100vw")


@view_config(route_name="public.partners", renderer="lanta:templates/partners.pt",
             permission="view", request_method="GET")
def directory(request):
    lang = check_language(request)
    category = request.GET.get("category") or None
    if category not in CATEGORIES:
        category = None
    page = page_number(request)
    query = partners_service.PartnerQuery(q=request.GET.get("q", "")[:200], category=category,
                                          limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    now = utc_now()
    if query.q.strip():
        query.among = matching_ids(request.search_index, query.q, lang, now, category)
    found = partners_service.find(request.dbsession, query, now)
    pages = max(1, -(-found.total // PAGE_SIZE))

    def page_url(number: int) -> str:
        params = {k: v for k, v in (("q", query.q), ("category", category)) if v}
        if number > 1:
            params["page"] = str(number)
        return request.route_url("public.partners", lang=lang, _query=params)

    return {"lang": lang, "found": found, "thumbnails": partner_thumbnails(request, found),
            "query": query, "page": page, "pages": pages,
            "page_url": page_url, "categories": [(c, CATEGORY_LABELS[c]) for c in CATEGORIES],
            "category_labels": CATEGORY_LABELS, "page_title": _("Where to go")}


class HoursView:
    """Opening hours as a visitor reads them: open now or when it opens, and the week."""

    def __init__(self, hours: opening_hours.OpeningHours, now: dt.datetime, lang: str):
        self.lang = lang
        self.known = hours.known
        self.status = opening_hours.status(hours, now)
        self.zone = ZoneInfo(hours.timezone) if hours.known else dt.timezone.utc
        self.today = now.astimezone(self.zone).date()
        self.week = opening_hours.week_table(hours, self.today) if hours.known else []

    def time(self, value: dt.datetime | dt.time) -> str:
        return format_time(value, format="short", locale=self.lang)

    def day(self, value: dt.date) -> str:
        return format_date(value, format="EEEE", locale=self.lang).capitalize()

    def when(self, value: dt.datetime) -> str:
        """"18:00" today, else "Tuesday 09:00", else the date."""
        local = value.astimezone(self.zone)
        if local.date() == self.today:
            return self.time(local)
        if (local.date() - self.today).days < 7:
            return f"{self.day(local.date())} {self.time(local)}"
        return f"{format_date(local.date(), format='long', locale=self.lang)} {self.time(local)}"


@view_config(route_name="public.partner", renderer="lanta:templates/partner.pt",
             permission="view", request_method="GET")
def partner_page(request):
    lang = check_language(request)
    partner = partners_service.get_by_slug(request.dbsession, request.matchdict["slug"])
    fallback = (request.site.languages or ["fr"])[0]
    panels = [panel for result in request.hooks.lanta_partner_panels(request=request,
                                                                     partner=partner)
              for panel in (result or [])]
    panels.sort(key=lambda p: (p.order, str(p.title)))
    hours = HoursView(partner_hours.parsed(partner), utc_now(), lang)
    photos = partner_photos.shown(request.dbsession, partner)
    return {
        "lang": lang, "partner": partner,
        "gallery": [(picture(request, photo.image, lazy=n > 0, sizes=GALLERY_SIZES[n > 0]),
                     photo.image.credit) for n, photo in enumerate(photos)],
        "name": partner.text("name", lang, fallback),
        "summary": partner.text("summary", lang, fallback),
        "paragraphs": [p for p in partner.text("description", lang, fallback).split("\n")
                       if p.strip()],
        "hours": hours,
        "jsonld": script_tag(partner_jsonld(request, partner, lang, fallback, hours.today,
                                            [photo.image for photo in photos])),
        "category_label": CATEGORY_LABELS[partner.category],
        "envies": [ENVIE_LABELS[e] for e in partner.envies or () if e in ENVIE_LABELS],
        "audiences": [AUDIENCE_LABELS[a] for a in partner.audiences or ()
                      if a in AUDIENCE_LABELS],
        "accessibility": [label for key, label in ACCESSIBILITY_LABELS.items()
                          if (partner.accessibility or {}).get(key)],
        "price": PRICE_LABELS.get(partner.price_range),
        "panels": panels,
        "poster_url": request.route_url("public.poster", lang=lang, slug=partner.slug)
        if is_welcome_point(partner) and request.has_permission("admin.access") else None,
        "map_points": json.dumps([{"lat": partner.lat, "lon": partner.lon,
                                   "name": partner.text("name", lang, fallback)}])
        if partner.lat is not None else None,
        "map_centre": None,
        "map_label": _("Map"),
        "page_title": partner.text("name", lang, fallback),
    }

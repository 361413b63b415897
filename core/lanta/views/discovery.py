"""Discovery pages of the visitor site: "J'ai envie de…" (``/{lang}/envies``) and
"Autour de moi…" (``/{lang}/around``). Both are plain GET forms: they work without
JavaScript, and a QR code can point at a filled-in address."""
from __future__ import annotations

import json

from babel.numbers import format_decimal
from pyramid.view import view_config

from ..i18n import _
from ..services import geo
from ..services import partners as partners_service
from ..services.errors import DomainError
from ..services.partner_vocabulary import AUDIENCES, CATEGORIES, ENVIES
from .api_partners import utc_now
from ..labels import AUDIENCE_LABELS, CATEGORY_LABELS, ENVIE_LABELS, PRICE_LABELS
from .pictures import partner_thumbnails
from .public import check_language

RADII_KM = (0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0)
DEFAULT_RADIUS_KM = 5.0
RESULTS = 30


def distance_text(km: float, lang: str) -> str:
    if km < 1:
        return f"{int(round(km * 1000, -1))} m"
    return f"{format_decimal(round(km, 1), locale=lang)} km"


@view_config(route_name="public.envies", renderer="lanta:templates/envies.pt",
             permission="view", request_method="GET")
def envies(request):
    lang = check_language(request)
    params = request.GET
    chosen = [e for e in params.getall("envie") if e in ENVIES]
    audience = params.get("audience") if params.get("audience") in AUDIENCES else None
    budget = params.get("budget")
    max_price = int(budget) if budget in ("1", "2", "3", "4") else None
    open_now = params.get("open_now") == "1"
    found = None
    if chosen:
        found = partners_service.find(request.dbsession, partners_service.PartnerQuery(
            envies=tuple(chosen), audience=audience, max_price=max_price, open_now=open_now,
            limit=RESULTS), utc_now())
    return {"lang": lang, "found": found, "thumbnails": partner_thumbnails(request, found),
            "chosen": chosen, "audience": audience,
            "max_price": max_price, "open_now": open_now,
            "envies": [(e, ENVIE_LABELS[e]) for e in ENVIES],
            "audiences": [(a, AUDIENCE_LABELS[a]) for a in AUDIENCES],
            "prices": sorted(PRICE_LABELS.items()), "category_labels": CATEGORY_LABELS,
            "envie_labels": ENVIE_LABELS, "page_title": _("I feel like…")}


def _centre(request, lang: str):
    """Where "around me" is: ``near=LAT,LON`` (the browser's position), ``from=SLUG`` (a
    welcome point's QR code) or ``place=`` (a place typed by the visitor)."""
    params = request.GET
    if params.get("near"):
        return geo.parse_point(params["near"]), None
    slug = params.get("from")
    if slug:
        partner = partners_service.get_by_slug(request.dbsession, slug)
        if partner.lat is None:
            raise DomainError("This place has no position on the map.")
        return geo.Point(partner.lat, partner.lon), partner.text("name", lang)
    place = params.get("place", "").strip()[:200]
    if place:
        partner = partners_service.locate(request.dbsession, place)
        if partner is None:
            raise DomainError("We do not know a place called “${place}”. Try the name of a "
                              "town, a street or a place to visit.", place=place)
        return geo.Point(partner.lat, partner.lon), partner.text("name", lang)
    return None, None


@view_config(route_name="public.around", renderer="lanta:templates/around.pt",
             permission="view", request_method="GET")
def around(request):
    lang = check_language(request)
    params = request.GET
    try:
        radius = float(params.get("radius", DEFAULT_RADIUS_KM))
    except ValueError:
        radius = DEFAULT_RADIUS_KM
    if radius not in RADII_KM:
        radius = DEFAULT_RADIUS_KM
    category = params.get("category") if params.get("category") in CATEGORIES else None
    error, found, centre, centre_name = None, None, None, None
    try:
        centre, centre_name = _centre(request, lang)
    except DomainError as exc:
        error = _(exc.message, mapping=exc.mapping)
    if centre is not None:
        found = partners_service.find(request.dbsession, partners_service.PartnerQuery(
            near=centre, radius_km=radius, category=category, limit=RESULTS), utc_now())
    map_points = json.dumps([
        {"lat": hit.partner.lat, "lon": hit.partner.lon, "name": hit.partner.text("name", lang),
         "url": request.route_url("public.partner", lang=lang, slug=hit.partner.slug)}
        for hit in (found.items if found else [])])
    if error is not None:
        request.response.status = 400 if "from" not in params else 404
    return {"lang": lang, "found": found, "thumbnails": partner_thumbnails(request, found),
            "centre": centre, "centre_name": centre_name,
            "error": error, "radius": radius, "radii": RADII_KM, "category": category,
            "place": params.get("place", ""),
            "categories": [(c, CATEGORY_LABELS[c]) for c in CATEGORIES],
            "category_labels": CATEGORY_LABELS,
            "distance": lambda km: distance_text(km, lang),
            "radius_text": lambda km: distance_text(km, lang),
            "locating_text": _("Finding where you are…"),
            "denied_text": _("Your position is not available: type a place instead."),
            "map_points": map_points,
            "map_centre": f"{centre.lat},{centre.lon}" if centre else None,
            "map_label": _("Map of the places around"),
            "page_title": _("Around me")}

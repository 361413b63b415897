"""A partner as the JSON API shows it (``/api/v1/partners``), and its OpenAPI schema."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..models import Partner
from ..services import opening_hours, partner_hours, partner_photos
from ..labels import CATEGORY_LABELS
from .pictures import photo_json


def partner_json(request, partner: Partner, lang: str, now: dt.datetime,
                 distance_km: float | None = None, full: bool = False) -> dict[str, Any]:
    fallback = (request.site.languages or ["fr"])[0]
    hours = partner_hours.parsed(partner)
    item: dict[str, Any] = {
        "id": partner.id,
        "slug": partner.slug,
        "name": partner.text("name", lang, fallback),
        "category": partner.category,
        "category_label": request.localizer.translate(CATEGORY_LABELS[partner.category]),
        "summary": partner.text("summary", lang, fallback),
        "lat": partner.lat,
        "lon": partner.lon,
        "address": {"street": partner.street, "postcode": partner.postcode,
                    "city": partner.city},
        "phone": partner.phone or None,
        "email": partner.email or None,
        "website": partner.website or None,
        "price_range": partner.price_range,
        "envies": list(partner.envies or ()),
        "audiences": list(partner.audiences or ()),
        "labels": list(partner.labels or ()),
        "accessibility": dict(partner.accessibility or {}),
        "relay_corner": partner.relay_corner,
        "open_now": opening_hours.is_open(hours, now) if hours.known else None,
        "url": request.route_url("public.partner", lang=lang, slug=partner.slug),
    }
    if distance_km is not None:
        item["distance_km"] = round(distance_km, 3)
    if full:
        status = opening_hours.status(hours, now)
        item["description"] = partner.text("description", lang, fallback)
        item["opening_hours"] = partner.opening_hours
        item["opens_at"] = status.opens_at.isoformat() if status.opens_at else None
        item["closes_at"] = status.closes_at.isoformat() if status.closes_at else None
        item["photos"] = [photo_json(request, photo.image) for photo in
                          partner_photos.shown(request.dbsession, partner)]
    return item


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


PARTNER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "slug", "name", "category", "lat", "lon", "url"],
    "properties": {
        "id": {"type": "integer"},
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "category": {"type": "string"},
        "category_label": {"type": "string"},
        "summary": {"type": "string"},
        "lat": _nullable("number"),
        "lon": _nullable("number"),
        "address": {"type": "object", "properties": {
            "street": {"type": "string"}, "postcode": {"type": "string"},
            "city": {"type": "string"}}},
        "phone": _nullable("string"),
        "email": _nullable("string"),
        "website": _nullable("string"),
        "price_range": _nullable("integer"),
        "envies": {"type": "array", "items": {"type": "string"}},
        "audiences": {"type": "array", "items": {"type": "string"}},
        "labels": {"type": "array", "items": {"type": "string"}},
        "accessibility": {"type": "object", "additionalProperties": {"type": "boolean"}},
        "relay_corner": {"type": "boolean"},
        "open_now": {"type": ["boolean", "null"],
                     "description": "null when the opening hours are not known"},
        "url": {"type": "string", "format": "uri"},
        "distance_km": {"type": "number", "description": "with near= only"},
        "description": {"type": "string", "description": "one partner only"},
        "opening_hours": {"type": ["object", "null"], "description": "one partner only"},
        "opens_at": {"type": ["string", "null"], "format": "date-time"},
        "closes_at": {"type": ["string", "null"], "format": "date-time"},
        "photos": {"type": "array", "description": "one partner only; the first leads",
                   "items": {"type": "object",
                             "required": ["url", "webp_url", "width", "height", "alt"],
                             "properties": {
                                 "url": {"type": "string", "format": "uri"},
                                 "webp_url": {"type": "string", "format": "uri"},
                                 "width": {"type": "integer"},
                                 "height": {"type": "integer"},
                                 "alt": {"type": "string"},
                                 "credit": _nullable("string")}}},
    },
}

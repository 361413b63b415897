"""``GET /api/v1/partners`` and ``GET /api/v1/partners/{id}`` (CONTRACT.md)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from pyramid.view import view_config

from ..services import geo
from ..services import partners as partners_service
from ..services.partner_search import matching_ids
from ..services.partner_vocabulary import AUDIENCES, CATEGORIES, ENVIES
from .partner_json import PARTNER_SCHEMA, partner_json

TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


def _int(params, name: str, default: int) -> int:
    value = params.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise partners_service.BadQuery("${name} must be a whole number.", name=name) from None


def _float(params, name: str) -> float | None:
    value = params.get(name)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        raise partners_service.BadQuery("${name} must be a number.", name=name) from None


def _bool(params, name: str) -> bool:
    value = (params.get(name) or "").lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise partners_service.BadQuery("${name} must be true or false.", name=name)


def api_language(request) -> str:
    languages = request.site.languages or ["fr"]
    lang = request.GET.get("lang") or languages[0]
    if lang not in languages:
        raise partners_service.BadQuery("This site speaks ${languages}; lang=${lang} is not "
                                        "one of them.", languages=", ".join(languages),
                                        lang=lang)
    return lang


def query_from_params(params) -> partners_service.PartnerQuery:
    near = params.get("near")
    return partners_service.PartnerQuery(
        q=params.get("q", ""),
        category=params.get("category") or None,
        envies=tuple(params.getall("envie")),
        audience=params.get("audience") or None,
        max_price=_int(params, "budget", 0) or None,
        near=geo.parse_point(near) if near else None,
        radius_km=_float(params, "radius_km"),
        open_now=_bool(params, "open_now"),
        limit=_int(params, "limit", 20),
        offset=_int(params, "offset", 0),
    )


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@view_config(route_name="api.partners", renderer="json", permission="view",
             request_method="GET")
def list_partners(request):
    lang = api_language(request)
    now = utc_now()
    query = partners_service.check_query(query_from_params(request.GET))
    if query.q.strip():
        query.among = matching_ids(request.search_index, query.q, lang, now, query.category)
    found = partners_service.find(request.dbsession, query, now)
    return {"items": [partner_json(request, hit.partner, lang, now, hit.distance_km)
                      for hit in found.items],
            "total": found.total}


@view_config(route_name="api.partner", renderer="json", permission="view",
             request_method="GET")
def one_partner(request):
    lang = api_language(request)
    partner = partners_service.get(request.dbsession, int(request.matchdict["id"]))
    return partner_json(request, partner, lang, utc_now(), full=True)


def _param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


PROBLEM_RESPONSE = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}


# Latitude from -90 to 90, longitude from -180 to 180, in decimal degrees.
NEAR_PATTERN = (r"^-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?),"
                r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)$")


def openapi_paths(languages: list[str]) -> dict[str, Any]:
    """The partners' paths; ``lang`` takes the languages this site speaks."""
    lang_param = _param("lang", {"type": "string", "enum": list(languages)},
                        "Language of the texts (default: the site's first language)")
    return {
        "/api/v1/partners": {"get": {
            "summary": "Find partners",
            "operationId": "core.partners.list",
            "parameters": [
                _param("q", {"type": "string"},
                       "Words to find in the name, texts, town or labels, in the language "
                       "`lang`: every word must be found, in any form (accents folded, "
                       "plural or singular)"),
                _param("category", {"type": "string", "enum": list(CATEGORIES)}, "One category"),
                _param("envie", {"type": "array", "items": {"type": "string",
                                                             "enum": list(ENVIES)}},
                       "What the visitor feels like (repeatable); partners answering more "
                       "come first"),
                _param("audience", {"type": "string", "enum": list(AUDIENCES)}, "Audience"),
                _param("budget", {"type": "integer", "minimum": 1, "maximum": 4},
                       "Highest price range (1 = €, 4 = €€€€)"),
                _param("near", {"type": "string", "pattern": NEAR_PATTERN},
                       "LAT,LON in decimal degrees: nearest first, with distance_km"),
                _param("radius_km", {"type": "number", "exclusiveMinimum": 0, "maximum": 500},
                       "With near: only partners within this great-circle distance"),
                _param("open_now", {"type": "boolean"}, "Only partners open at this moment"),
                lang_param,
                _param("limit", {"type": "integer", "minimum": 1, "maximum": 100,
                                 "default": 20}, "Page size"),
                _param("offset", {"type": "integer", "minimum": 0,
                                  "maximum": partners_service.MAX_OFFSET, "default": 0},
                       "Page start"),
            ],
            "responses": {
                "200": {"description": "A page of partners and the total that match",
                        "content": {"application/json": {"schema": {
                            "type": "object", "required": ["items", "total"],
                            "properties": {"items": {"type": "array", "items": PARTNER_SCHEMA},
                                           "total": {"type": "integer"}}}}}},
                "400": {"description": "A parameter that cannot be understood",
                        **PROBLEM_RESPONSE},
            },
        }},
        "/api/v1/partners/{id}": {"get": {
            "summary": "One partner",
            "operationId": "core.partners.get",
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "integer", "minimum": 1}}, lang_param],
            "responses": {
                "200": {"description": "The partner, with description and opening hours",
                        "content": {"application/json": {"schema": PARTNER_SCHEMA}}},
                "404": {"description": "No published partner has this id", **PROBLEM_RESPONSE},
            },
        }},
    }

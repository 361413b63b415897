"""``GET /api/v1/imagewall/items`` (a page of the wall, newest approved first, with the
cursor of the next) and ``GET /api/v1/imagewall/items/{id}`` (one item), permission
``view``. A bad parameter or an unknown item is a domain error, which the core answers
as ``application/problem+json`` (RFC 9457) under ``/api/``.

Answers carry an ETag (a hash of the body) and ``Cache-Control: public, max-age=30``:
a player polling every few seconds gets ``304 Not Modified`` until something changes.

:func:`feed_language` and :func:`json_answer` serve every JSON feed of the add-on (the
playlists' too, with their own cache policy).
"""
from __future__ import annotations

import hashlib
import json

from pyramid.response import Response
from pyramid.view import view_config

from .api_json import item_json
from .i18n import _
from lanta.services.errors import DomainError

from .services import wall as wall_service

CACHE_CONTROL = "public, max-age=30"
DEFAULT_LIMIT = 24


def feed_language(request) -> str:
    """``lang`` of the query, one of the site's languages (default: its first)."""
    languages = request.site.languages or ["fr"]
    lang = request.GET.get("lang") or languages[0]
    if lang not in languages:
        raise DomainError(
            _("This site speaks ${languages}; lang=${lang} is not one of them."),
            languages=", ".join(languages), lang=lang)
    return lang


def _limit(request) -> int:
    value = request.GET.get("limit")
    if value is None:
        return DEFAULT_LIMIT
    try:
        return int(value)
    except ValueError:
        raise wall_service.BadWallQuery(
            _("limit must be a whole number from 1 to ${max}."),
            max=wall_service.MAX_LIMIT) from None


def _compact(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def json_answer(request, body: dict, *, cache_control: str = CACHE_CONTROL,
                etag_of: dict | None = None) -> Response:
    """``body`` as JSON with ``cache_control`` and an ETag: a hash of ``etag_of`` when
    given (what the body says without what changes at every request, such as the time
    it was made), else of the body. WebOb answers 304 to a matching If-None-Match."""
    data = _compact(body)
    response = Response(body=data, content_type="application/json", charset="utf-8",
                        conditional_response=True)
    hashed = data if etag_of is None else _compact(etag_of)
    response.etag = hashlib.sha256(hashed).hexdigest()[:32]
    response.headers["Cache-Control"] = cache_control
    return response


@view_config(route_name="imagewall.api.items", permission="view", request_method="GET")
def items_feed(request):
    lang = feed_language(request)
    params = request.GET
    query = wall_service.check_query(
        tag=params.get("tag") or None, partner=params.get("partner_id") or None,
        kind=params.get("kind") or None, limit=_limit(request),
        cursor=params.get("cursor") or None)
    if query.partner == wall_service.OTHER_PLACES:
        # "other" is the page's filter; the feed takes listings' numbers only.
        raise wall_service.BadWallQuery(_("The place must be a listing's number."))
    found = wall_service.page(request.dbsession, query)
    return json_answer(request, {
        "items": [item_json(request, item, lang, found.partners.get(item.partner_id))
                  for item in found.items],
        "next_cursor": found.next_cursor})


@view_config(route_name="imagewall.api.item", permission="view", request_method="GET")
def one_item(request):
    lang = feed_language(request)
    item, partner = wall_service.shown_item(request.dbsession, int(request.matchdict["id"]))
    return json_answer(request, item_json(request, item, lang, partner))

"""The playlists' JSON feed (public, ``view``): the list of playlists, and what one
plays now. Screens poll the second every ``poll_seconds`` with ``If-None-Match``: its
ETag is a hash of the answer without ``generated_at``, so it changes only when what the
screen would play changes (a 304 costs the screen nothing). Errors are
``application/problem+json`` (the core's error views, as under every ``/api/``).
"""
from __future__ import annotations

import hashlib
import json

from pyramid.response import Response
from pyramid.view import view_config

from lanta.models import utcnow
from lanta.services.errors import DomainError, NotFound

from .api_json import item_json
from .models import Playlist
from .services import playlists as service

POLL_SECONDS = 15


def feed_language(request) -> str:
    """``lang`` of the query, one of the site's languages (default: its first)."""
    languages = request.site.languages or ["fr"]
    lang = request.GET.get("lang") or languages[0]
    if lang not in languages:
        raise DomainError("This site speaks ${languages}; lang=${lang} is not one of them.",
                          languages=", ".join(languages), lang=lang)
    return lang


def playlist_rules(playlist: Playlist) -> dict:
    return {"slug": playlist.slug, "name": playlist.name,
            "photo_seconds": playlist.photo_seconds,
            "featured_only": playlist.featured_only, "recent_days": playlist.recent_days,
            "tags": list(playlist.tags or ()), "partner_ids": list(playlist.partner_ids or ()),
            "kinds": list(playlist.kinds or ()), "max_items": playlist.max_items,
            "order": playlist.item_order}


def playlist_feed(request, playlist: Playlist, lang: str, now) -> dict:
    """What ``playlist`` plays at ``now``, as the feed gives it (without
    ``generated_at``)."""
    items = service.items_for(request.dbsession, playlist, now)
    partners = service.partners_of(request.dbsession, items)
    return {"playlist": playlist_rules(playlist),
            "items": [item_json(request, item, lang, partners.get(item.partner_id))
                      for item in items],
            "poll_seconds": POLL_SECONDS}


def _json_response(request, body: dict, etag_of: dict) -> Response:
    """``body`` as JSON, with an ETag of ``etag_of`` and a 304 when the client has it."""
    text = json.dumps(etag_of, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    etag = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    headers = {"Cache-Control": "no-cache", "ETag": f'"{etag}"'}
    if etag in request.if_none_match:
        return Response(status=304, headers=headers)
    response = Response(json_body=body, content_type="application/json", charset="utf-8")
    response.headers.update(headers)
    return response


@view_config(route_name="imagewall.api.playlists", permission="view", request_method="GET")
def api_playlists(request):
    lang = feed_language(request)
    items = [{"slug": p.slug, "name": p.name, "photo_seconds": p.photo_seconds,
              "url": request.route_url("imagewall.api.playlist", slug=p.slug,
                                       _query={"lang": lang}),
              "screen_url": request.route_url("imagewall.screen", lang=lang, slug=p.slug)}
             for p in service.all_playlists(request.dbsession)]
    return _json_response(request, {"items": items}, {"items": items})


@view_config(route_name="imagewall.api.playlist", permission="view", request_method="GET")
def api_playlist(request):
    lang = feed_language(request)
    playlist = service.by_slug(request.dbsession, request.matchdict["slug"])
    if playlist is None:
        raise NotFound("No playlist has the address name ${slug}.",
                       slug=request.matchdict["slug"])
    now = utcnow()
    feed = playlist_feed(request, playlist, lang, now)
    generated_at = now.isoformat().replace("+00:00", "Z")
    return _json_response(request, {**feed, "generated_at": generated_at}, feed)

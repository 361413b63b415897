"""The playlists' JSON feed (public, ``view``): the list of playlists, and what one
plays now. Screens poll the second every ``poll_seconds`` with ``If-None-Match``: its
ETag is a hash of the answer without ``generated_at``, so it changes only when what the
screen would play changes (a 304 costs the screen nothing). Errors are
``application/problem+json`` (the core's error views, as under every ``/api/``).
"""
from __future__ import annotations

from pyramid.view import view_config

from lanta.models import utcnow
from lanta.services.errors import NotFound

from .api_json import item_json
from .api_views import feed_language, json_answer
from .models import Playlist
from .services import places
from .services import playlists as service

POLL_SECONDS = 15
# Screens poll and must see a change at once: every answer is revalidated.
CACHE_CONTROL = "no-cache"


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
    partners = places.published_partners(request.dbsession, (i.partner_id for i in items))
    return {"playlist": playlist_rules(playlist),
            "items": [item_json(request, item, lang, partners.get(item.partner_id))
                      for item in items],
            "poll_seconds": POLL_SECONDS}


@view_config(route_name="imagewall.api.playlists", permission="view", request_method="GET")
def api_playlists(request):
    lang = feed_language(request)
    items = [{"slug": p.slug, "name": p.name, "photo_seconds": p.photo_seconds,
              "url": request.route_url("imagewall.api.playlist", slug=p.slug,
                                       _query={"lang": lang}),
              "screen_url": request.route_url("imagewall.screen", lang=lang, slug=p.slug)}
             for p in service.all_playlists(request.dbsession)]
    return json_answer(request, {"items": items}, cache_control=CACHE_CONTROL)


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
    return json_answer(request, {**feed, "generated_at": generated_at},
                       cache_control=CACHE_CONTROL, etag_of=feed)

"""Clips' files (``/imagewall/videos/{name}``): served with byte ranges, so that players
seek and screens start playing before the whole file arrives.

A clip is public only once its item is on the wall (approved and processed): visitors
get it with an hour's shared cache (an hour, not for ever: a clip taken off the wall
must stop being served soon after). Moderators see any clip, pending or rejected, with
nothing kept by a cache; for everyone else a clip not on the wall does not exist (404).
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import FileResponse
from pyramid.view import view_config
from sqlalchemy import select

from lanta.services import videos

from .models import Item
from .services import files

PUBLIC_MAX_AGE_S = 3600


@view_config(route_name="imagewall.video", permission="view",
             request_method=("GET", "HEAD"))
def video_file(request):
    """A stored clip; ``Range`` is answered by 206 and the bytes asked for."""
    name = request.matchdict["name"]
    path = files.video_path(request.registry.lanta_settings.uploads_dir, name)
    if path is None:
        raise HTTPNotFound()
    item = request.dbsession.scalars(
        select(Item).where(Item.video_name == name).limit(1)).first()
    if item is None:
        raise HTTPNotFound()
    if item.on_wall:
        cache_control = f"public, max-age={PUBLIC_MAX_AGE_S}"
    elif request.has_permission("imagewall.moderate"):
        cache_control = "private, no-store"
    else:
        raise HTTPNotFound()
    response = FileResponse(str(path), request=request,
                            content_type=videos.media_type_of(name))
    response.conditional_response = True
    response.accept_ranges = "bytes"
    response.cache_control = cache_control
    return response

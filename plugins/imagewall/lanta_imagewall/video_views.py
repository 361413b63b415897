"""Clips' files (``/imagewall/videos/{name}``): served with byte ranges, so that players
seek and screens start playing before the whole file arrives, and cached for a year,
since a stored clip never changes (a new upload gets a new random name)."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import FileResponse
from pyramid.view import view_config

from lanta.services import videos

from .services import files

ONE_YEAR = 365 * 24 * 3600


@view_config(route_name="imagewall.video", permission="view",
             request_method=("GET", "HEAD"))
def video_file(request):
    """A stored clip; ``Range`` is answered by 206 and the bytes asked for. The name is
    128 random bits: only pages that show the clip (the wall, moderation) give it."""
    name = request.matchdict["name"]
    path = files.video_path(request.registry.lanta_settings.uploads_dir, name)
    if path is None:
        raise HTTPNotFound()
    response = FileResponse(str(path), request=request,
                            content_type=videos.media_type_of(name))
    response.conditional_response = True
    response.accept_ranges = "bytes"
    response.cache_control = f"public, max-age={ONE_YEAR}, immutable"
    return response

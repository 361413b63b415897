"""The site's logo (``/site/logo``), as uploaded in the site settings."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import FileResponse
from pyramid.view import view_config

from ..services import uploads


@view_config(route_name="site.logo", permission="view", request_method="GET")
def site_logo(request):
    name = request.site.logo
    path = uploads.stored_path(request.registry.lanta_settings.uploads_dir, name)
    if path is None:
        raise HTTPNotFound()
    # A new logo gets a new random name, and the layout puts it in the URL's query:
    # a long cache lifetime is safe.
    response = FileResponse(str(path), request=request, content_type=uploads.media_type_of(name),
                            cache_max_age=86400 * 30 if request.params.get("v") == name else 300)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.content_disposition = "inline"
    return response

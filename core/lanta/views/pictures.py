"""Serving editors' pictures (``/media/images/KEY/NAME``) and their JSON; the markup is
in :mod:`lanta.pictures`."""
from __future__ import annotations

from markupsafe import Markup, escape
from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import FileResponse
from pyramid.view import view_config

from ..models import StoredImage
from ..pictures import image_url, picture
from ..services import images, partner_photos

# A picture's files never change (a new upload gets a new key): caches may keep them.
ONE_YEAR = 365 * 24 * 3600


@view_config(route_name="media.image", permission="view", request_method="GET")
def image_file(request):
    found = images.file_path(request.registry.lanta_settings.uploads_dir,
                             request.matchdict["key"], request.matchdict["name"])
    if found is None:
        raise HTTPNotFound()
    path, media_type = found
    response = FileResponse(str(path), request=request, content_type=media_type)
    response.cache_control = f"public, max-age={ONE_YEAR}, immutable"
    return response


def photo_json(request, image: StoredImage) -> dict:
    """A picture as the JSON API gives it: a JPEG for any client, a WebP for those that
    take it, the size of the original and its text alternative."""
    return {"url": image_url(request, image), "webp_url": image_url(request, image,
                                                                    extension="webp"),
            "width": image.width, "height": image.height, "alt": image.alt,
            "credit": image.credit or None}


CARD_SIZES = "(min-width: 40em) 12rem, 100vw"


def partner_thumbnails(request, found) -> dict[int, Markup]:
    """The first approved photo of each partner of ``found`` (a search's hits), as
    card-sized markup, read in one query."""
    if found is None:
        return {}
    first = partner_photos.first_shown(request.dbsession,
                                       [hit.partner.id for hit in found.items])
    return {partner_id: picture(request, photo.image, sizes=CARD_SIZES,
                                css_class="partner-card__picture")
            for partner_id, photo in first.items()}

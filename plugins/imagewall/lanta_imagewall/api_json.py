"""An item as the JSON feed gives it (``/api/v1/imagewall/…``), shared by the items'
and the playlists' answers and by the screens' player, which reads the same feed."""
from __future__ import annotations

from lanta.pictures import image_url

from .models import Item

# The renditions a client picks from: a thumbnail, a wall tile, a full screen.
RENDITIONS = {"thumbnail": 320, "tile": 640, "full": 1920}


def _iso(moment) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def image_json(request, image) -> dict | None:
    if image is None or not image.widths:
        return None
    found = {name: {"jpeg": image_url(request, image, width, "jpg"),
                    "webp": image_url(request, image, width, "webp")}
             for name, width in RENDITIONS.items()}
    return {**found, "width": image.width, "height": image.height, "alt": image.alt}


def item_json(request, item: Item, lang: str = "fr", partner=None) -> dict:
    """``item`` (approved and ready) for a client; ``partner`` is its listing when the
    caller has read it (else the place has no partner name)."""
    place = None
    if partner is not None or item.place_name or item.lat is not None:
        place = {"name": (partner.text("name", lang) if partner is not None
                          else item.place_name) or None,
                 "partner_id": partner.id if partner is not None else None,
                 "partner_url": (request.route_url("public.partner", lang=lang,
                                                   slug=partner.slug)
                                 if partner is not None else None),
                 "lat": item.lat, "lon": item.lon}
    video = None
    if item.kind == "clip" and item.video_name:
        video = {"url": request.route_url("imagewall.video", name=item.video_name),
                 "type": f"video/{item.video_type}", "duration_s": item.duration_s}
    webcam = None
    if item.is_webcam:
        webcam = {"url": item.webcam_url, "refresh_s": item.refresh_s}
    return {"id": item.id, "kind": item.kind, "caption": item.caption,
            "credit": item.credit, "tags": list(item.tags or ()),
            "featured": item.featured, "approved_at": _iso(item.approved_at),
            "url": request.route_url("imagewall.item", lang=lang, id=item.id),
            "place": place, "image": image_json(request, item.image), "video": video,
            "webcam": webcam}

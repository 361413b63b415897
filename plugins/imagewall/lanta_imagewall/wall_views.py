"""The visitors' pages of the wall (permission ``view``): the mosaic with its filters
(activity, place) and its "More" link to the next page, and one item's page, which
answers 404 unless the item is approved and ready.

Filters are plain GET parameters (``activity``, ``place``, ``after``: the cursor), so the
page works without JavaScript and every filtered page has its own address to share.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from lanta.labels import ENVIE_LABELS
from lanta.pictures import image_url, picture
from lanta.services.errors import NotFound

from .i18n import _
from .services import wall as wall_service
from .wall import SCRIPT, STYLESHEET, credit_text, page_language, tile, web_address

FULL_SIZES = "(min-width: 72em) 68rem, 100vw"
SHARE_WIDTH = 1280


def _filters(request, query: wall_service.WallQuery) -> dict:
    """The choices of the filter form: every activity (counting them would read every
    item's tags at each request), and the places that have items, with their counts."""
    places, others = wall_service.place_counts(request.dbsession)
    lang = request.locale_name
    activities = [{"code": code, "label": label, "selected": code == query.tag}
                  for code, label in ENVIE_LABELS.items()]
    place_choices = [{"value": str(partner.id), "name": partner.text("name", lang),
                      "count": count, "selected": partner.id == query.partner}
                     for partner, count in places]
    return {"activities": activities, "places": place_choices, "others": others,
            "others_selected": query.partner == wall_service.OTHER_PLACES}


def _page_query(request) -> wall_service.WallQuery:
    params = request.GET
    return wall_service.check_query(
        tag=params.get("activity") or None, partner=params.get("place") or None,
        kind=None, limit=wall_service.PAGE_SIZE, cursor=params.get("after") or None)


def _link(request, lang: str, query: wall_service.WallQuery, **changes) -> str:
    """The wall's address with the current filters, changed by ``changes`` (None drops
    one); a new filter always starts again from the first page."""
    values = {"activity": query.tag, "place": query.partner}
    values.update(changes)
    return request.route_url("imagewall.wall", lang=lang, _query={
        name: value for name, value in values.items() if value is not None})


@view_config(route_name="imagewall.wall", renderer="lanta_imagewall:templates/wall.pt",
             permission="view", request_method="GET")
def wall_page(request):
    lang = page_language(request)
    query = _page_query(request)
    found = wall_service.page(request.dbsession, query)
    filters = _filters(request, query)
    chips = [{**activity, "url": _link(request, lang, query, activity=None
                                       if activity["selected"] else activity["code"])}
             for activity in filters["activities"]]
    next_url = (_link(request, lang, query, after=found.next_cursor)
                if found.next_cursor else None)
    return {"lang": lang, "tiles": [tile(request, item, found.partners, lang)
                                    for item in found.items],
            "filters": filters, "chips": chips, "query": query,
            "filtered": query.tag is not None or query.partner is not None,
            "continued": query.after is not None,
            "all_url": request.route_url("imagewall.wall", lang=lang),
            "first_url": _link(request, lang, query),
            "next_url": next_url,
            "contribute_url": request.route_url("imagewall.contribute", lang=lang),
            "stylesheet": STYLESHEET, "script": SCRIPT,
            "page_title": _("The image wall")}


def _share_meta(request, item, title: str, description: str) -> dict:
    image = None
    if item.image is not None and item.image.widths:
        image = image_url(request, item.image, SHARE_WIDTH, "jpg")
    elif item.kind == "webcam_image":
        image = web_address(item.webcam_url)
    return {"url": request.route_url("imagewall.item", lang=request.locale_name, id=item.id),
            "title": title, "description": description, "image": image,
            "image_alt": item.caption}


@view_config(route_name="imagewall.item", renderer="lanta_imagewall:templates/wall_item.pt",
             permission="view", request_method="GET")
def item_page(request):
    lang = page_language(request)
    try:
        item, partner = wall_service.shown_item(request.dbsession,
                                                int(request.matchdict["id"]))
    except (NotFound, ValueError):
        raise HTTPNotFound() from None
    credit = credit_text(request, item)
    title = item.caption or request.localizer.translate(_("A picture of the wall"))
    has_image = item.image is not None and bool(item.image.widths)
    return {"lang": lang, "item": item, "partner": partner, "credit": credit,
            "partner_name": partner.text("name", lang) if partner is not None else "",
            "partner_url": request.route_url("public.partner", lang=lang, slug=partner.slug)
            if partner is not None else None,
            "picture": picture(request, item.image, sizes=FULL_SIZES, lazy=False)
            if has_image and item.kind == "photo" else None,
            "poster": image_url(request, item.image, SHARE_WIDTH, "jpg")
            if has_image and item.kind == "clip" else None,
            "video_url": request.route_url("imagewall.video", name=item.video_name)
            if item.kind == "clip" and item.video_name else None,
            "webcam_url": web_address(item.webcam_url),
            "tags": [ENVIE_LABELS[t] for t in item.tags or () if t in ENVIE_LABELS],
            "share": _share_meta(request, item, title, credit),
            "wall_url": request.route_url("imagewall.wall", lang=lang),
            "stylesheet": STYLESHEET, "script": SCRIPT, "page_title": title}

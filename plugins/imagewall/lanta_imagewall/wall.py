"""The visitors' wall: the mosaic (``/{lang}/wall/``), an item's own page, and the
panel "On the image wall" on partners' pages (``lanta_partner_panels``). The views live
in :mod:`.wall_views`; the queries in :mod:`.services.wall`.

:func:`tile` turns an item into what a tile shows, shared by the mosaic and the partner
panel (both use the macro ``tiles`` of ``wall.pt``), so that every tile carries its
credit.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from pyramid.httpexceptions import HTTPNotFound
from pyramid.renderers import render

from lanta.addon_api import PartnerPanel
from lanta.pictures import picture

from .i18n import DOMAIN, _
from .models import Item
from .services import wall as wall_service

STYLESHEET = "lanta_imagewall:static/wall.css"
SCRIPT = "lanta_imagewall:static/wall.js"
# A tile's width: two columns on a phone, up to six on a wide screen.
TILE_SIZES = ("(min-width: 90em) 16vw, (min-width: 64em) 20vw, (min-width: 48em) 25vw, "
              "(min-width: 30em) 33vw, 50vw")
PANEL_SIZE = 8
CREDIT_BY_KIND = {
    "photo": _("Photo: ${name}"),
    "clip": _("Clip: ${name}"),
    "webcam_image": _("Webcam: ${name}"),
    "webcam_stream": _("Webcam: ${name}"),
}


def includeme(config) -> None:
    """This module's views (the routes and the static files are :mod:`.routes`')."""
    config.scan(".wall_views")


def menu_entries(request) -> list:
    return []


def dashboard_widgets(request) -> list:
    return []


def page_language(request) -> str:
    """The ``{lang}`` of a public page's address, one of the site's languages; any
    other is a page that does not exist (404)."""
    lang = request.matchdict["lang"]
    if lang not in (request.site.languages or ["fr"]):
        raise HTTPNotFound()
    return lang


def web_address(url: str | None) -> str | None:
    """A webcam's address if it is a web one: anything else never reaches a page."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


@dataclass(frozen=True)
class Tile:
    item: Item
    url: str
    credit: str
    # The markup of the still: the picture, the poster, or the webcam's image.
    still: Markup
    place: str
    # The link's words: the caption, or a neutral one when there is none.
    label: str


def credit_text(request, item: Item) -> str:
    """"Photo: Anne", "Clip: Anne", "Webcam: Ville de Pau" in the page's language."""
    if not item.credit:
        return ""
    return request.localizer.translate(
        _(CREDIT_BY_KIND[item.kind], mapping={"name": item.credit}))


def still_markup(request, item: Item, sizes: str, lazy: bool = True) -> Markup:
    if item.image is not None and item.image.widths:
        return picture(request, item.image, sizes=sizes, lazy=lazy)
    webcam = web_address(item.webcam_url) if item.kind == "webcam_image" else None
    if webcam:
        return Markup('<img src="{}" alt="{}" loading="{}" decoding="async">').format(
            webcam, item.caption, "lazy" if lazy else "eager")
    return Markup("")


def tile(request, item: Item, partners: dict, lang: str) -> Tile:
    partner = partners.get(item.partner_id)
    return Tile(item=item, url=request.route_url("imagewall.item", lang=lang, id=item.id),
                credit=credit_text(request, item), still=still_markup(request, item, TILE_SIZES),
                place=partner.text("name", lang) if partner is not None else item.place_name,
                label=item.caption or request.localizer.translate(_("See this picture")))


def partner_panels(request, partner) -> list[PartnerPanel]:
    """For ``lanta_partner_panels``: up to eight of the listing's items, newest first,
    and a link to the wall filtered on it; nothing when it has none."""
    dbsession = request.dbsession
    items = wall_service.partner_items(dbsession, partner.id, PANEL_SIZE)
    if not items:
        return []
    lang = request.locale_name
    tiles = [tile(request, item, {partner.id: partner}, lang) for item in items]
    count = wall_service.partner_item_count(dbsession, partner.id)
    body = render("lanta_imagewall:templates/wall_panel.pt", {
        "tiles": tiles, "partner": partner, "stylesheet": STYLESHEET,
        "more_text": request.localizer.pluralize(
            "See ${count} picture of this place on the wall",
            "See all ${count} pictures of this place on the wall", count, domain=DOMAIN,
            mapping={"count": count}),
        "wall_url": request.route_url("imagewall.wall", lang=lang,
                                      _query={"place": partner.id})}, request=request)
    return [PartnerPanel(_("On the image wall"), Markup(body), order=40)]

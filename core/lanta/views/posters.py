"""The welcome points' QR posters: a printable A4 page whose code opens "Autour de moi"
centred on the point, and the code alone as SVG and PNG for print shops.

A PDF is the browser's "save as PDF" of the poster page: segno writes no PDF without
extra packages, and the page already is the layout a PDF would have.
"""
from __future__ import annotations

from pyramid.response import Response
from pyramid.view import view_config

from ..i18n import _
from ..models import Partner
from ..services import partners as partners_service
from ..services import qr_codes
from ..services.errors import NotFound
from .public import check_language

# The code of a point changes only when its slug does (and then the old address 404s):
# a day of caching spares redrawing it for every print.
CACHE_CONTROL = "public, max-age=86400"


def welcome_point(request) -> Partner:
    """The published welcome point of the address; NotFound for any other partner."""
    partner = partners_service.get_by_slug(request.dbsession, request.matchdict["slug"])
    if not qr_codes.is_welcome_point(partner):
        raise NotFound("No welcome point at this address.")
    return partner


def around_url(request, lang: str, partner: Partner) -> str:
    """The absolute address the code holds: "Autour de moi" centred on ``partner``."""
    return request.route_url("public.around", lang=lang, _query={"from": partner.slug})


def _point_name(request, partner: Partner, lang: str) -> str:
    fallback = (request.site.languages or ["fr"])[0]
    return partner.text("name", lang, fallback)


@view_config(route_name="public.poster", renderer="lanta:templates/poster.pt",
             permission="view", request_method="GET")
def poster(request):
    lang = check_language(request)
    partner = welcome_point(request)
    name = _point_name(request, partner, lang)
    url = around_url(request, lang, partner)
    label = request.localizer.translate(
        _("QR code: what is around ${name}", mapping={"name": name}))
    return {"lang": lang, "partner": partner, "name": name, "url": url,
            "qr_svg": qr_codes.qr_svg_inline(url, label=label),
            "svg_url": request.route_url("public.poster.svg", lang=lang, slug=partner.slug),
            "png_url": request.route_url("public.poster.png", lang=lang, slug=partner.slug),
            "partner_url": request.route_url("public.partner", lang=lang,
                                             slug=partner.slug),
            "page_title": _("QR poster: ${name}", mapping={"name": name})}


def _file(body: bytes, content_type: str, filename: str) -> Response:
    response = Response(body=body, content_type=content_type)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


@view_config(route_name="public.poster.svg", permission="view", request_method="GET")
def poster_svg(request):
    lang = check_language(request)
    partner = welcome_point(request)
    title = request.localizer.translate(
        _("QR code: what is around ${name}",
          mapping={"name": _point_name(request, partner, lang)}))
    svg = qr_codes.qr_svg(around_url(request, lang, partner), title=title)
    # Slugs are [a-z0-9-] (services.partners.SLUG): safe inside the quoted filename.
    return _file(svg.encode("utf-8"), "image/svg+xml", f"qr-{partner.slug}-{lang}.svg")


@view_config(route_name="public.poster.png", permission="view", request_method="GET")
def poster_png(request):
    lang = check_language(request)
    partner = welcome_point(request)
    png = qr_codes.qr_png(around_url(request, lang, partner))
    return _file(png, "image/png", f"qr-{partner.slug}-{lang}.png")

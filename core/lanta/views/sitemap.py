"""``/sitemap.xml`` (an index), its parts with hreflang alternates, and ``/robots.txt``.

A sitemap file holds at most 50,000 addresses: partners go in chunks of
``PARTNERS_PER_FILE``, each listed in every language of the site.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import func, select

from ..models import Partner
from ..services import content as content_service
from .content_resources import item_url

PARTNERS_PER_FILE = 20_000
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
URLSET = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
          'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def _xml(body: str) -> Response:
    response = Response(XML_HEAD + body, content_type="application/xml", charset="utf-8")
    response.cache_control = "public, max-age=3600"
    return response


def _entry(urls: dict[str, str], lastmod: str | None = None) -> str:
    """One ``<url>`` per language, each naming all the languages' versions."""
    alternates = "".join(f'<xhtml:link rel="alternate" hreflang={quoteattr(lang)} '
                         f'href={quoteattr(url)}/>' for lang, url in urls.items())
    modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    return "".join(f"<url><loc>{escape(url)}</loc>{modified}{alternates}</url>\n"
                   for url in urls.values())


def _languages(request) -> list[str]:
    return request.site.languages or ["fr"]


@view_config(route_name="public.sitemap", permission="view", request_method="GET")
def sitemap_index(request):
    count = request.dbsession.scalar(select(func.count()).select_from(Partner)
                                     .where(Partner.published.is_(True))) or 0
    parts = [request.route_url("public.sitemap.pages")]
    parts += [request.route_url("public.sitemap.partners", part=n + 1)
              for n in range(-(-count // PARTNERS_PER_FILE))]
    body = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>\n" for url in parts)
    return _xml('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + body + "</sitemapindex>\n")


@view_config(route_name="public.sitemap.pages", permission="view", request_method="GET")
def sitemap_pages(request):
    languages = _languages(request)
    body = "".join(_entry({lang: request.route_url(route, lang=lang) for lang in languages})
                   for route in ("public.home", "public.partners", "public.envies",
                                 "public.around", "public.agenda", "public.news"))
    body += _content_entries(request, languages)
    return _xml(URLSET + body + "</urlset>\n")


def _content_entries(request, languages: list[str]) -> str:
    """The visible items of the content tree, each with its visible translations."""
    groups: dict[str, dict[str, object]] = {}
    for item in content_service.visible(request.dbsession, content_service.utc_now()):
        if item.language in languages:
            groups.setdefault(item.translation_group, {})[item.language] = item
    return "".join(
        _entry({lang: item_url(request, item) for lang, item in sorted(group.items())},
               max(i.modified_at for i in group.values()).date().isoformat())
        for group in groups.values())


@view_config(route_name="public.sitemap.partners", permission="view", request_method="GET")
def sitemap_partners(request):
    part = int(request.matchdict["part"])
    if part < 1:
        raise HTTPNotFound()
    rows = request.dbsession.execute(
        select(Partner.slug, Partner.updated_at).where(Partner.published.is_(True))
        .order_by(Partner.id).limit(PARTNERS_PER_FILE)
        .offset((part - 1) * PARTNERS_PER_FILE)).all()
    if not rows:
        raise HTTPNotFound()
    languages = _languages(request)
    body = "".join(_entry({lang: request.route_url("public.partner", lang=lang, slug=slug)
                           for lang in languages}, updated.date().isoformat())
                   for slug, updated in rows)
    return _xml(URLSET + body + "</urlset>\n")


@view_config(route_name="public.robots", permission="view", request_method="GET")
def robots(request):
    text = ("User-agent: *\nDisallow: /admin/\nDisallow: /account\nDisallow: /login\n"
            f"Sitemap: {request.route_url('public.sitemap')}\n")
    return Response(text, content_type="text/plain", charset="utf-8")

"""The public search page ``/{lang}/search``: words and facets in one GET form, so that it
works without JavaScript and every state of it has an address."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pyramid.view import view_config

from ..i18n import _
from ..services import site_search
from .api_partners import utc_now
from .paging import page_number
from ..labels import CATEGORY_LABELS, ENVIE_LABELS
from .public import check_language

PAGE_SIZE = 20
# Facet values are slugs; anything else, or more of them than a form offers, is dropped.
CHOICE = re.compile(r"^[a-z0-9_-]{1,40}$")
MAX_CHOICES = 20
TYPE_LABELS = {
    "partner": _("Place"),
    "page": _("Page"),
    "news": _("News"),
    "event": _("Event"),
    "banner": _("Notice"),
}


@dataclass
class FacetOption:
    value: str
    label: Any
    count: int
    checked: bool


@dataclass
class Facet:
    param: str
    title: Any
    options: list[FacetOption]


@view_config(route_name="public.search", renderer="lanta:templates/search.pt",
             permission="view", request_method="GET")
def search_page(request):
    lang = check_language(request)
    query = site_search.SiteQuery(
        q=request.GET.get("q", "")[:200].strip(), lang=lang, types=_choices(request, "type"),
        categories=_choices(request, "category"), tags=_choices(request, "tag"),
        open_now=request.GET.get("open_now") == "1", limit=PAGE_SIZE)
    page = page_number(request)
    query.offset = (page - 1) * PAGE_SIZE
    found = site_search.search(request.dbsession, request.search_index, query, utc_now())
    pages = max(1, -(-found.total // PAGE_SIZE))

    def page_url(number: int) -> str:
        params: list[tuple[str, str]] = [("q", query.q)] if query.q else []
        params += [("type", v) for v in query.types]
        params += [("category", v) for v in query.categories]
        params += [("tag", v) for v in query.tags]
        if query.open_now:
            params.append(("open_now", "1"))
        if number > 1:
            params.append(("page", str(number)))
        return request.route_url("public.search", lang=lang, _query=params)

    facets = [
        _facet("type", _("Kind"), found.facets.get("type", {}), query.types, TYPE_LABELS),
        _facet("category", _("Category"), found.facets.get("category", {}),
               query.categories, CATEGORY_LABELS),
        _facet("tag", _("Envies"), found.facets.get("tags", {}), query.tags, ENVIE_LABELS),
    ]
    def link(url: str) -> str:
        """Documents give site paths (``/fr/partners/x``): made absolute like the site's
        other links; an external address is kept."""
        return request.application_url + url if url.startswith("/") and not \
            url.startswith("//") else url

    return {"lang": lang, "query": query, "found": found, "page": page, "pages": pages,
            "link": link,
            "page_url": page_url, "facets": [f for f in facets if f.options],
            "show_open_now": query.open_now or found.facets.get("type", {}).get("partner", 0),
            "type_labels": TYPE_LABELS, "category_labels": CATEGORY_LABELS,
            "page_title": _("Search")}


def _choices(request, name: str) -> tuple[str, ...]:
    values = [v for v in request.GET.getall(name) if CHOICE.match(v)]
    return tuple(dict.fromkeys(values))[:MAX_CHOICES]


def _facet(param: str, title: Any, counts: dict[str, int], chosen: tuple[str, ...],
           labels: dict[str, Any]) -> Facet:
    """Every value found, and those chosen even when nothing matches them any more (so
    that they can be unticked), most frequent first."""
    values = dict(counts)
    for value in chosen:
        values.setdefault(value, 0)
    options = [FacetOption(v, labels.get(v, v), n, v in chosen) for v, n in values.items()]
    options.sort(key=lambda o: (-o.count, str(o.label)))
    return Facet(param, title, options)

"""Traversal of the content tree: ``/{lang}/a/b/c`` walks from the language root through
the items by their slugs; what is left names a view (``@@edit``, ``@@history``…).

The route is added after every other route (core and add-ons), so the site's own pages
(``/fr/partners/``, ``/fr/search``…) win; their first segments are reserved names that
top-level items cannot take (:func:`reserved_names`).
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

from pyramid.httpexceptions import HTTPNotFound
from pyramid.interfaces import IRoutesMapper

from ..i18n import site_languages
from ..models import ContentItem
from ..security import Root
from ..services import content as content_service

ROUTE = "content"
LANG_PREFIX = re.compile(r"^/\{lang(?::[^/]*)?\}/([^/{*]+)")


class LanguageRoot:
    """The top of one language's tree (``/fr/``): it holds the top-level items."""

    item = None

    def __init__(self, request, language: str) -> None:
        self.request = request
        self.language = language
        self.__name__ = language
        self.__parent__ = Root(request)

    def __getitem__(self, name: str) -> "ContentResource":
        found = content_service.child(self.request.dbsession, self.language, None, name)
        if found is None:
            raise KeyError(name)
        return ContentResource(self.request, found, self)


class ContentResource:
    """One item of the tree. Its views answer 404 to visitors while it is not visible
    (not published, or outside its publication window); editors see it to preview it."""

    def __init__(self, request, item: ContentItem, parent) -> None:
        self.request = request
        self.item = item
        self.language = item.language
        self.__name__ = item.slug
        self.__parent__ = parent

    def __getitem__(self, name: str) -> "ContentResource":
        found = content_service.child(self.request.dbsession, self.language, self.item, name)
        if found is None:
            raise KeyError(name)
        return ContentResource(self.request, found, self)


def content_root(request) -> LanguageRoot:
    language = request.matchdict["lang"]
    if language not in site_languages(request):
        raise HTTPNotFound()
    return LanguageRoot(request, language)


def reserved_names(registry) -> frozenset[str]:
    """The first segments of the site's own visitor pages, which items cannot take."""
    mapper = registry.getUtility(IRoutesMapper)
    names = set()
    for route in mapper.get_routes():
        match = LANG_PREFIX.match(route.pattern)
        if match and route.name != ROUTE:
            names.add(match.group(1))
    return frozenset(names)


def item_url(request, item: ContentItem, view: str = "", **query) -> str:
    """The address of ``item`` (with ``@@view`` after it when given)."""
    return _url(f"{request.application_url}/{item.language}{item.path}", view, query)


def root_url(request, language: str, view: str = "", **query) -> str:
    """The address of a language's root (``/fr/``), with ``@@view`` when given."""
    return _url(f"{request.application_url}/{language}/", view, query)


def _url(base: str, view: str, query: dict) -> str:
    if view:
        base += f"@@{view}" if base.endswith("/") else f"/@@{view}"
    return base + ("?" + urlencode(query) if query else "")


def includeme(config) -> None:
    """Called by the wiring after the add-ons configured their routes."""
    config.add_route(ROUTE, "/{lang:[a-z]{2}}/*traverse", factory=content_root)

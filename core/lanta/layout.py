"""What every page's layout needs: site, menus, slots, themed asset URLs, language links.

Available in templates as ``ui`` (``request.ui``).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from babel import dates as babel_dates
from markupsafe import Markup
from pyramid.decorator import reify

from .i18n import KNOWN_LANGUAGES, _, site_languages
from .services import content as content_service
from .services.events import ZONE as OFFICE_ZONE
from .page_cache import SESSION_COOKIE
from .themes import resolve_template

CORE_STYLESHEET = "lanta:static/css/lanta.css"


class LayoutHelpers:
    def __init__(self, request) -> None:
        self.request = request

    @reify
    def site(self):
        return self.request.site

    @reify
    def user(self):
        return self.request.user

    @property
    def locale(self) -> str:
        return self.request.locale_name

    @reify
    def languages(self) -> list[tuple[str, str]]:
        return [(code, KNOWN_LANGUAGES[code]) for code in site_languages(self.request)]

    def language_url(self, lang: str) -> str:
        """This page in ``lang`` when its address carries the language (the visitor
        site), else that language's home page."""
        translations = getattr(self.request, "translation_urls", None)
        if translations is not None:  # a content page: its translations, by their paths
            return translations.get(lang) or self.request.route_url("public.home", lang=lang)
        route = self.request.matched_route
        matchdict = self.request.matchdict or {}
        if route is not None and "lang" in matchdict and self.request.method == "GET":
            return self.request.route_url(route.name, **{**matchdict, "lang": lang},
                                          _query=list(self.request.GET.items()))
        return self.request.route_url("public.home", lang=lang)

    @reify
    def alternates(self) -> list[tuple[str, str]]:
        """hreflang alternates of a visitor page, for the page's head."""
        if "lang" not in (self.request.matchdict or {}) or len(self.languages) < 2:
            return []
        translations = getattr(self.request, "translation_urls", None)
        return [(code, self.language_url(code)) for code, _name in self.languages
                if translations is None or code in translations]

    @reify
    def navigation(self) -> list[tuple[str, str]]:
        """The visitor site's main menu: its own sections, then the top-level items
        editors put in the navigation, as (title, url)."""
        lang = (self.request.matchdict or {}).get("lang")
        if lang not in dict(self.languages):
            return []
        url = self.request.route_url
        entries = [(self.translate(_("Where to go")), url("public.partners", lang=lang)),
                   (self.translate(_("I feel like…")), url("public.envies", lang=lang)),
                   (self.translate(_("Around me")), url("public.around", lang=lang)),
                   (self.translate(_("News")), url("public.news", lang=lang))]
        now = content_service.utc_now()
        for item in content_service.children(self.request.dbsession, lang, None, now=now,
                                             navigation_only=True):
            entries.append((item.live_title, f"{self.request.application_url}/{lang}{item.path}"))
        return entries

    def asset_url(self, spec: str) -> str:
        theme = self.request.theme
        override = theme.static_override(spec) if theme is not None else None
        return self.request.static_url(override or spec)

    def original_template(self, spec: str):
        """The template of ``spec`` as its package ships it, whatever the theme: a theme's
        override reuses the original's macros through it (``ui.original_template(...)``)."""
        return self.request.registry.lanta_templates.get(resolve_template(spec, None))

    @reify
    def stylesheets(self) -> list[str]:
        urls = [self.asset_url(CORE_STYLESHEET)]
        theme = self.request.theme
        if theme is not None and theme.stylesheet:
            urls.append(self.request.static_url(theme.stylesheet))
        return urls

    def template(self, spec: str):
        """A template by asset spec, looked up in the active theme first: for macros
        shared by several pages (``ui.template(spec).macros['name']``)."""
        return self.request.registry.lanta_templates.for_request(spec, self.request)

    def slot(self, name: str) -> Markup:
        parts = [p for p in self.request.hooks.lanta_page_slot(request=self.request, slot=name)
                 if p]
        return Markup("\n").join(Markup(p) if not isinstance(p, Markup) else p for p in parts)

    @reify
    def admin_menu(self) -> list:
        return self._allowed(self.request.hooks.lanta_admin_menu(request=self.request))

    @reify
    def admin_menu_sections(self) -> list[tuple[Any, str | None, list]]:
        """``(section, its heading's id, entries)`` of the admin menu, each section where
        its first entry falls; sections of the same wording (two add-ons' "Reports") are
        one. The entries without a section have neither heading nor id."""
        groups: dict[str, tuple[Any, list]] = {}
        for entry in self.admin_menu:
            key = self.request.localizer.translate(entry.section) if entry.section else ""
            groups.setdefault(key, (entry.section, []))[1].append(entry)
        return [(section, f"admin-menu-{n}" if key else None, entries)
                for n, (key, (section, entries)) in enumerate(groups.items())]

    @reify
    def account_links(self) -> list:
        """The enabled add-ons' links for the logged-in account (``lanta_account_links``)."""
        if self.request.user is None:
            return []
        return self._allowed(self.request.hooks.lanta_account_links(request=self.request))

    def _allowed(self, results) -> list:
        entries = [entry for result in results for entry in result or ()]
        allowed = [e for e in entries if self.request.has_permission(e.permission)]
        localizer = self.request.localizer
        return sorted(allowed, key=lambda e: (e.order, localizer.translate(e.title)))

    def is_current(self, url: str) -> bool:
        path = self.request.path_url
        return path == url or (url.rstrip("/") != self.request.application_url
                               and path.startswith(url.rstrip("/") + "/"))

    @reify
    def current_menu_url(self) -> str | None:
        """The admin menu entry of this page: the longest URL that contains it, so that
        the dashboard (``/admin/``) is not marked current on every admin page."""
        matches = [e.url for e in self.admin_menu if self.is_current(e.url)]
        return max(matches, key=len) if matches else None

    @reify
    def flash_messages(self) -> list:
        """Messages left for this visitor. Without a session cookie there are none, and
        the session is not touched: an anonymous page then sets no cookie and can be
        cached (see lanta.page_cache)."""
        if SESSION_COOKIE not in self.request.cookies:
            return []
        return self.request.session.pop_flash()

    @reify
    def csrf_token(self) -> str:
        return self.request.session.get_csrf_token()

    def translate(self, message) -> str:
        return self.request.localizer.translate(message)

    def format_date(self, value, format: str = "long") -> str:
        """A date (or the date of an aware datetime, in the office's time zone) as the
        page's language writes it: "2 mai 2026", "May 2, 2026"."""
        if isinstance(value, dt.datetime):
            value = value.astimezone(OFFICE_ZONE).date()
        return babel_dates.format_date(value, format=format, locale=self.locale)

    def home_url(self) -> str:
        return self.request.route_url("public.home", lang=self.locale
                                      if self.locale in dict(self.languages) else "fr")

"""Wiring of the application: database, plugins, security, i18n, rendering, add-ons.

Included by :func:`lanta.make_configurator`. The core's defaults go through the same
public Pyramid API that add-ons use.
"""
from __future__ import annotations

import logging

from pyramid.httpexceptions import HTTPNotFound
from pyramid.viewderivers import INGRESS
from pyramid.session import SignedCookieSessionFactory
from pyramid_mailer import _set_mailer
from pyramid_mailer.mailer import DebugMailer, Mailer

from . import models
from .app_settings import ConfigurationError
from .i18n import negotiate_locale
from .layout import LayoutHelpers
from .plugins import build_plugin_manager, package_of
from .page_cache import SESSION_COOKIE, PageCache
from .rendering import TemplateCache, renderer_factory
from .security import Root, SecurityPolicy, load_user
from .services import search_sync, site_settings
from .services.search import SearchIndex
from .themes import discover_themes

log = logging.getLogger(__name__)


def _dbsession(request):
    registry = request.registry
    dbsession = request.environ.get("app.dbsession")  # a test's own session
    if dbsession is None:
        dbsession = models.get_tm_session(registry.lanta_session_factory, request.tm, request)
    return dbsession


def _search_index(request) -> SearchIndex:
    return request.environ.get("lanta.search_index") or request.registry.lanta_search_index


def _site(request):
    return site_settings.load(request.dbsession)


def _enabled_addons(request) -> frozenset[str]:
    pm = request.registry.lanta_plugins
    loaded = {a.name for a in pm.loaded_addons()}
    return frozenset(n for n in request.site.enabled_addons if n in loaded)


def _hooks(request):
    return request.registry.lanta_plugins.hooks_for(request.enabled_addons)


def _theme(request):
    themes = request.registry.lanta_themes
    return themes.get(request.site.theme) or themes.get("default")


def addon_gate(view, info):
    """Answer 404 from every view of an add-on while that add-on is disabled."""
    pm = info.registry.lanta_plugins
    package = getattr(info.package, "__name__", None)
    addon = pm.addon_for_package(package)
    if addon is None:
        return view

    def gated_view(context, request):
        if addon not in request.enabled_addons:
            raise HTTPNotFound()
        return view(context, request)

    return gated_view


def _configure_mailer(config, app_settings) -> None:
    settings = config.registry.settings
    folder = settings.get("lanta.mail.folder")
    if folder:
        mailer = DebugMailer(folder)
    else:
        mailer = Mailer.from_settings(settings, "mail.")
    _set_mailer(config, mailer)


def includeme(config) -> None:
    registry = config.registry
    app_settings = registry.lanta_settings
    settings = registry.settings

    engine = models.get_engine(app_settings.database_url, pool_pre_ping=True)
    registry.lanta_engine = engine
    registry.lanta_session_factory = models.get_session_factory(engine)
    try:
        registry.lanta_search_index = SearchIndex(app_settings.search_index_dir)
    except OSError as exc:
        raise ConfigurationError(
            f"The search index folder {app_settings.search_index_dir} cannot be used "
            f"({exc.strerror or exc}); set lanta.search.index_dir to a folder this user "
            "may write.") from exc
    pm = build_plugin_manager(app_settings.addons_allowed, strict=app_settings.addons_strict)
    registry.lanta_plugins = pm
    search_sync.install(registry.lanta_session_factory, registry.lanta_search_index, pm)
    registry.lanta_themes = discover_themes()
    registry.lanta_templates = TemplateCache(auto_reload=app_settings.reload_templates)

    registry.lanta_page_cache = (
        PageCache(engine, max_age=app_settings.page_cache_max_age)
        if app_settings.page_cache else None)

    config.include("pyramid_tm")
    config.include("pyramid_retry")
    config.registry.settings.setdefault("tm.annotate_user", False)
    config.set_root_factory(Root)
    config.set_security_policy(SecurityPolicy())
    config.set_session_factory(SignedCookieSessionFactory(
        app_settings.secret, cookie_name=SESSION_COOKIE, httponly=True, samesite="Lax",
        secure=app_settings.cookie_secure, timeout=app_settings.session_timeout,
        reissue_time=600))
    config.set_default_csrf_options(require_csrf=True)
    config.set_locale_negotiator(negotiate_locale)
    config.add_translation_dirs("colander:locale", "deform:locale", "lanta:locale")
    _configure_mailer(config, app_settings)

    config.add_request_method(_dbsession, "dbsession", reify=True)
    config.add_request_method(_site, "site", reify=True)
    config.add_request_method(_search_index, "search_index", reify=True)
    config.add_request_method(_enabled_addons, "enabled_addons", reify=True)
    config.add_request_method(_hooks, "hooks", reify=True)
    config.add_request_method(_theme, "theme", reify=True)
    config.add_request_method(load_user, "user", reify=True)
    config.add_request_method(LayoutHelpers, "ui", reify=True)

    config.add_renderer(".pt", renderer_factory)
    # Outermost, so that a disabled add-on answers 404 before any permission or CSRF check.
    config.add_view_deriver(addon_gate, under=INGRESS, over="secured_view")
    config.include(".forms")
    config.include(".logging_tween")
    config.include(".security_headers")
    config.include(".write_intent")

    config.add_static_view("static", "lanta:static", permission="view", cache_max_age=3600)
    # deform's scripts and widget stylesheets, which the layout includes for forms that need them.
    config.add_static_view("deform", "deform:static", permission="view", cache_max_age=3600)
    # Leaflet for maps, from its XStatic package: served by the site itself, no CDN.
    config.add_static_view("vendor/leaflet", "xstatic.pkg.leaflet:data", permission="view",
                           cache_max_age=86400)
    for theme in registry.lanta_themes.values():
        config.add_static_view(f"themes/{theme.name}", f"{theme.package}:static",
                               permission="view", cache_max_age=3600)
    config.include(".views")

    for impl in reversed(pm.hook.lanta_configure.get_hookimpls()):
        if impl.plugin_name in pm.addons:
            impl.function(config=config.with_package(package_of(impl.plugin)))
        else:
            impl.function(config=config)
    # Last, so that every named page of the core and the add-ons wins over the tree.
    config.include(".views.content_resources")
    config.commit()

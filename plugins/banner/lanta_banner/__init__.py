"""Lanta add-on ``banner``: practical notices shown across the site.

"Fermeture exceptionnelle du BIT le 25 décembre", "Alerte orange orages", "Route du col
fermée": editors publish a notice with a level, a text per language, an optional link and
a period; it shows at the top of every public page while in force, on partner pages when
asked, in the search index, in the JSON API and on the command line.

This module holds the add-on's hook implementations (one per hook of the core); the
logic lives in :mod:`.services`, the HTML in :mod:`.presentation` and the templates.
"""
from __future__ import annotations

from pathlib import Path

from lanta.addon_api import (
    AdminMenuEntry,
    DashboardWidget,
    PartnerPanel,
    PermissionGrant,
    hookimpl,
)
from lanta.services import site_settings as site_settings_service

from . import presentation, services
from .i18n import _

MANAGE = "banner.manage"
MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"


@hookimpl
def lanta_configure(config) -> None:
    config.add_translation_dirs("lanta_banner:locale")
    config.add_static_view("banner/static", "lanta_banner:static", permission="view",
                           cache_max_age=3600)
    config.add_route("banner.admin.list", "/admin/banner/")
    config.add_route("banner.admin.add", "/admin/banner/add")
    config.add_route("banner.admin.edit", "/admin/banner/{id:\\d+}/edit")
    config.add_route("banner.admin.delete", "/admin/banner/{id:\\d+}/delete")
    config.add_route("banner.public.list", "/{lang:[a-z]{2}}/banner/")
    config.add_route("banner.api.current", "/api/v1/banner/current")
    config.scan(".views")


@hookimpl
def lanta_migration_locations() -> str:
    return str(MIGRATIONS)


@hookimpl
def lanta_permissions() -> list[PermissionGrant]:
    return [PermissionGrant(MANAGE, ("editor", "staff"))]


@hookimpl
def lanta_admin_menu(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Banners"), request.route_url("banner.admin.list"), MANAGE,
                           order=200, name="banner.admin")]


@hookimpl
def lanta_dashboard_widgets(request) -> list[DashboardWidget]:
    body = presentation.fragment("widget.pt", request,
                                 count=services.count_current(request.dbsession))
    return [DashboardWidget(_("Practical notices"), body, permission=MANAGE, order=50)]


@hookimpl
def lanta_page_slot(request, slot: str):
    if slot not in ("head", "header") or request.path.startswith(("/admin/", "/api/")):
        return None
    notices = presentation.current_for_request(request)
    if not notices:
        return None
    if slot == "head":  # also styles this page's own list and partner panels
        return presentation.stylesheet_link(request)
    if not presentation.shows_header(request):
        return None
    lang = request.locale_name
    return presentation.fragment(
        "header_slot.pt", request,
        notices=[presentation.present(n, lang) for n in notices])


@hookimpl
def lanta_partner_panels(request, partner) -> list[PartnerPanel]:
    notices = services.current(request.dbsession, partner_pages=True)
    if not notices:
        return []
    lang = request.locale_name
    body = presentation.fragment("partner_panel.pt", request, partner=partner,
                                 notices=[presentation.present(n, lang) for n in notices])
    return [PartnerPanel(_("Practical notices"), body, order=10)]


@hookimpl
def lanta_search_documents(dbsession):
    languages = site_settings_service.load(dbsession).languages or ["fr"]
    return services.search_documents(dbsession, languages)


@hookimpl
def lanta_openapi_paths(request) -> dict:
    from .openapi import paths

    return paths()


@hookimpl
def lanta_cli(cli) -> None:
    from .cli import banner

    cli.add_command(banner)


@hookimpl
def lanta_demo(dbsession, site_settings) -> None:
    services.load_demo(dbsession)


@hookimpl
def lanta_purge(dbsession) -> None:
    services.purge(dbsession)

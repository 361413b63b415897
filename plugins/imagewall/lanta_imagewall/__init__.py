"""Lanta add-on ``imagewall``: the crowdsourced image wall, its screens and its web TV.

Visitors, residents and partners send photos and short clips from their phones (no
account needed); partners and the office add webcams. The office only selects and
edits: a moderation queue approves, rejects, features. Approved items make a public
mosaic, show on the partners' pages, and play in a loop on the oasis screens and the
town's web TV, each screen following a named playlist; third-party signage players read
the same through the JSON feed ``/api/v1/imagewall/…``.

This module holds the hook implementations; addresses are in :mod:`.routes`, the logic
in :mod:`.services`, the pages in the modules of ``PAGES``.
"""
from __future__ import annotations

from pathlib import Path

from lanta.addon_api import PermissionGrant, from_page_modules, hookimpl

MODERATE = "imagewall.moderate"
MANAGE = "imagewall.manage"
MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"
# The modules holding the add-on's pages; each has ``includeme`` and may have
# ``menu_entries`` and ``dashboard_widgets``.
PAGES: tuple[str, ...] = ("contribute", "moderation", "webcams", "wall", "api", "screens",
                          "playlists", "figures")


@hookimpl
def lanta_configure(config) -> None:
    """The add-on's pages (gated: 404 while the add-on is disabled), its translations,
    and the processing worker started with the application."""
    config.add_translation_dirs("lanta_imagewall:locale")
    config.include(".routes")
    for pages in PAGES:
        config.include(f".{pages}")
    config.include(".worker")


@hookimpl
def lanta_migration_locations() -> str:
    """The branch ``imagewall`` (first revision ``imagewall_0001``)."""
    return str(MIGRATIONS)


@hookimpl
def lanta_permissions() -> list[PermissionGrant]:
    """``imagewall.moderate``: the moderation queue, items, webcams and contributors'
    removals (editors and staff). ``imagewall.manage``: playlists and figures (staff).
    Partners reach their own webcams with the core's ``partner.self``."""
    return [PermissionGrant(MODERATE, ("editor", "staff")),
            PermissionGrant(MANAGE, ("staff",))]


@hookimpl
def lanta_admin_menu(request):
    return from_page_modules(__name__, PAGES, "menu_entries", request)


@hookimpl
def lanta_dashboard_widgets(request):
    return from_page_modules(__name__, PAGES, "dashboard_widgets", request)


@hookimpl
def lanta_partner_panels(request, partner):
    """"On the image wall": the listing's approved items, newest first."""
    from .wall import partner_panels

    return partner_panels(request, partner)


@hookimpl
def lanta_partner_space_links(request, partner):
    """"My webcams" beside each listing on a partner account's space."""
    from .webcams import partner_space_links

    return partner_space_links(request, partner)


@hookimpl
def lanta_openapi_paths(request) -> dict:
    """``/api/v1/imagewall/items``, ``/api/v1/imagewall/items/{id}``,
    ``/api/v1/imagewall/playlists`` and ``/api/v1/imagewall/playlists/{slug}``."""
    from .openapi import paths

    return paths()


@hookimpl
def lanta_cli(cli) -> None:
    """``lanta imagewall process``: make the renditions of queued uploads now."""
    from .cli import imagewall

    cli.add_command(imagewall)


@hookimpl
def lanta_demo(dbsession, site_settings, uploads_dir):
    """A dozen approved photos (drawn, not downloaded), one featured, two waiting for
    moderation, and two playlists ("web-tv" and "oasis-centre"). No webcam: a demo
    address would show a broken image."""
    from .services.demo import load_demo

    return load_demo(dbsession, uploads_dir)


@hookimpl
def lanta_purge(dbsession, uploads_dir) -> None:
    """Every row of the add-on, and its files."""
    from .services.demo import purge

    purge(dbsession, uploads_dir)

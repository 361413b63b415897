"""Lanta add-on ``vip``: the VIP visitor card ("Visiteur In Pau Lanta").

Handed at check-in, the card (NFC chip, signed QR code, printed number) carries the
visitor's stay, party, interests and language; partners' terminals scan it and show the
offers fitted to that visitor, then record the one granted, once per request.

This module holds the add-on's hook implementations; the logic lives in
:mod:`.services`, the terminal API in :mod:`.api`, the command line in :mod:`.cli`.
"""
from __future__ import annotations

from pathlib import Path

from lanta.addon_api import (AdminMenuEntry, DashboardWidget, PartnerPanel,
                             PermissionGrant, from_page_modules, hookimpl)

from .i18n import _

ISSUE = "vip.issue"
MANAGE = "vip.manage"
MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"
# The modules holding the add-on's HTML pages; each has ``includeme``, ``menu_entries``
# and ``dashboard_widgets``.
PAGES = ("office_cards", "office_offers", "terminal_page", "card_page")


@hookimpl
def lanta_configure(config) -> None:
    """The terminal API's routes (gated: 404 while the add-on is disabled) and the
    translation directory."""
    config.add_translation_dirs("lanta_vip:locale")
    config.add_route("vip.api.pair", "/api/v1/vip/terminals/pair")
    config.add_route("vip.api.scan", "/api/v1/vip/scan")
    config.add_route("vip.api.redemptions", "/api/v1/vip/redemptions")
    config.scan(".api")
    for pages in PAGES:
        config.include(f".{pages}")


@hookimpl
def lanta_migration_locations() -> str:
    """The branch ``vip`` (first revision ``vip_0001``, depends on ``core_0002``)."""
    return str(MIGRATIONS)


@hookimpl
def lanta_permissions() -> list[PermissionGrant]:
    """``vip.issue``: issue, re-issue and block cards (welcome staff). ``vip.manage``:
    approve offers, manage terminals, reports, a visitor's export and erasure (staff).
    Editors hold neither: cards carry personal data they have no need to see. The admin
    holds both, as every permission."""
    return [PermissionGrant(ISSUE, ("staff",)), PermissionGrant(MANAGE, ("staff",))]


@hookimpl
def lanta_admin_menu(request) -> list[AdminMenuEntry]:
    """The office's pages: cards, terminals, offers, reports."""
    return from_page_modules(__name__, PAGES, "menu_entries", request)


@hookimpl
def lanta_dashboard_widgets(request) -> list[DashboardWidget]:
    """Cards issued, scans and redemptions, offers waiting for approval."""
    return from_page_modules(__name__, PAGES, "dashboard_widgets", request)


@hookimpl
def lanta_partner_panels(request, partner) -> list[PartnerPanel]:
    """"With the VIP card": the partner's approved offers valid today, for visitors."""
    from .office_offers import partner_panels

    return partner_panels(request, partner)


@hookimpl
def lanta_partner_space_links(request, partner) -> list[AdminMenuEntry]:
    """"My VIP offers" beside each listing on a partner account's space."""
    return [AdminMenuEntry(_("My VIP offers"), request.route_url(
        "vip.partner_offers.list", slug=partner.slug), "partner.self", order=50)]


@hookimpl
def lanta_openapi_paths(request) -> dict:
    """``/api/v1/vip/terminals/pair``, ``/api/v1/vip/scan``, ``/api/v1/vip/redemptions``."""
    from .openapi import paths

    return paths()


@hookimpl
def lanta_cli(cli) -> None:
    """``lanta vip terminal add|code|list|revoke``, ``lanta vip card issue|block``,
    ``lanta vip anonymise``."""
    from .cli import vip

    cli.add_command(vip)


@hookimpl
def lanta_demo(dbsession, site_settings) -> list[str]:
    """Approved offers on the demo partners that exist, a terminal waiting for its tablet
    and a card; returns how to try them (the pairing code, the card's number)."""
    from .services.demo import load_demo

    return load_demo(dbsession)


@hookimpl
def lanta_purge(dbsession) -> None:
    """Every row of the add-on, and its retention setting in the core's table."""
    from .services.demo import purge

    purge(dbsession)

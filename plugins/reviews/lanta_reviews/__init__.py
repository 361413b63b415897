"""Lanta add-on ``reviews``: official testers and their reviews ("Tous prescripteurs").

Residents and tourism professionals apply to become the office's testers; accepted, they
declare the places they test and write reviews. The rule is to talk about what we love:
reviews rated at or above the threshold are moderated and published, the others reach the
office as private feedback. The office pays a share of each test's cost.

This module holds the hook implementations; the logic lives in :mod:`.services`, the
pages in the modules of ``PAGES``.
"""
from __future__ import annotations

from pathlib import Path

from lanta.addon_api import (AdminMenuEntry, DashboardWidget, PartnerPanel,
                             PermissionGrant, from_page_modules, hookimpl)

WRITE = "reviews.write"
MODERATE = "reviews.moderate"
MANAGE = "reviews.manage"
MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"
# The modules holding the add-on's pages; each has ``includeme``, ``menu_entries``
# and ``dashboard_widgets``.
PAGES = ("recruitment", "testing", "moderation", "display", "costs")


@hookimpl
def lanta_configure(config) -> None:
    """The add-on's pages (gated: 404 while the add-on is disabled) and translations."""
    config.add_translation_dirs("lanta_reviews:locale")
    for pages in PAGES:
        config.include(f".{pages}")


@hookimpl
def lanta_migration_locations() -> str:
    """The branch ``reviews`` (first revision ``reviews_0001``, depends on ``core_0007``)."""
    return str(MIGRATIONS)


@hookimpl
def lanta_permissions() -> list[PermissionGrant]:
    """``reviews.write``: declare tests, write reviews, claim the office's share (testers).
    ``reviews.moderate``: decide applications, moderate, read private feedback, unpublish
    (staff and editors). ``reviews.manage``: the season's share, cap and budget, claims
    and their report (staff). The admin holds all three, as every permission."""
    return [PermissionGrant(WRITE, ("tester",)),
            PermissionGrant(MODERATE, ("staff", "editor")),
            PermissionGrant(MANAGE, ("staff",))]


@hookimpl
def lanta_user_roles(dbsession, user) -> list[str]:
    """``tester`` for an active tester whose account holds another role (a partner
    account accepted as tester keeps its listings)."""
    from .services.testers import tester_for_user

    tester = tester_for_user(dbsession, user.id)
    return ["tester"] if tester is not None and tester.active else []


@hookimpl
def lanta_admin_menu(request) -> list[AdminMenuEntry]:
    return from_page_modules(__name__, PAGES, "menu_entries", request)


@hookimpl
def lanta_dashboard_widgets(request) -> list[DashboardWidget]:
    return from_page_modules(__name__, PAGES, "dashboard_widgets", request)


@hookimpl
def lanta_partner_panels(request, partner) -> list[PartnerPanel]:
    """"Les coups de cœur de nos testeurs": the partner's published reviews."""
    from .display import partner_panels

    return partner_panels(request, partner)


@hookimpl
def lanta_partner_space_links(request, partner) -> list[AdminMenuEntry]:
    """"Reviews of my place" beside each listing on a partner account's space."""
    from .i18n import _

    return [AdminMenuEntry(_("Reviews of my place"), request.route_url(
        "reviews.partner_reviews", slug=partner.slug), "partner.self", order=55)]


@hookimpl
def lanta_search_boosts(dbsession, keys) -> dict[str, float]:
    """Partners recommended by more published reviews rank higher."""
    from .services.ranking import search_boosts

    return search_boosts(dbsession, keys)


@hookimpl
def lanta_demo(dbsession, site_settings) -> list[str]:
    """A tester with published reviews and a private feedback on the demo partners, and
    this season's share and budget; returns how to log in as her."""
    from .services.demo import load_demo

    return load_demo(dbsession)


@hookimpl
def lanta_purge(dbsession) -> None:
    """Every row of the add-on, its pictures and its settings in the core's table."""
    from .services.demo import purge

    purge(dbsession)


@hookimpl
def lanta_account_links(request) -> list[AdminMenuEntry]:
    """"My tests" in the header, for testers; "My tester profile" for a tester whose
    role ended (the public profile stays theirs to change or empty)."""
    from .i18n import _
    from .services.testers import tester_for_user

    tester = tester_for_user(request.dbsession, request.user.id)
    if tester is None:
        return []
    if tester.active:
        return [AdminMenuEntry(_("My tests"), request.route_url("reviews.my"), WRITE)]
    return [AdminMenuEntry(_("My tester profile"), request.route_url("reviews.profile"),
                           "account.edit")]

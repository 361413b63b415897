"""Lanta add-on ``spectrospoke``: immersive clips of the activities, booked at the hotel.

The office films its activities (rafting, tree-top adventure, paragliding, canyoning) in
360°; partner hotels lend headsets whose kiosk shows the catalogue and plays the clips,
and a guest books the activity there. The activity partner confirms or declines; a
confirmed booking gets a voucher with a QR code, which the partner validates once on
arrival. Each hotel earns a commission on what it sold, shown in monthly statements.

This module holds the hook implementations; addresses are in :mod:`.routes`, the logic
in :mod:`.services`, the pages in the modules of ``PAGES``.
"""
from __future__ import annotations

from pathlib import Path

from lanta.addon_api import PermissionGrant, from_page_modules, hookimpl

EDIT = "spectrospoke.edit"
MANAGE = "spectrospoke.manage"
MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"
# The modules holding the add-on's pages; each has ``includeme``, ``menu_entries``
# and ``dashboard_widgets``.
PAGES: tuple[str, ...] = ("clips", "hotels", "kiosk", "booking", "statements", "figures")


@hookimpl
def lanta_configure(config) -> None:
    """The add-on's pages (gated: 404 while the add-on is disabled) and translations."""
    config.add_translation_dirs("lanta_spectrospoke:locale")
    config.include(".routes")
    for pages in PAGES:
        config.include(f".{pages}")


@hookimpl
def lanta_migration_locations() -> str:
    """The branch ``spectrospoke`` (first revision ``spectrospoke_0001``, depends on
    ``core_0002``)."""
    return str(MIGRATIONS)


@hookimpl
def lanta_permissions() -> list[PermissionGrant]:
    """``spectrospoke.edit``: the clip catalogue (editors and staff).
    ``spectrospoke.manage``: hotels, headsets, commission rates, activities and their
    slots, every booking, statements and figures (staff). Partners reach their own
    listing's pages with the core's ``partner.self``."""
    return [PermissionGrant(EDIT, ("editor", "staff")), PermissionGrant(MANAGE, ("staff",))]


@hookimpl
def lanta_admin_menu(request):
    return from_page_modules(__name__, PAGES, "menu_entries", request)


@hookimpl
def lanta_dashboard_widgets(request):
    return from_page_modules(__name__, PAGES, "dashboard_widgets", request)


@hookimpl
def lanta_partner_space_links(request, partner):
    """"My bookings", "My slots" and "Check a voucher" for an activity's own account."""
    from .booking import partner_space_links

    return partner_space_links(request, partner)


@hookimpl
def lanta_demo(dbsession, site_settings, uploads_dir):
    """Three activities with slots, the Hôtel du Gave with a headset (its kiosk address
    is told), three clips of the bundled sample video, a few views and bookings."""
    from .services.demo import load_demo

    return load_demo(dbsession, uploads_dir)


@hookimpl
def lanta_purge(dbsession, uploads_dir) -> None:
    """Every row of the add-on, and the clips' video files."""
    from .services.demo import purge

    purge(dbsession, uploads_dir)

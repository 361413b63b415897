"""The core's own behaviour written as hook implementations (registered as ``lanta.core``).

They are marked ``trylast`` so that an add-on's contribution comes first where order
matters. The core plugin is never disabled.
"""
from __future__ import annotations

from pathlib import Path

from .addon_api import AdminMenuEntry, PermissionGrant, hookimpl
from .i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


@hookimpl(trylast=True)
def lanta_migration_locations() -> str:
    return str(MIGRATIONS_DIR / "versions")


@hookimpl(trylast=True)
def lanta_permissions() -> list[PermissionGrant]:
    return [
        PermissionGrant("view", ("everyone",)),
        PermissionGrant("account.edit", ("authenticated",)),
        PermissionGrant("admin.access", ("editor", "reviewer", "staff")),
        PermissionGrant("partners.edit", ("editor", "reviewer", "staff")),
        # Content: editors write and submit; reviewers also publish, reject and unpublish.
        PermissionGrant("content.edit", ("editor", "reviewer")),
        PermissionGrant("content.review", ("reviewer",)),
        # A partner account edits its own listings (proposals approved by an editor).
        PermissionGrant("partner.self", ("partner",)),
        # admin.users, admin.settings and admin.addons: the admin only (holds every permission).
    ]


# The admin menu's headings of the core's pages.
SITE = _("Site")
ACCOUNTS_AND_SETTINGS = _("Accounts and settings")


@hookimpl(trylast=True)
def lanta_admin_menu(request) -> list[AdminMenuEntry]:
    return [
        AdminMenuEntry(_("Dashboard"), request.route_url("admin.dashboard"), "admin.access",
                       order=0, name="admin.dashboard"),
        AdminMenuEntry(_("Content"), request.route_url("admin.content"), "content.edit",
                       order=50, name="admin.content", section=SITE),
        AdminMenuEntry(_("Partners"), request.route_url("admin.partners.list"),
                       "partners.edit", order=100, name="admin.partners", section=SITE),
        AdminMenuEntry(_("Listing changes"), request.route_url("admin.partners.changes"),
                       "partners.edit", order=110, name="admin.partners.changes",
                       section=SITE),
        AdminMenuEntry(_("Users"), request.route_url("admin.users.list"), "admin.users",
                       order=900, name="admin.users", section=ACCOUNTS_AND_SETTINGS),
        AdminMenuEntry(_("Add-ons"), request.route_url("admin.addons"), "admin.addons",
                       order=910, name="admin.addons", section=ACCOUNTS_AND_SETTINGS),
        AdminMenuEntry(_("Site settings"), request.route_url("admin.settings"),
                       "admin.settings", order=920, name="admin.settings",
                       section=ACCOUNTS_AND_SETTINGS),
    ]

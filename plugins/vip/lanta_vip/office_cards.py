"""The office's pages for cards and terminals (welcome staff): issuing, re-issuing and
blocking cards, a visitor's export and erasure, the retention setting, pairing and
revoking terminals.

This module wires them: routes, the admin menu entries and the dashboard widget. The
views live in :mod:`.office_cards_views` (cards), :mod:`.office_cards_privacy`
(visitors' rights, retention) and :mod:`.office_cards_terminals`; their forms in
:mod:`.office_cards_forms`.
"""
from __future__ import annotations

from markupsafe import Markup
from pyramid.renderers import render

from lanta.addon_api import AdminMenuEntry, DashboardWidget

from .i18n import ADMIN_SECTION, _
from .office_cards_common import ISSUE, MANAGE, template
from .services import cards

ROUTES = (
    ("vip.cards.list", "/admin/vip/cards/"),
    ("vip.cards.issue", "/admin/vip/cards/issue"),
    ("vip.cards.view", "/admin/vip/cards/{id:\\d+}"),
    ("vip.cards.sheet", "/admin/vip/cards/{id:\\d+}/sheet"),
    ("vip.cards.reissue", "/admin/vip/cards/{id:\\d+}/reissue"),
    ("vip.cards.block", "/admin/vip/cards/{id:\\d+}/block"),
    ("vip.visitors.export", "/admin/vip/visitors/{id:\\d+}/export"),
    ("vip.visitors.erase", "/admin/vip/visitors/{id:\\d+}/erase"),
    ("vip.visitors.withdraw", "/admin/vip/visitors/{id:\\d+}/withdraw"),
    ("vip.settings", "/admin/vip/settings"),
    ("vip.settings.anonymise", "/admin/vip/settings/anonymise"),
    ("vip.terminals.list", "/admin/vip/terminals/"),
    ("vip.terminals.add", "/admin/vip/terminals/add"),
    ("vip.terminals.code", "/admin/vip/terminals/{id:\\d+}/code"),
    ("vip.terminals.revoke", "/admin/vip/terminals/{id:\\d+}/revoke"),
)
VIEW_MODULES = (".office_cards_views", ".office_cards_privacy", ".office_cards_terminals")


def includeme(config) -> None:
    """This module's routes and views."""
    for name, pattern in ROUTES:
        config.add_route(name, pattern)
    config.scan(__name__)
    for module in VIEW_MODULES:
        config.scan(module)


def menu_entries(request) -> list[AdminMenuEntry]:
    return [
        AdminMenuEntry(_("VIP cards"), request.route_url("vip.cards.list"), ISSUE,
                       order=300, name="vip.cards", section=ADMIN_SECTION),
        AdminMenuEntry(_("Terminals"), request.route_url("vip.terminals.list"), MANAGE,
                       order=320, name="vip.terminals", section=ADMIN_SECTION),
    ]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """Cards issued today and this week, and the cards that work now."""
    if not request.has_permission(ISSUE):
        return []  # the core would drop it anyway: spare the counting
    body = Markup(render(template("cards_widget.pt"),
                         {"counts": cards.issued_counts(request.dbsession)}, request=request))
    return [DashboardWidget(_("VIP cards"), body, permission=ISSUE, order=60)]

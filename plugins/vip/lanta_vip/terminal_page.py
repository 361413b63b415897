"""The partner's terminal page, made for a tablet: pairing once, then scan, see the
visitor's offers, redeem with one tap; redemptions queued while the network is away.

The page itself is static HTML whose texts the server translates (the request's
language: Accept-Language, or the logged-in user's choice); ``static/terminal.js`` does
the work against the terminal API (``vip.api.pair``, ``vip.api.scan``,
``vip.api.redemptions``) and reads every sentence it shows from the page's data
attributes. The tablet does not log in: it holds its own key, so the page needs only
the permission ``view``.
"""
from __future__ import annotations

from pyramid.view import view_config

from lanta.addon_api import AdminMenuEntry, DashboardWidget

from .i18n import _

ROUTE = "vip.terminal"


def includeme(config) -> None:
    """The terminal page's route and view, and the add-on's static files (CSS, JS)."""
    config.add_static_view("vip/static", "lanta_vip:static", permission="view",
                           cache_max_age=3600)
    config.add_route(ROUTE, "/vip/terminal")
    config.scan(__name__)


def menu_entries(request) -> list[AdminMenuEntry]:
    return []


def dashboard_widgets(request) -> list[DashboardWidget]:
    return []


@view_config(route_name=ROUTE, renderer="lanta_vip:templates/terminal.pt",
             permission="view", request_method="GET")
def terminal(request):
    # The page holds no personal data itself, but what the script writes into it does;
    # no cache between the tablet and the server should keep any of it.
    request.response.headers["Cache-Control"] = "no-store"
    request.response.headers["X-Robots-Tag"] = "noindex"
    return {
        "pair_url": request.route_path("vip.api.pair"),
        "scan_url": request.route_path("vip.api.scan"),
        "redeem_url": request.route_path("vip.api.redemptions"),
        "page_title": _("VIP card terminal"),
    }

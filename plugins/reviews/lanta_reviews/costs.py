"""Cost sharing's pages: the office's season terms, claims and report with its CSV
(``/admin/reviews/costs``, ``reviews.manage``), a claim's receipt for the office, and
the tester's "claim the office's share" button (``/reviews/my/tests/{id}/claim``,
``reviews.write``).

This module wires the routes and answers the add-on's hooks (menu entry, dashboard
widget); the views live in :mod:`.costs_views`, the CSV in :mod:`.costs_csv`.
"""
from __future__ import annotations

from markupsafe import Markup
from pyramid.renderers import render

from lanta.addon_api import AdminMenuEntry, DashboardWidget

from . import MANAGE
from .i18n import ADMIN_SECTION, _
from .services import claims, cost_report
from .services.seasons import format_euros


def includeme(config) -> None:
    config.add_route("reviews.costs.show", "/admin/reviews/costs")
    config.add_route("reviews.costs.csv", "/admin/reviews/costs.csv")
    config.add_route("reviews.claims.approve", "/admin/reviews/claims/{id:\\d+}/approve")
    config.add_route("reviews.claims.refuse", "/admin/reviews/claims/{id:\\d+}/refuse")
    config.add_route("reviews.claims.paid", "/admin/reviews/claims/{id:\\d+}/paid")
    config.add_route("reviews.claims.receipt", "/admin/reviews/claims/{id:\\d+}/receipt")
    config.add_route("reviews.my.claim", "/reviews/my/tests/{id:\\d+}/claim")
    config.scan(".costs_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Testers' costs"), request.route_url("reviews.costs.show"),
                           MANAGE, order=75, name="reviews.costs", section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"Testers' costs": claims waiting for a decision and what remains of the current
    season's budget."""
    if not request.has_permission(MANAGE):
        return []  # the core would drop it too; this spares the queries
    dbsession = request.dbsession
    year, remaining = cost_report.remaining_of_current_season(dbsession)
    body = render("lanta_reviews:templates/costs_widget.pt", {
        "waiting": claims.count_waiting(dbsession), "year": year,
        "remaining": format_euros(remaining)}, request=request)
    return [DashboardWidget(_("Testers' costs"), Markup(body), permission=MANAGE,
                            order=75)]

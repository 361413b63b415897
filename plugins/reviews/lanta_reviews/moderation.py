"""The office's moderation pages, the partner's reviews page with its report form, the
menu entries and the dashboard widget.

Routes (office, ``reviews.moderate`` unless said):
``/admin/reviews/`` the queue (pending, oldest first) with approve/reject;
``/admin/reviews/feedback`` the private feedback, passed on to partners on demand;
``/admin/reviews/published`` the published and unpublished reviews;
``/admin/reviews/reports`` the open reports (dismiss/uphold);
``/admin/reviews/{id}`` a review and its history;
``/admin/reviews/settings`` the threshold (``reviews.manage``).
Partner space: ``/partner/{slug}/reviews`` (``partner.self``, only a listing the
account keeps). The views live in :mod:`.moderation_views` and
:mod:`.moderation_partner`.
"""
from __future__ import annotations

from markupsafe import Markup
from pyramid.renderers import render

from lanta.addon_api import AdminMenuEntry, DashboardWidget

from .i18n import ADMIN_SECTION, _
from .services import moderation

MODERATE = "reviews.moderate"
MANAGE = "reviews.manage"


def includeme(config) -> None:
    config.add_route("reviews.moderation", "/admin/reviews/")
    config.add_route("reviews.feedback", "/admin/reviews/feedback")
    config.add_route("reviews.published", "/admin/reviews/published")
    config.add_route("reviews.reports", "/admin/reviews/reports")
    config.add_route("reviews.settings", "/admin/reviews/settings")
    config.add_route("reviews.detail", "/admin/reviews/{id:\\d+}")
    config.add_route("reviews.decide", "/admin/reviews/{id:\\d+}/decide")
    config.add_route("reviews.report_decide", "/admin/reviews/reports/{id:\\d+}/decide")
    config.add_route("reviews.partner_reviews", "/partner/{slug}/reviews")
    config.add_route("reviews.partner_report", "/partner/{slug}/reviews/{id:\\d+}/report")
    config.scan(".moderation_views")
    config.scan(".moderation_partner")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [
        AdminMenuEntry(_("Reviews to moderate"), request.route_url("reviews.moderation"),
                       MODERATE, order=70, name="reviews.moderation", section=ADMIN_SECTION),
        AdminMenuEntry(_("Testers' private feedback"), request.route_url("reviews.feedback"),
                       MODERATE, order=71, name="reviews.feedback", section=ADMIN_SECTION),
        AdminMenuEntry(_("Published reviews"), request.route_url("reviews.published"),
                       MODERATE, order=72, name="reviews.published", section=ADMIN_SECTION),
        AdminMenuEntry(_("Reports on reviews"), request.route_url("reviews.reports"),
                       MODERATE, order=73, name="reviews.reports", section=ADMIN_SECTION),
        AdminMenuEntry(_("Reviews settings"), request.route_url("reviews.settings"),
                       MANAGE, order=74, name="reviews.settings", section=ADMIN_SECTION),
    ]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"Testers' reviews": how many wait for moderation, how many reports are open."""
    if not request.has_permission(MODERATE):
        return []  # the core would drop it too; this spares the queries
    dbsession = request.dbsession
    body = render("lanta_reviews:templates/moderation_widget.pt", {
        "pending": moderation.count_status(dbsession, "pending"),
        "reports": moderation.count_open_reports(dbsession)}, request=request)
    return [DashboardWidget(_("Testers' reviews"), Markup(body), permission=MODERATE,
                            order=70)]

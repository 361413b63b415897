"""Recruitment and testers' profiles: the public "become a tester" form, the office's
applications and testers, the tester's own profile, and the public profiles.

This module wires the routes and answers what the hooks
ask of these pages (menu entries, the dashboard widget); the views live in
:mod:`.recruitment_apply`, :mod:`.recruitment_office`, :mod:`.recruitment_profile` and
:mod:`.recruitment_public`.
"""
from __future__ import annotations

from markupsafe import Markup
from pyramid.renderers import render

from lanta.addon_api import AdminMenuEntry, DashboardWidget

from .i18n import ADMIN_SECTION, _
from .services import applications, testers

MODERATE = "reviews.moderate"
WRITE = "reviews.write"


def includeme(config) -> None:
    """This part's routes and views (the add-on's static view is :mod:`.display`'s)."""
    config.add_route("reviews.apply", "/{lang:[a-z]{2}}/reviews/apply")
    config.add_route("reviews.apply.thanks", "/{lang:[a-z]{2}}/reviews/apply/thanks")
    config.add_route("reviews.testers.list", "/{lang:[a-z]{2}}/reviews/testers/")
    config.add_route("reviews.testers.show", "/{lang:[a-z]{2}}/reviews/testers/{slug}")
    config.add_route("reviews.applications.list", "/admin/reviews/applications")
    config.add_route("reviews.applications.accept",
                     "/admin/reviews/applications/{id:\\d+}/accept")
    config.add_route("reviews.applications.decline",
                     "/admin/reviews/applications/{id:\\d+}/decline")
    config.add_route("reviews.testers.office", "/admin/reviews/testers")
    config.add_route("reviews.testers.active", "/admin/reviews/testers/{id:\\d+}/active")
    config.add_route("reviews.profile", "/reviews/my/profile")
    config.scan(".recruitment_apply")
    config.scan(".recruitment_office")
    config.scan(".recruitment_profile")
    config.scan(".recruitment_public")


def menu_entries(request) -> list[AdminMenuEntry]:
    """The office's applications and testers; "My tester profile" for an account that
    has one (the admin holds ``reviews.write`` without being a tester)."""
    entries = [AdminMenuEntry(_("Tester applications"),
                              request.route_url("reviews.applications.list"), MODERATE,
                              order=70, name="reviews.applications", section=ADMIN_SECTION),
               AdminMenuEntry(_("Testers"), request.route_url("reviews.testers.office"),
                              MODERATE, order=71, name="reviews.testers",
                              section=ADMIN_SECTION)]
    user = request.user
    if user is not None and testers.tester_for_user(request.dbsession, user.id):
        entries.append(AdminMenuEntry(_("My tester profile"),
                                      request.route_url("reviews.profile"), WRITE,
                                      order=72, name="reviews.profile"))
    return entries


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"Tester applications": how many wait for an answer."""
    if not request.has_permission(MODERATE):
        return []  # the core would drop it too; this spares the query
    body = render("lanta_reviews:templates/applications_widget.pt",
                  {"pending": applications.count_pending(request.dbsession)},
                  request=request)
    return [DashboardWidget(_("Tester applications"), Markup(body), permission=MODERATE,
                            order=70)]

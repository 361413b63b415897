"""The conversion figures: the page, its menu entry and the dashboard widget.

Route ``spectrospoke.figures`` (``spectrospoke.manage``): over ``?from=&to=``
(``YYYY-MM-DD``, the last 30 office days by default), views and bookings per clip and
per hotel with the conversion, and per-day bar charts of the views and the bookings.
The views live in :mod:`.figures_views`; which bookings count is said in
:mod:`.services.figures` (all but the cancelled ones).
"""
from __future__ import annotations

from markupsafe import Markup
from pyramid.renderers import render

from lanta import reporting
from lanta.addon_api import AdminMenuEntry, DashboardWidget

from . import MANAGE
from .hotels import percent
from .i18n import ADMIN_SECTION, _
from .services import figures as service

WIDGET_DAYS = 30


def includeme(config) -> None:
    config.scan(".figures_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Clip figures"), request.route_url("spectrospoke.figures"),
                           MANAGE, order=95, name="spectrospoke.figures",
                           section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"Clips: the last 30 days": views, bookings, conversion and a chart of the views."""
    if not request.has_permission(MANAGE):
        return []  # the core would drop it too; this spares the queries
    period = reporting.last_days(WIDGET_DAYS)
    figures = service.figures(request.dbsession, period, request.locale_name)
    body = render("lanta_spectrospoke:templates/figures_widget.pt", {
        "total": figures.total, "share": lambda c: share(c, request.locale_name),
        "chart": reporting.bar_chart(day_values(figures, "views", request.locale_name)),
        "chart_label": _("Clip views per day"), "days": WIDGET_DAYS}, request=request)
    return [DashboardWidget(_("Clips: the last 30 days"), Markup(body), permission=MANAGE,
                            order=95)]


def share(conversion: service.Conversion, locale: str) -> str:
    """The conversion as a percentage ("12,5 %"), "–" without views."""
    rate = conversion.rate
    # Rounded to a tenth of a percent (ten basis points).
    return "–" if rate is None else percent(round(rate * 1000) * 10, locale)


def day_values(figures: service.Figures, which: str, locale: str) -> list[reporting.Point]:
    """One point per day of the period (days without any included)."""
    per_day = figures.views_per_day if which == "views" else figures.bookings_per_day
    return reporting.day_points([(day, per_day.get(day, 0)) for day in figures.period.days],
                                locale)

"""The wall's figures: the page, its menu entry and the dashboard widget.

Route ``imagewall.figures`` (``imagewall.manage``): over ``?from=&to=`` (``YYYY-MM-DD``,
the last 30 office days by default), the contributions per day (a bar chart and its
table), per kind, the approval rate, the queue, the top places and activities;
``?format=csv`` downloads the contributions per day. The widget (``imagewall.moderate``)
shows the last 7 days' contributions, the approval rate over 30 days and the top three
places. The views live in :mod:`.figures_views`; what counts is said in
:mod:`.services.figures`.
"""
from __future__ import annotations

import datetime as dt

from babel.numbers import format_percent
from markupsafe import Markup
from pyramid.renderers import render

from lanta import reporting
from lanta.addon_api import AdminMenuEntry, DashboardWidget
from lanta.labels import ENVIE_LABELS

from . import MANAGE, MODERATE
from .i18n import ADMIN_SECTION, _
from .services import figures as service

WIDGET_DAYS = 30
WIDGET_RECENT_DAYS = 7
WIDGET_PLACES = 3
NONE = "—"
KIND_LABELS = {"photo": _("Photos"), "clip": _("Clips")}


def includeme(config) -> None:
    config.scan(".figures_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Image wall figures"), request.route_url("imagewall.figures"),
                           MANAGE, order=96, name="imagewall.figures", section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"Image wall figures": contributions of the last 7 days, the approval rate over
    30 days and the top three places (the queue has its own widget, in
    :mod:`.moderation`); links to the figures (staff) or the queue (editors)."""
    if not request.has_permission(MODERATE):
        return []  # the core would drop it too; this spares the queries
    period = reporting.last_days(WIDGET_DAYS)
    figures = service.figures(request.dbsession, period, request.locale_name,
                              top=WIDGET_PLACES)
    since = period.end - dt.timedelta(days=WIDGET_RECENT_DAYS - 1)
    body = render("lanta_imagewall:templates/figures_widget.pt", {
        "figures": figures, "rate": approval_rate(figures, request.locale_name),
        "recent": sum(n for day, n in figures.per_day.items() if day >= since),
        "recent_days": WIDGET_RECENT_DAYS, "days": WIDGET_DAYS,
        "can_manage": request.has_permission(MANAGE)}, request=request)
    return [DashboardWidget(_("Image wall figures"), Markup(body), permission=MODERATE,
                            order=96)]


def approval_rate(figures: service.Figures, locale: str) -> str:
    """The approval rate as each language writes a percentage, to a tenth ("66,7 %");
    "—" when nothing was moderated."""
    rate = figures.approval_rate
    return NONE if rate is None else format_percent(rate, "#,##0.#%", locale=locale)


def day_values(figures: service.Figures, locale: str) -> list[reporting.Point]:
    """One point per day of the period, days without contributions included."""
    return reporting.day_points([(day, figures.per_day.get(day, 0))
                                 for day in figures.period.days], locale)


def tag_label(code: str):
    """The core's words for an activity tag (a tag no longer known shows as its code)."""
    return ENVIE_LABELS.get(code, code)


def kind_label(kind: str):
    return KIND_LABELS.get(kind, kind)

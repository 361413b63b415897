"""The chat's figures: the page, its CSV export, the menu entry and the dashboard widget.

Routes:
``/admin/chat/figures`` (``chat.answer``): conversations per day and per week as bar
charts with their tables, and the figures by channel, over a range of office days
(``?from=YYYY-MM-DD&to=YYYY-MM-DD``, the last eight weeks by default);
``/admin/chat/figures.csv`` (``chat.manage``): the same range, one row per day and
channel (format: :mod:`.figures_csv`). The views live in :mod:`.figures_views`; this
module also holds how a figure is written for people (durations, ratings, shares).
"""
from __future__ import annotations

from babel.numbers import format_decimal, format_percent
from markupsafe import Markup
from pyramid.renderers import render

from lanta.addon_api import AdminMenuEntry, DashboardWidget
from lanta.reporting import this_week

from . import ANSWER
from .i18n import ADMIN_SECTION, _
from .services import figures as service


def includeme(config) -> None:
    config.add_route("chat.figures.show", "/admin/chat/figures")
    config.add_route("chat.figures.csv", "/admin/chat/figures.csv")
    config.scan(".figures_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Chat figures"), request.route_url("chat.figures.show"),
                           ANSWER, order=64, name="chat.figures.show", section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"Chat this week": conversations since Monday, the median first response, the
    satisfaction, and the link to the figures."""
    if not request.has_permission(ANSWER):
        return []  # the core would drop it too; this spares the query
    stats = service.summary(request.dbsession, this_week())
    body = render("lanta_chat:templates/figures_widget.pt",
                  {"stats": stats, "say": Say(request)}, request=request)
    return [DashboardWidget(_("Chat this week"), Markup(body), permission=ANSWER,
                            order=64)]


class Say:
    """Figures written for people in the request's language; "–" for none."""

    NONE = "–"

    def __init__(self, request) -> None:
        self.locale = request.locale_name
        self.translate = request.localizer.translate

    def duration(self, seconds: float | None) -> str:
        """"45 s", "4 min 30 s", "2 h 05 min", "3 d 4 h"."""
        if seconds is None:
            return self.NONE
        whole = round(seconds)
        days, rest = divmod(whole, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
        if days:
            text = _("${days} d ${hours} h", mapping={"days": days, "hours": hours})
        elif hours:
            text = _("${hours} h ${minutes} min",
                     mapping={"hours": hours, "minutes": f"{minutes:02d}"})
        elif minutes:
            text = _("${minutes} min ${seconds} s",
                     mapping={"minutes": minutes, "seconds": f"{secs:02d}"})
        else:
            text = _("${seconds} s", mapping={"seconds": secs})
        return self.translate(text)

    def rating(self, mean: float | None) -> str:
        if mean is None:
            return self.NONE
        return self.translate(_("${mean} / 5", mapping={
            "mean": format_decimal(mean, "0.0", locale=self.locale)}))

    def share(self, share: float | None) -> str:
        return self.NONE if share is None else format_percent(share, locale=self.locale)

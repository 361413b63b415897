"""The duty rota's pages, the office's hours for the chat, the presence the inbox reports,
the menu entries and the dashboard widget "On duty today".

Routes:
``/admin/chat/rota`` the month's calendar, the rotation and the coming swaps
(``chat.answer``; ``?month=YYYY-MM`` moves); ``/admin/chat/rota/rotation`` and
``/admin/chat/rota/swaps`` (POST, ``chat.manage``) change them, and
``/admin/chat/rota/swaps/remove`` removes a swap; ``/admin/chat/hours`` the office's
hours and closed days (``chat.manage``); ``/admin/chat/presence`` (POST, ``chat.answer``)
the inbox's "I am here" every 20 seconds, answered in JSON.
The views live in :mod:`.rota_views`, :mod:`.hours_views` and :mod:`.presence_views`.
"""
from __future__ import annotations

from markupsafe import Markup
from pyramid.renderers import render

from lanta.addon_api import AdminMenuEntry, DashboardWidget

from . import ANSWER, MANAGE
from .i18n import ADMIN_SECTION, _
from .models import utcnow
from .services import hours, presence, rota
from .services.clock import office_day


def includeme(config) -> None:
    config.add_route("chat.rota", "/admin/chat/rota")
    config.add_route("chat.rota.rotation", "/admin/chat/rota/rotation")
    config.add_route("chat.rota.swaps", "/admin/chat/rota/swaps")
    config.add_route("chat.rota.swaps.remove", "/admin/chat/rota/swaps/remove")
    config.add_route("chat.hours", "/admin/chat/hours")
    config.add_route("chat.presence", "/admin/chat/presence")
    config.scan(".rota_views")
    config.scan(".hours_views")
    config.scan(".presence_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [
        AdminMenuEntry(_("Chat rota"), request.route_url("chat.rota"), ANSWER,
                       order=61, name="chat.rota", section=ADMIN_SECTION),
        AdminMenuEntry(_("Chat office hours"), request.route_url("chat.hours"), MANAGE,
                       order=63, name="chat.hours", section=ADMIN_SECTION),
    ]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"On duty today": who, and whether that person has the inbox open."""
    if not request.has_permission(ANSWER):
        return []  # the core would drop it too; this spares the queries
    dbsession = request.dbsession
    now = utcnow()
    today = office_day(now)
    closed = today in hours.closed_days(dbsession) or not hours.weekly(dbsession).get(
        hours.DAY_KEYS[today.weekday()])
    on_duty = None if closed else rota.on_duty(dbsession, today)
    body = render("lanta_chat:templates/rota_widget.pt", {
        "closed": closed, "on_duty": on_duty,
        "name": rota.names(dbsession, [on_duty]).get(on_duty, ""),
        "present": on_duty in presence.present_ids(dbsession, now),
    }, request=request)
    return [DashboardWidget(_("Chat rota"), Markup(body), permission=ANSWER, order=61)]

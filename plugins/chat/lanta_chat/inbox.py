"""The staff inbox: the lists of conversations, a conversation's page with its forms,
the JSON the inbox polls, the saved answers, the menu entries and the dashboard widget.

Routes (``chat.answer`` unless said):
``/admin/chat/`` the lists (waiting, open, closed); ``/admin/chat/poll`` their counts
(JSON); ``/admin/chat/{id}`` a conversation; ``/admin/chat/{id}/poll?after=SEQ`` its
new messages (JSON); ``/admin/chat/{id}/reply``, ``…/note``, ``…/take``,
``…/transfer``, ``…/close`` (POST); ``/admin/chat/answers`` the saved answers, with
``…/new``, ``…/{id}/edit`` and ``…/{id}/delete`` (``chat.manage``).
The views live in :mod:`.inbox_views`, :mod:`.inbox_json` and :mod:`.answers_views`;
the staff pages' script and stylesheet in ``static/inbox.*`` (served by the static
view of :mod:`.widget`).
"""
from __future__ import annotations

from markupsafe import Markup
from pyramid.renderers import render

from lanta.addon_api import AdminMenuEntry, DashboardWidget

from . import ANSWER, MANAGE
from .i18n import ADMIN_SECTION, _
from .services import inbox

SCRIPT = "lanta_chat:static/inbox.js"
STYLESHEET = "lanta_chat:static/inbox.css"


def includeme(config) -> None:
    config.add_route("chat.inbox", "/admin/chat/")
    config.add_route("chat.inbox.poll", "/admin/chat/poll")
    config.add_route("chat.answers", "/admin/chat/answers")
    config.add_route("chat.answers.new", "/admin/chat/answers/new")
    config.add_route("chat.answers.edit", "/admin/chat/answers/{id:\\d+}/edit")
    config.add_route("chat.answers.delete", "/admin/chat/answers/{id:\\d+}/delete")
    config.add_route("chat.conversation", "/admin/chat/{id:\\d+}")
    config.add_route("chat.conversation.poll", "/admin/chat/{id:\\d+}/poll")
    for action in ("reply", "note", "take", "transfer", "close"):
        config.add_route(f"chat.conversation.{action}", f"/admin/chat/{{id:\\d+}}/{action}")
    config.scan(".inbox_views")
    config.scan(".inbox_json")
    config.scan(".answers_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [
        AdminMenuEntry(_("Chat inbox"), request.route_url("chat.inbox"), ANSWER,
                       order=60, name="chat.inbox", section=ADMIN_SECTION),
        AdminMenuEntry(_("Chat saved answers"), request.route_url("chat.answers"), MANAGE,
                       order=62, name="chat.answers", section=ADMIN_SECTION),
    ]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"Chat": how many conversations wait, are open, are the reader's."""
    if not request.has_permission(ANSWER):
        return []  # the core would drop it too; this spares the query
    user = request.user
    found = inbox.counts(request.dbsession, user.id if user is not None else None)
    body = render("lanta_chat:templates/inbox_widget.pt", {"counts": found},
                  request=request)
    return [DashboardWidget(_("Chat"), Markup(body), permission=ANSWER, order=60)]

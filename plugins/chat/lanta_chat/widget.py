"""The visitor widget: its JSON API's routes (views in :mod:`.widget_api`), its static
files, and the markup put in the ``head`` and ``footer`` slots of visitor pages.

Routes (all ``view``; gated: 404 while the add-on is disabled):
``chat.api.status`` ``GET /api/v1/chat/status``, ``chat.api.conversations``
``POST /api/v1/chat/conversations``, ``chat.api.messages`` ``GET|POST
/api/v1/chat/messages``, ``chat.api.rating`` ``POST /api/v1/chat/rating``,
``chat.api.suggestions`` ``GET /api/v1/chat/suggestions``.

Visitor pages are cached and shared by every anonymous visitor, so the markup holds
nothing of one visitor nor of the moment (not even "online"): the labels in the page's
language and the API's addresses, as one JSON attribute. The script keeps the
conversation's token and cursor in the browser's ``localStorage`` and asks the API for
the rest.
"""
from __future__ import annotations

import json
import re

from markupsafe import Markup
from pyramid.renderers import JSON, render

from .i18n import _

STATIC = "lanta_chat:static/"
VISITOR_PATH = re.compile(r"^/([a-z]{2})(/|$)")
API = "/api/v1/chat/"
JSON_RENDERER = "lanta_chat_json"


def escaped_json(value, **kw) -> str:
    """JSON whose strings carry ``<``, ``>`` and ``&`` as ``\\u`` escapes: a message
    body stays inert even where a careless client or an old browser would read the
    answer as HTML. (These characters only ever occur inside JSON strings.)"""
    return (json.dumps(value, **kw).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def includeme(config) -> None:
    # Registered before the inbox's own view of the same folder (PAGES order), so the
    # widget's files are addressed under /chat/static/ on visitor pages.
    config.add_static_view("chat/static", "lanta_chat:static", permission="view",
                           cache_max_age=3600)
    config.add_renderer(JSON_RENDERER, JSON(serializer=escaped_json))
    config.add_route("chat.api.status", API + "status")
    config.add_route("chat.api.conversations", API + "conversations")
    config.add_route("chat.api.messages", API + "messages")
    config.add_route("chat.api.rating", API + "rating")
    config.add_route("chat.api.suggestions", API + "suggestions")
    config.scan(".widget_api")


def menu_entries(request) -> list:
    return []


def dashboard_widgets(request) -> list:
    return []


def visitor_language(request) -> str | None:
    """The language of a visitor page (``/fr/…``), None for any other page (the admin
    area, a partner's or a tester's pages, the login, the API)."""
    match = VISITOR_PATH.match(request.path)
    if match is None or match.group(1) not in (request.site.languages or ["fr"]):
        return None
    return match.group(1)


# The script's words, translated on the server in the page's language (the template
# holds those of the button and the panel's heading).
LABELS = {
    "online": _("We are online: ask us anything."),
    "offline": _("We are closed; leave a message and we answer by e-mail."),
    "hours": _("Our hours this week"),
    "closed_day": _("closed"),
    "opens_at": _("We open again on ${when}."),
    "name": _("Your name (optional)"),
    "email": _("Your e-mail address (required)"),
    "message": _("Your message"),
    "send": _("Send"),
    "retry": _("Not sent yet: we try again."),
    "you_sending": _("You (not sent yet)"),
    "maybe": _("Maybe this answers you:"),
    "ask_anyway": _("Ask a person anyway"),
    "you": _("You"),
    "staff": _("Tourist office"),
    "left_offline": _("Thank you: we answer by e-mail as soon as the office opens."),
    "conversation_closed": _("This conversation is closed."),
    "rate": _("How was this conversation?"),
    "rate_n": _("${n} out of 5"),
    "thanks": _("Thank you for your rating."),
    "new": _("Start a new conversation"),
    "error": _("Something went wrong. Please try again."),
}


def config_json(request, lang: str) -> str:
    """The script's settings: the API's addresses and the labels in ``lang``."""
    localizer = request.localizer
    labels = {key: localizer.translate(label) for key, label in LABELS.items()}
    return json.dumps({
        "lang": lang,
        "api": {"status": request.route_path("chat.api.status"),
                "conversations": request.route_path("chat.api.conversations"),
                "messages": request.route_path("chat.api.messages"),
                "rating": request.route_path("chat.api.rating"),
                "suggestions": request.route_path("chat.api.suggestions")},
        "labels": labels}, ensure_ascii=False, sort_keys=True)


def page_slot(request, slot: str):
    """For ``lanta_page_slot``: the stylesheet in ``head``, the widget in ``footer``,
    on visitor pages only."""
    if slot not in ("head", "footer"):
        return None
    lang = visitor_language(request)
    if lang is None:
        return None
    if slot == "head":
        return Markup('<link rel="stylesheet" href="{}">').format(
            request.static_path(STATIC + "chat-widget.css"))
    return Markup(render("lanta_chat:templates/widget.pt", {
        "config": config_json(request, lang),
        "script": request.static_path(STATIC + "chat-widget.js")}, request=request))

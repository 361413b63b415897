"""What the inbox shows of conversations and messages: rows for the lists, messages with
their author and events in the reader's language; shared by the HTML pages
(:mod:`.inbox_views`) and the JSON the pages poll (:mod:`.inbox_json`).
"""
from __future__ import annotations

import re
from typing import Any

from babel.dates import format_datetime
from pyramid.httpexceptions import HTTPNotFound

from lanta.services.errors import NotFound
from lanta.services.events import ZONE

from .channels import channels
from .i18n import _
from .models import Conversation, Message
from .services import inbox, visitor

STATE_LABELS = {"waiting": _("Waiting"), "open": _("Open"), "closed": _("Closed")}
KIND_LABELS = {"visitor": _("Visitor"), "staff": _("Staff"), "note": _("Internal note"),
               "event": _("Event")}


def id_or_404(request, name: str = "id") -> int:
    """The id in the address; one no row can have (too many digits) is not found."""
    value = request.matchdict[name]
    if not re.fullmatch(r"[0-9]{1,10}", value):
        raise HTTPNotFound()
    return int(value)


def conversation_or_404(request) -> Conversation:
    try:
        return inbox.get(request.dbsession, id_or_404(request))
    except NotFound:
        raise HTTPNotFound() from None


def when(request, moment) -> str:
    return format_datetime(moment.astimezone(ZONE), "d MMM y, HH:mm",
                           locale=request.locale_name) if moment else ""


def person(user) -> str:
    return (user.display_name or user.email) if user is not None else ""


def visitor_name(request, conversation: Conversation) -> str:
    return conversation.visitor_name or request.localizer.translate(
        _("Visitor #${id}", mapping={"id": conversation.id}))


def channel_labels(request) -> dict[str, str]:
    localizer = request.localizer
    return {name: localizer.translate(channel.label)
            for name, channel in channels(request).items()}


def rows(request, conversations: list[Conversation]) -> list[dict[str, Any]]:
    """What the inbox's lists show of each conversation."""
    labels = channel_labels(request)
    people = inbox.users_by_id(request.dbsession, [c.assignee_id for c in conversations])
    return [{
        "conversation": c,
        "id": c.id,
        "state": c.state,
        "name": visitor_name(request, c),
        "channel": labels.get(c.channel, c.channel),
        "language": c.language,
        "page_title": c.page_title,
        "page_url": c.page_url,
        "page_link": safe_link(c.page_url),
        "last_message": when(request, c.last_message_at),
        "last_message_iso": c.last_message_at.isoformat(timespec="seconds")
        if c.last_message_at else "",
        "unread": inbox.is_unread(c),
        "assignee": person(people.get(c.assignee_id)),
        "assignee_id": c.assignee_id,
        "rating": c.rating,
        "url": request.route_url("chat.conversation", id=c.id),
    } for c in conversations]


def safe_link(url: str | None) -> str | None:
    """The visitor's page as a link only when it is a path of this site: the visitor's
    browser says what it is, and neither another site (``https://…``, ``//…``,
    ``/\\…``) nor a ``javascript:`` address may become a link in the inbox. The link
    is the path alone, which the browser resolves against this site."""
    return visitor.site_path(url)


def poll_row(row: dict[str, Any], user_id: int | None = None) -> dict[str, Any]:
    """A list row as the inbox's JSON gives it."""
    c = row["conversation"]
    return {"id": c.id, "state": c.state, "name": row["name"], "last_seq": c.last_seq,
            "unread": row["unread"], "assignee": row["assignee"] or None,
            "mine": user_id is not None and c.assignee_id == user_id,
            "channel": row["channel"], "language": c.language, "url": row["url"],
            "page_title": c.page_title or c.page_url,
            "last_message": row["last_message"]}


def event_text(request, body: str, people: dict) -> str:
    """An event message in the reader's language (its code as it is when unknown)."""
    event = inbox.parse_event(body)
    if event is None:
        return body
    names = [person(people.get(i)) or request.localizer.translate(_("a former member"))
             for i in event.user_ids]
    if event.action == "taken":
        message = _("${name} took the conversation.", mapping={"name": names[0]})
    elif event.action == "transferred":
        message = _("${by} passed the conversation on to ${to}.",
                    mapping={"by": names[0], "to": names[1]})
    else:
        message = _("${name} closed the conversation.", mapping={"name": names[0]})
    return request.localizer.translate(message)


def _event_people(messages: list[Message]) -> set[int]:
    ids: set[int] = set()
    for m in messages:
        if m.kind == "event":
            event = inbox.parse_event(m.body)
            ids.update(i for i in (event.user_ids if event else ()) if i is not None)
    return ids


def message_rows(request, conversation: Conversation,
                 messages: list[Message]) -> list[dict[str, Any]]:
    """The messages as the conversation page and its JSON show them."""
    people = inbox.users_by_id(request.dbsession, {m.author_id for m in messages}
                               | _event_people(messages))
    localizer = request.localizer
    found = []
    for m in messages:
        if m.kind == "visitor":
            author = visitor_name(request, conversation)
        else:
            author = person(people.get(m.author_id))
        found.append({
            "seq": m.seq, "kind": m.kind,
            "kind_label": localizer.translate(KIND_LABELS.get(m.kind, m.kind)),
            "author": author,
            "body": event_text(request, m.body, people) if m.kind == "event" else m.body,
            "at": when(request, m.created_at),
            "at_iso": m.created_at.isoformat(timespec="seconds") if m.created_at else "",
            "delivery": m.delivery,
            "delivery_error": m.delivery_error,
            "failed": localizer.translate(
                _("Not delivered: ${error}", mapping={"error": m.delivery_error}))
            if m.delivery == "failed" else "",
        })
    return found

"""The JSON the inbox's pages poll every few seconds (GET, ``chat.answer``).

``/admin/chat/poll``: the counts and the conversations not closed, for the list and the
tab's title. ``/admin/chat/{id}/poll?after=SEQ``: the messages numbered above ``SEQ``
(notes and events included), the cursor to ask from next time and the state. Messages
are read by their number within the conversation, so a message committed late by
another server process is never skipped (see :mod:`.services.messages`).

Both answer ``Cache-Control: no-store``. The conversation's poll, asked by its assignee
(or while nobody has it), marks what it returns as read, as opening the page does: a
member watching the conversation has seen it.
"""
from __future__ import annotations

import re

from pyramid.response import Response
from pyramid.view import view_config

from lanta.services.errors import NotFound

from . import ANSWER
from .i18n import _
from .inbox_present import id_or_404, message_rows, poll_row, rows
from .services import inbox, messages

POLL_LIMIT = 200


def _json(body: dict, status: int = 200) -> Response:
    response = Response(status=status, content_type="application/json", charset="utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.json_body = body
    return response


def _problem(request, status: int, detail) -> Response:
    response = _json({"type": "about:blank", "status": status,
                      "detail": request.localizer.translate(detail)}, status)
    response.content_type = "application/problem+json"
    return response


@view_config(route_name="chat.inbox.poll", permission=ANSWER, request_method="GET")
def inbox_poll(request):
    dbsession = request.dbsession
    found = inbox.counts(dbsession, request.user.id)
    listed = inbox.listing(dbsession, "waiting") + inbox.listing(dbsession, "open")
    return _json({"waiting": found.waiting, "open": found.open, "mine": found.mine,
                  "unread": found.unread,
                  "conversations": [poll_row(r, request.user.id)
                                    for r in rows(request, listed)]})


@view_config(route_name="chat.conversation.poll", permission=ANSWER, request_method="GET")
def conversation_poll(request):
    dbsession = request.dbsession
    try:
        conversation = inbox.get(dbsession, id_or_404(request))
    except NotFound as exc:
        return _problem(request, 404, _(exc.message))
    after = request.GET.get("after", "0")
    if not re.fullmatch(r"[0-9]{1,10}", after):
        return _problem(request, 400, _("after must be a whole number (the last seq seen)."))
    found = messages.messages_after(dbsession, conversation.id, int(after), staff=True,
                                    limit=POLL_LIMIT)
    cursor = found[-1].seq if found else max(int(after), 0)
    if cursor >= conversation.last_seq:
        inbox.mark_read(conversation, request.user.id)
    return _json({"messages": message_rows(request, conversation, found),
                  "cursor": cursor, "state": conversation.state,
                  "assignee_id": conversation.assignee_id,
                  "unread": inbox.is_unread(conversation)})

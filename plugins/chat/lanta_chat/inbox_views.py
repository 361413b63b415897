"""The inbox's pages (``chat.answer``): the lists of conversations, a conversation with
its messages, and the forms to reply, add a note, take, pass on and close.

Every form works without JavaScript: it posts, and the answer redirects back to the page
(post/redirect/get) with a flash message; a refused form re-shows the page with the
message beside that form, with the error's status, and nothing written (each change runs
in a savepoint). The page's script may send a reply or a note with ``fetch`` and
``Accept: application/json``: the answer is then JSON (see :func:`_answer`).

The "use this answer" button of the reply form puts the chosen saved answer in the
reply's text box and shows the page again: nothing is sent before "Send".
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from typing import Any

from pyramid.httpexceptions import HTTPFound
from pyramid.renderers import render_to_response
from pyramid.response import Response
from pyramid.view import view_config

from lanta.forms import flash
from lanta.services.errors import DomainError
from lanta.services.events import ZONE

from . import ANSWER, MANAGE
from .channels import Delivery, channels
from .i18n import _
from .inbox import SCRIPT, STYLESHEET
from .inbox_present import (STATE_LABELS, conversation_or_404, message_rows, person,
                            rows)
from .models import Conversation, Presence, SavedAnswer
from .services import inbox, messages, saved_answers

log = logging.getLogger(__name__)
HISTORY_LIMIT = 2000
ERROR_MAX = 300


def presence_url(request) -> str | None:
    """The presence route (written by the rota's pages), None while it is missing."""
    try:
        return request.route_url("chat.presence")
    except KeyError:
        return None


def on_duty_text(request):
    """"You are on duty today", "X is on duty today", or None when the rota says
    nobody (or is not there)."""
    try:
        from .services.rota import on_duty
    except ImportError:
        return None
    user_id = on_duty(request.dbsession, dt.datetime.now(ZONE).date())  # the office's day
    if user_id is None:
        return None
    if request.user is not None and user_id == request.user.id:
        return _("You are on duty today.")
    member = inbox.users_by_id(request.dbsession, [user_id]).get(user_id)
    return _("${name} is on duty today.", mapping={"name": person(member)})


def staff_values(request) -> dict[str, Any]:
    """What every inbox page gives its script and its presence box."""
    presence = request.dbsession.get(Presence, request.user.id)
    return {"admin_section": True, "script": request.static_url(SCRIPT),
            "stylesheet": request.static_url(STYLESHEET),
            "presence_url": presence_url(request),
            "away": bool(presence and presence.away),
            "on_duty": on_duty_text(request),
            "can_manage": request.has_permission(MANAGE)}


def _page_number(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if re.fullmatch(r"[0-9]{1,4}", value) and int(value) > 0 else 1


@view_config(route_name="chat.inbox", permission=ANSWER, request_method="GET",
             renderer="lanta_chat:templates/inbox.pt")
def inbox_page(request):
    dbsession, me = request.dbsession, request.user.id
    mine = request.GET.get("mine") == "1"
    page = _page_number(request)
    closed_total = inbox.count_closed(dbsession)
    pages = max(1, -(-closed_total // inbox.PAGE_SIZE))
    return {
        **staff_values(request),
        "counts": inbox.counts(dbsession, me),
        "waiting": rows(request, inbox.listing(dbsession, "waiting")),
        "open": rows(request, inbox.listing(dbsession, "open",
                                            assignee_id=me if mine else None)),
        "closed": rows(request, inbox.listing(dbsession, "closed", page=min(page, pages))),
        "mine": mine, "page": min(page, pages), "pages": pages,
        "poll_url": request.route_url("chat.inbox.poll"),
        "page_title": _("Chat inbox"),
    }


def conversation_values(request, conversation: Conversation, *, draft: str = "",
                        note_draft: str = "", errors: dict[str, Any] | None = None,
                        answer_id: int | None = None) -> dict[str, Any]:
    dbsession = request.dbsession
    history = messages.messages_after(dbsession, conversation.id, 0, staff=True,
                                      limit=HISTORY_LIMIT)
    staff = [u for u in inbox.staff_members(dbsession) if u.id != conversation.assignee_id]
    row = rows(request, [conversation])[0]
    return {
        **staff_values(request),
        "conversation": conversation,
        "row": row,
        "state_label": STATE_LABELS[conversation.state],
        "messages": message_rows(request, conversation, history),
        "answers": saved_answers.by_language(dbsession, conversation.language),
        "answer_id": answer_id,
        "staff": [{"id": u.id, "name": person(u)} for u in staff],
        "mine": conversation.assignee_id == request.user.id,
        "draft": draft, "note_draft": note_draft, "errors": errors or {},
        # A new id per page: the same form posted twice stores one message.
        "client_id": secrets.token_urlsafe(12),
        "poll_url": request.route_url("chat.conversation.poll", id=conversation.id),
        "cursor": conversation.last_seq,
        "page_title": _("Conversation with ${name}", mapping={"name": row["name"]}),
    }


@view_config(route_name="chat.conversation", permission=ANSWER, request_method="GET",
             renderer="lanta_chat:templates/inbox_conversation.pt")
def conversation_page(request):
    conversation = conversation_or_404(request)
    # Opened by its assignee (or while nobody has it): every message counts as read.
    inbox.mark_read(conversation, request.user.id)
    return conversation_values(request, conversation)


def _refused(request, conversation: Conversation, form: str, exc: DomainError,
             **drafts: Any) -> Response:
    """The conversation's page again, with the refusal beside ``form``."""
    message = _(exc.message, mapping=exc.mapping)
    if _wants_json(request):
        return _json_error(request, exc.status, message)
    response = render_to_response(
        "lanta_chat:templates/inbox_conversation.pt",
        conversation_values(request, conversation, errors={form: message}, **drafts),
        request=request)
    response.status = exc.status
    return response


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _json_error(request, status: int, message) -> Response:
    response = Response(status=status, content_type="application/problem+json",
                        charset="utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.json_body = {"type": "about:blank", "status": status,
                          "detail": request.localizer.translate(message)}
    return response


def _answer(request, conversation: Conversation, done, seq: int | None = None):
    """The redirect back (with a flash), or JSON for the page's script."""
    if _wants_json(request):
        response = Response(content_type="application/json", charset="utf-8")
        response.headers["Cache-Control"] = "no-store"
        response.json_body = {"ok": True, "seq": seq, "state": conversation.state}
        return response
    flash(request, done)
    anchor = f"m-{seq}" if seq else None
    return HTTPFound(request.route_url("chat.conversation", id=conversation.id,
                                       _anchor=anchor))


def deliver(request, conversation: Conversation, message) -> None:
    """Send a staff reply through its channel (the widget's visitors fetch their own)."""
    channel = channels(request).get(conversation.channel)
    if channel is None or channel.deliver is None or message.delivery:
        return  # no sending, or a retried reply already sent (or tried)
    try:
        result = channel.deliver(request, conversation, message)
    except Exception:  # a channel's bug must not lose the stored reply
        log.exception("chat channel %s failed to deliver", conversation.channel)
        result = Delivery("failed", _("The channel failed; see the server's log."))
    message.delivery = result.state
    message.delivery_error = request.localizer.translate(result.error)[:ERROR_MAX] \
        if result.error else ""


@view_config(route_name="chat.conversation.reply", permission=ANSWER, request_method="POST")
def reply(request):
    conversation = conversation_or_404(request)
    dbsession, body = request.dbsession, request.POST.get("body", "")
    if "use" in request.POST:
        return _use_answer(request, conversation, body)
    try:
        with dbsession.begin_nested():
            message = inbox.reply(dbsession, conversation.id, request.user.id, body,
                                  request.POST.get("client_id") or None)
    except DomainError as exc:
        return _refused(request, conversation, "reply", exc, draft=body)
    deliver(request, conversation, message)
    if message.delivery == "failed":
        done = _("Reply stored but not delivered: ${error}",
                 mapping={"error": message.delivery_error})
    else:
        done = _("Reply sent.")
    return _answer(request, conversation, done, message.seq)


def _use_answer(request, conversation: Conversation, body: str) -> Response:
    """The page again, the chosen saved answer added to what the reply box held."""
    value = request.POST.get("answer", "")
    answer = None
    if re.fullmatch(r"[0-9]{1,10}", value):
        answer = request.dbsession.get(SavedAnswer, int(value))
    if answer is None:
        return _refused(request, conversation, "reply",
                        DomainError(_("Choose one of the saved answers.")), draft=body)
    draft = f"{body.rstrip()}\n\n{answer.body}" if body.strip() else answer.body
    return render_to_response(
        "lanta_chat:templates/inbox_conversation.pt",
        conversation_values(request, conversation, draft=draft, answer_id=answer.id),
        request=request)


@view_config(route_name="chat.conversation.note", permission=ANSWER, request_method="POST")
def add_note(request):
    conversation = conversation_or_404(request)
    dbsession, body = request.dbsession, request.POST.get("body", "")
    try:
        with dbsession.begin_nested():
            message = inbox.note(dbsession, conversation.id, request.user.id, body,
                                 client_id=request.POST.get("client_id") or None)
    except DomainError as exc:
        return _refused(request, conversation, "note", exc, note_draft=body)
    return _answer(request, conversation, _("Note added."), message.seq)


@view_config(route_name="chat.conversation.take", permission=ANSWER, request_method="POST")
def take(request):
    conversation = conversation_or_404(request)
    try:
        with request.dbsession.begin_nested():
            inbox.take(request.dbsession, conversation.id, request.user.id)
    except DomainError as exc:
        return _refused(request, conversation, "take", exc)
    return _answer(request, conversation, _("You took the conversation."))


@view_config(route_name="chat.conversation.transfer", permission=ANSWER,
             request_method="POST")
def transfer(request):
    conversation = conversation_or_404(request)
    value = request.POST.get("assignee_id", "")
    to = int(value) if re.fullmatch(r"[0-9]{1,10}", value) else None
    try:
        with request.dbsession.begin_nested():
            inbox.transfer(request.dbsession, conversation.id, to, request.user.id)
    except DomainError as exc:
        return _refused(request, conversation, "transfer", exc)
    return _answer(request, conversation, _("Conversation passed on."))


@view_config(route_name="chat.conversation.close", permission=ANSWER, request_method="POST")
def close(request):
    conversation = conversation_or_404(request)
    try:
        with request.dbsession.begin_nested():
            inbox.close(request.dbsession, conversation.id, request.user.id)
    except DomainError as exc:
        return _refused(request, conversation, "close", exc)
    if _wants_json(request):
        return _answer(request, conversation, None)
    flash(request, _("Conversation closed."))
    return HTTPFound(request.route_url("chat.inbox"))

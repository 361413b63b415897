"""Conversations and their messages: starting one, adding a message in order, reading
what came after a cursor, and :func:`receive` for the channels.

Every message of a conversation is numbered (``seq``) while the conversation's row is
locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite has one writer at a time), so a
reader asking for "after n" never misses a message committed later with a smaller
number, whichever server process wrote it. A sender's own id for a message
(``client_id``) makes a retried send return the message already stored.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lanta.services.errors import Conflict, InvalidField, NotFound

from ..i18n import _
from ..models import BODY_MAX, Conversation, Message, utcnow

READ_LIMIT = 100
CLIENT_ID_MAX = 100


def new_token() -> str:
    """The secret a visitor's browser keeps for its conversation (only its hash is
    stored)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def by_token(dbsession: Session, token: str | None) -> Conversation | None:
    """The conversation whose secret is ``token``, or None."""
    if not token or len(token) > 200:
        return None
    return dbsession.scalars(
        select(Conversation).where(Conversation.token_hash == token_hash(token))).first()


def clean_body(body: object) -> str:
    """The text of a message: stripped, not empty, at most ``BODY_MAX`` characters."""
    text = body.strip() if isinstance(body, str) else ""
    text = text.replace("\x00", "")
    if not text:
        raise InvalidField(_("Write a message first."), on="body")
    if len(text) > BODY_MAX:
        raise InvalidField(_("A message holds at most ${max} characters."), on="body",
                           max=BODY_MAX)
    return text


def _clean_client_id(client_id: object) -> str | None:
    if client_id is None or client_id == "":
        return None
    if not isinstance(client_id, str) or len(client_id) > CLIENT_ID_MAX:
        raise InvalidField(_("This message's identifier is not valid."), on="client_id")
    return client_id


def start(dbsession: Session, *, channel: str = "web", language: str = "fr",
          name: str = "", email: str = "", page_url: str = "", page_title: str = "",
          offline: bool = False, external_id: str | None = None,
          token: str | None = None, ip_hash: str = "",
          now: dt.datetime | None = None) -> Conversation:
    """A new waiting conversation (no message yet). ``token``: the visitor's secret, for
    the widget."""
    now = now or utcnow()
    conversation = Conversation(
        channel=channel, language=language, visitor_name=name[:80], visitor_email=email,
        page_url=page_url[:500], page_title=page_title[:200], offline=offline,
        external_id=external_id, token_hash=token_hash(token) if token else None,
        ip_hash=ip_hash, state="waiting", created_at=now, last_message_at=now)
    dbsession.add(conversation)
    dbsession.flush()
    return conversation


def lock(dbsession: Session, conversation_id: int) -> Conversation:
    """The conversation, its row locked until the transaction ends."""
    conversation = dbsession.scalars(
        select(Conversation).where(Conversation.id == conversation_id)
        .with_for_update().execution_options(populate_existing=True)).first()
    if conversation is None:
        raise NotFound(_("This conversation no longer exists."))
    return conversation


def add_message(dbsession: Session, conversation_id: int, *, kind: str, body: str,
                author_id: int | None = None, client_id: str | None = None,
                now: dt.datetime | None = None) -> tuple[Message, bool]:
    """Store a message as the conversation's next one; returns it and whether it is new
    (False: the same ``client_id`` was stored before, and that message is returned).

    ``kind`` is ``visitor``, ``staff``, ``note`` or ``event``. Visitor and staff
    messages are refused in a closed conversation. ``body`` is checked here."""
    text = clean_body(body) if kind in ("visitor", "staff", "note") else body
    client_id = _clean_client_id(client_id)
    conversation = lock(dbsession, conversation_id)
    if client_id is not None:
        existing = dbsession.scalars(select(Message).where(
            Message.conversation_id == conversation_id,
            Message.client_id == client_id)).first()
        if existing is not None:
            return existing, False
    if kind in ("visitor", "staff") and conversation.state == "closed":
        raise Conflict(_("This conversation is closed."))
    now = now or utcnow()
    conversation.last_seq += 1
    message = Message(conversation_id=conversation_id, seq=conversation.last_seq,
                      kind=kind, author_id=author_id, body=text, client_id=client_id,
                      created_at=now)
    if kind == "visitor":
        conversation.last_visitor_seq = conversation.last_seq
        conversation.last_message_at = now
    elif kind == "staff":
        conversation.last_message_at = now
        if conversation.first_response_at is None:
            conversation.first_response_at = now
    dbsession.add(message)
    dbsession.flush()
    return message, True


def messages_after(dbsession: Session, conversation_id: int, after: int, *,
                   staff: bool = False, limit: int = READ_LIMIT) -> list[Message]:
    """The messages numbered above ``after``, oldest first, at most ``limit``. A
    visitor (``staff`` False) sees neither internal notes nor events."""
    query = select(Message).where(Message.conversation_id == conversation_id,
                                  Message.seq > after)
    if not staff:
        query = query.where(Message.kind.in_(("visitor", "staff")))
    return list(dbsession.scalars(query.order_by(Message.seq).limit(limit)))


def receive(dbsession: Session, *, channel: str, external_id: str, body: str,
            client_id: str | None = None, name: str = "", language: str = "fr",
            now: dt.datetime | None = None) -> tuple[Conversation, Message, bool]:
    """A message from a visitor through a channel other than the widget: added to the
    sender's conversation not closed yet, or to a new one. A redelivery of the same
    ``client_id`` (Messenger's ``mid``) is stored once, even after its conversation was
    closed. Returns the conversation, the message and whether it is new."""
    text = clean_body(body)
    client_id = _clean_client_id(client_id)
    if client_id is not None:
        seen = dbsession.execute(
            select(Conversation, Message).join(
                Message, Message.conversation_id == Conversation.id)
            .where(Conversation.channel == channel, Conversation.external_id == external_id,
                   Message.client_id == client_id)).first()
        if seen is not None:
            return seen[0], seen[1], False
    # A staff member may close the conversation between the look-up and the lock: the
    # message then opens a new one rather than being refused (the channel would not
    # send it again).
    for _attempt in range(3):
        conversation = _open_conversation_of(dbsession, channel, external_id)
        if conversation is None:
            conversation = _open_new(dbsession, channel, external_id, name, language, now)
        try:
            message, created = add_message(dbsession, conversation.id, kind="visitor",
                                           body=text, client_id=client_id, now=now)
        except Conflict:
            continue
        return conversation, message, created
    raise Conflict(_("This conversation is closed."))


def _open_new(dbsession: Session, channel: str, external_id: str, name: str,
              language: str, now: dt.datetime | None) -> Conversation:
    try:
        with dbsession.begin_nested():
            return start(dbsession, channel=channel, language=language, name=name,
                         external_id=external_id, now=now)
    except IntegrityError:
        # The same sender's message delivered twice at once: the other opened it.
        conversation = _open_conversation_of(dbsession, channel, external_id)
        if conversation is None:
            raise
        return conversation


def _open_conversation_of(dbsession: Session, channel: str,
                          external_id: str) -> Conversation | None:
    return dbsession.scalars(select(Conversation).where(
        Conversation.channel == channel, Conversation.external_id == external_id,
        Conversation.state != "closed")).first()

"""The staff side of a conversation: taking it, passing it on, replying, internal notes,
closing it, and what the inbox lists and counts.

A conversation is ``waiting`` until a staff member takes it (or replies to it, which
takes it), then ``open`` with an assignee, then ``closed``. Taking one that another
member holds is refused (:class:`Conflict`): passing it on is :func:`transfer`.

What happened is stored as messages of kind ``event``, never shown to the visitor. Their
body is a machine-readable code, not a sentence, so that the inbox shows it in the
reader's language (see :func:`parse_event`):

- ``taken:USER_ID`` — the member took the conversation (or replied to a waiting one);
- ``transferred:FROM_ID:TO_ID`` — ``FROM_ID`` (who passed it on) gave it to ``TO_ID``;
- ``closed:USER_ID`` — the member closed it.

Other add-ons may add events of their own; the inbox shows an unknown code as it is.
Every change here locks the conversation's row first
(:func:`lanta_chat.services.messages.lock`), so two members taking the same conversation
at once cannot both succeed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import User
from lanta.services.errors import Conflict, InvalidField, NotFound

from ..i18n import _
from ..models import Conversation, Message, utcnow
from . import messages

# The roles that hold chat.answer (the admin holds every permission).
STAFF_ROLES = ("staff", "admin")
PAGE_SIZE = 20
LIST_LIMIT = 100


@dataclass(frozen=True)
class Event:
    """An event message's code read back: ``action`` (taken, transferred, closed) and the
    users it names, in the order of the code."""

    action: str
    user_ids: tuple[int | None, ...]


def parse_event(body: str) -> Event | None:
    """The event of a body written by this module; None for a code it does not know."""
    action, _sep, rest = body.partition(":")
    ids = rest.split(":") if rest else []
    expected = {"taken": 1, "closed": 1, "transferred": 2}.get(action)
    if expected is None or len(ids) != expected:
        return None
    try:
        return Event(action, tuple(int(i) if i else None for i in ids))
    except ValueError:
        return None


def _event(dbsession: Session, conversation_id: int, body: str,
           now: dt.datetime) -> Message:
    return messages.add_message(dbsession, conversation_id, kind="event", body=body,
                                now=now)[0]


def get(dbsession: Session, conversation_id: int) -> Conversation:
    conversation = dbsession.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound(_("This conversation no longer exists."))
    return conversation


def staff_members(dbsession: Session) -> list[User]:
    """The active accounts that may answer (staff and admins), by name."""
    return list(dbsession.scalars(select(User).where(
        User.role.in_(STAFF_ROLES), User.active.is_(True))
        .order_by(func.lower(User.display_name), User.email)))


def _staff_member(dbsession: Session, user_id: object) -> User:
    user = dbsession.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or user.role not in STAFF_ROLES:
        raise InvalidField(_("Choose a staff member who can answer the chat."),
                           on="assignee_id")
    return user


def take(dbsession: Session, conversation_id: int, user_id: int, *,
         now: dt.datetime | None = None) -> Conversation:
    """``user_id`` takes the conversation: waiting → open. Taking one's own again changes
    nothing; one held by another member is a :class:`Conflict` (use :func:`transfer`)."""
    now = now or utcnow()
    conversation = messages.lock(dbsession, conversation_id)
    if conversation.state == "closed":
        raise Conflict(_("This conversation is closed."))
    if conversation.state == "open" and conversation.assignee_id == user_id:
        return conversation
    if conversation.state == "open" and conversation.assignee_id is not None:
        raise Conflict(_("Another staff member has taken this conversation; ask them to "
                         "pass it on to you."))
    conversation.state, conversation.assignee_id = "open", user_id
    _event(dbsession, conversation_id, f"taken:{user_id}", now)
    return conversation


def transfer(dbsession: Session, conversation_id: int, to_user_id: object,
             by_user_id: int, *, now: dt.datetime | None = None) -> Conversation:
    """Give the conversation to another staff member (a waiting one becomes open). Only
    its holder passes on a conversation someone has taken: passing a colleague's to
    oneself would be taking it, which :func:`take` refuses."""
    now = now or utcnow()
    target = _staff_member(dbsession, to_user_id)
    conversation = messages.lock(dbsession, conversation_id)
    if conversation.state == "closed":
        raise Conflict(_("This conversation is closed."))
    if conversation.state == "open" and conversation.assignee_id not in (None, by_user_id):
        raise Conflict(_("Another staff member has taken this conversation; only they can "
                         "pass it on."))
    if conversation.state == "open" and conversation.assignee_id == target.id:
        raise InvalidField(_("This staff member already has the conversation."),
                           on="assignee_id")
    conversation.state, conversation.assignee_id = "open", target.id
    _event(dbsession, conversation_id, f"transferred:{by_user_id}:{target.id}", now)
    return conversation


def close(dbsession: Session, conversation_id: int, by_user_id: int, *,
          now: dt.datetime | None = None) -> Conversation:
    """Close the conversation; closing a closed one changes nothing (no second event)."""
    now = now or utcnow()
    conversation = messages.lock(dbsession, conversation_id)
    if conversation.state == "closed":
        return conversation
    conversation.state, conversation.closed_at = "closed", now
    _event(dbsession, conversation_id, f"closed:{by_user_id}", now)
    return conversation


def note(dbsession: Session, conversation_id: int, user_id: int, body: str, *,
         client_id: str | None = None, now: dt.datetime | None = None) -> Message:
    """An internal note, for the staff only (allowed on a closed conversation too)."""
    return messages.add_message(dbsession, conversation_id, kind="note", body=body,
                                author_id=user_id, client_id=client_id, now=now)[0]


def reply(dbsession: Session, conversation_id: int, user_id: int, body: str,
          client_id: str | None = None, *, now: dt.datetime | None = None) -> Message:
    """A reply to the visitor. A waiting conversation is taken by the one replying; one
    held by another member may still be answered (a colleague helping out). The same
    ``client_id`` sent twice stores one reply."""
    now = now or utcnow()
    text = messages.clean_body(body)  # an empty reply takes nothing
    conversation = messages.lock(dbsession, conversation_id)
    if conversation.state == "closed":
        raise Conflict(_("This conversation is closed."))
    if conversation.state == "waiting":
        take(dbsession, conversation_id, user_id, now=now)
    return messages.add_message(dbsession, conversation_id, kind="staff", body=text,
                                author_id=user_id, client_id=client_id, now=now)[0]


def mark_read(conversation: Conversation, user_id: int) -> bool:
    """The staff has seen every message, when the reader is the assignee or nobody took
    the conversation; returns whether anything changed (a GET writes only then)."""
    if conversation.assignee_id not in (None, user_id):
        return False
    if conversation.staff_read_seq >= conversation.last_seq:
        return False
    conversation.staff_read_seq = conversation.last_seq
    return True


def is_unread(conversation: Conversation) -> bool:
    return conversation.last_visitor_seq > conversation.staff_read_seq


# --- what the inbox lists ----------------------------------------------------------------


def listing(dbsession: Session, state: str, *, assignee_id: int | None = None,
            page: int = 1, limit: int = LIST_LIMIT) -> list[Conversation]:
    """Conversations in ``state``: waiting ones oldest first (the longest waiting on
    top), open ones by their last message, closed ones newest first by ``PAGE_SIZE``."""
    query = select(Conversation).where(Conversation.state == state)
    if assignee_id is not None:
        query = query.where(Conversation.assignee_id == assignee_id)
    if state == "waiting":
        return list(dbsession.scalars(query.order_by(
            Conversation.last_message_at, Conversation.id).limit(limit)))
    if state == "open":
        return list(dbsession.scalars(query.order_by(
            Conversation.last_message_at.desc(), Conversation.id.desc()).limit(limit)))
    return list(dbsession.scalars(query.order_by(
        Conversation.closed_at.desc(), Conversation.id.desc())
        .offset((max(page, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE)))


def count_closed(dbsession: Session) -> int:
    return dbsession.scalar(select(func.count()).select_from(Conversation)
                            .where(Conversation.state == "closed")) or 0


@dataclass(frozen=True)
class Counts:
    waiting: int
    open: int
    mine: int
    unread: int


def counts(dbsession: Session, user_id: int | None) -> Counts:
    """How many conversations wait, are open, are open and the user's, and (among those
    not closed) have a visitor message nobody has read."""
    rows = dbsession.execute(select(
        Conversation.state, Conversation.assignee_id,
        Conversation.last_visitor_seq > Conversation.staff_read_seq, func.count())
        .where(Conversation.state != "closed")
        .group_by(Conversation.state, Conversation.assignee_id,
                  Conversation.last_visitor_seq > Conversation.staff_read_seq)).all()
    waiting = sum(n for state, _a, _u, n in rows if state == "waiting")
    opened = sum(n for state, _a, _u, n in rows if state == "open")
    mine = sum(n for state, assignee, _u, n in rows
               if state == "open" and user_id is not None and assignee == user_id)
    unread = sum(n for _s, _a, unread, n in rows if unread)
    return Counts(waiting, opened, mine, unread)


def users_by_id(dbsession: Session, ids) -> dict[int, User]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {u.id: u for u in dbsession.scalars(select(User).where(User.id.in_(wanted)))}

"""The add-on's tables, all prefixed ``chat_``.

- ``chat_conversations``: one conversation with a visitor, whatever the channel it came
  through (the site's widget, a message left by e-mail outside hours, Messenger…);
- ``chat_messages``: its messages, numbered 1, 2, 3… within the conversation (``seq``);
  staff replies, the visitor's messages, internal notes and what happened (taken,
  transferred, closed);
- ``chat_saved_answers``: ready replies, one set per language;
- ``chat_rota_members``: who takes turns on duty, in order;
- ``chat_rota_swaps``: a day given to someone else than the rotation says;
- ``chat_presence``: when each staff member's inbox last said "I am here".

Why ``seq`` and not the message id as the visitor's cursor: ids come from one sequence
shared by every transaction, so on PostgreSQL id 12 may commit before id 11 and a
reader that saw 12 would skip 11 for ever. A message's ``seq`` is given while the
conversation's row is locked (:func:`lanta_chat.services.messages.add_message`), so the
messages of one conversation become visible in the order of their numbers.

None of these rows shows on a cached visitor page: they are left out of the page cache's
generation (:func:`lanta.models.never_on_visitor_pages`), or every message would make
each process render every page afresh.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text,
    UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column

from lanta.models import Base, UTCDateTime, never_on_visitor_pages, sql_in, utcnow

# waiting: nobody has taken it yet; open: a staff member has; closed.
STATES: tuple[str, ...] = ("waiting", "open", "closed")
# visitor, staff: the conversation itself; note: internal, never shown to the visitor;
# event: what happened (taken, transferred, closed), shown to the staff only.
MESSAGE_KINDS: tuple[str, ...] = ("visitor", "staff", "note", "event")
# How a staff reply reached a visitor outside the widget ('' for the widget itself,
# which the visitor polls): sent, failed (see delivery_error), off (the channel's
# sending is switched off in the settings).
DELIVERIES: tuple[str, ...] = ("", "sent", "failed", "off")
BODY_MAX = 4000
RATINGS = range(1, 6)



class Conversation(Base):
    __tablename__ = "chat_conversations"
    __table_args__ = (
        CheckConstraint(f"state IN ({sql_in(STATES)})", name="state"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        # One conversation not closed per sender of a channel (a Messenger user): two
        # deliveries of that sender's first message at once cannot open two.
        Index("uq_chat_conversations_open_sender", "channel", "external_id", unique=True,
              sqlite_where=text("state != 'closed' AND external_id IS NOT NULL"),
              postgresql_where=text("state != 'closed' AND external_id IS NOT NULL")),
        Index("ix_chat_conversations_state_last_message_at", "state", "last_message_at"),
        Index("ix_chat_conversations_ip_hash_created_at", "ip_hash", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # 'web' (the site's widget), 'email' (a message left outside hours: replies go by
    # mail), or the name of a channel an add-on declares (lanta_chat_channels).
    channel: Mapped[str] = mapped_column(String(32), default="web")
    # SHA-256 (hex) of the secret the visitor's browser holds; None for other channels.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The sender in the channel (a Messenger page-scoped id); None for the widget.
    external_id: Mapped[str | None] = mapped_column(String(200))
    visitor_name: Mapped[str] = mapped_column(String(80), default="")
    visitor_email: Mapped[str] = mapped_column(String(254), default="")
    language: Mapped[str] = mapped_column(String(8), default="fr")
    # The page the visitor was reading when last writing (path and title).
    page_url: Mapped[str] = mapped_column(String(500), default="")
    page_title: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(16), default="waiting", index=True)
    # Left outside hours (or when nobody was on duty) as a message to answer later.
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_message_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_response_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The last message's seq (0 before the first); advanced under the row's lock.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # The last seq of a visitor message, and the last seq a staff member opened: the
    # inbox shows "new" while the first is greater.
    last_visitor_seq: Mapped[int] = mapped_column(Integer, default=0)
    staff_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[int | None] = mapped_column(Integer)
    rated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # SHA-256 of the visitor's address and the site's secret, for the limit on new
    # conversations; never the address itself.
    ip_hash: Mapped[str] = mapped_column(String(64), default="")


class Message(Base):
    __tablename__ = "chat_messages"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(MESSAGE_KINDS)})", name="kind"),
        CheckConstraint(f"delivery IN ({sql_in(DELIVERIES)})", name="delivery"),
        UniqueConstraint("conversation_id", "seq", name="uq_chat_messages_conversation_seq"),
        # The sender's own id for the message (the widget's random id, Messenger's
        # ``mid``): the same message sent twice (a retry, a redelivery) is stored once.
        UniqueConstraint("conversation_id", "client_id",
                         name="uq_chat_messages_conversation_client_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("chat_conversations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    client_id: Mapped[str | None] = mapped_column(String(100))
    delivery: Mapped[str] = mapped_column(String(16), default="")
    delivery_error: Mapped[str] = mapped_column(String(300), default="")


class SavedAnswer(Base):
    __tablename__ = "chat_saved_answers"
    __table_args__ = (UniqueConstraint("language", "title",
                                       name="uq_chat_saved_answers_language_title"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class RotaMember(Base):
    """One member of the rotation; ``position`` 0 is on duty on the rota's start day,
    1 the next rota day, and so on round the list."""

    __tablename__ = "chat_rota_members"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class RotaSwap(Base):
    """``day`` is given to ``user_id`` instead of the rotation's member."""

    __tablename__ = "chat_rota_swaps"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Presence(Base):
    """A staff member's inbox says it is open every few seconds; ``away`` is the
    member's own "I am away" switch."""

    __tablename__ = "chat_presence"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    away: Mapped[bool] = mapped_column(Boolean, default=False)


never_on_visitor_pages(Conversation, Message, SavedAnswer, RotaMember, RotaSwap, Presence)

"""Rate limits of the visitor widget, counted in the chat's own tables so that every
server process sees the same counts.

- a conversation may receive so many visitor messages a minute and an hour;
- an address (kept only as a salted hash) may start so many conversations an hour;
- the office takes so many waiting conversations at once (a flood of new ones is
  refused rather than burying the real ones in the inbox).

Each check runs *after* the row it limits was written, inside a savepoint the caller
rolls back when the check refuses: the write makes the check hold across processes
(SQLite lets one writer in at a time; on PostgreSQL the conversation's row lock, or an
advisory lock on the address, orders the concurrent requests), and nothing refused is
kept.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from lanta.services.errors import TooManyAttempts

from ..i18n import _
from ..models import Conversation, Message

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
# Waiting conversations older than this no longer count against the flood limit: a
# message left on Friday night and still unanswered must not close the widget on Monday.
WAITING_HORIZON = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Limits:
    messages_per_minute: int = 12
    messages_per_hour: int = 60
    # Many visitors share one address (a hotel's Wi-Fi, a carrier's gateway); a retried
    # start is not counted (see visitor.start).
    conversations_per_address_per_hour: int = 20
    waiting_at_once: int = 200


DEFAULT_LIMITS = Limits()
# Settings of the ini file's [app:main] section, each a whole number.
SETTINGS = {"chat.messages_per_minute": "messages_per_minute",
            "chat.messages_per_hour": "messages_per_hour",
            "chat.conversations_per_address_per_hour": "conversations_per_address_per_hour",
            "chat.waiting_at_once": "waiting_at_once"}


class RateLimited(TooManyAttempts):
    """Too many requests; ``retry_after`` seconds until one would be accepted."""

    def __init__(self, message: str, *, retry_after: int, **mapping: object) -> None:
        super().__init__(message, **mapping)
        self.retry_after = retry_after


def from_settings(settings: dict) -> Limits:
    """The limits the ini file sets (the defaults for those it does not)."""
    given = {field: int(settings[name]) for name, field in SETTINGS.items()
             if settings.get(name)}
    return Limits(**given)


def address_hash(address: str | None, secret: str) -> str:
    """SHA-256 of the visitor's address and the site's secret: enough to count an
    address's conversations, useless to learn the address back."""
    return hashlib.sha256(f"{address or ''}\n{secret}".encode()).hexdigest()


def _retry_after(oldest: dt.datetime | None, window: dt.timedelta, now: dt.datetime) -> int:
    if oldest is None:
        return int(window.total_seconds())
    if oldest.tzinfo is None:  # SQLite gives naive UTC back from an aggregate
        oldest = oldest.replace(tzinfo=dt.timezone.utc)
    return max(1, math.ceil((oldest + window - now).total_seconds()))


def check_message(dbsession: Session, conversation_id: int, limits: Limits,
                  now: dt.datetime) -> None:
    """Refuse when the conversation's visitor messages of the last minute or hour (the
    one just stored included) are more than the limits allow."""
    for window, allowed, sentence in (
            (MINUTE, limits.messages_per_minute,
             _("You are sending messages very fast. Please wait ${seconds} seconds.")),
            (HOUR, limits.messages_per_hour,
             _("This conversation has received many messages in the last hour. Please "
               "wait ${seconds} seconds."))):
        count, oldest = dbsession.execute(
            select(func.count(Message.id), func.min(Message.created_at)).where(
                Message.conversation_id == conversation_id, Message.kind == "visitor",
                Message.created_at > now - window)).one()
        if count > allowed:
            seconds = _retry_after(oldest, window, now)
            raise RateLimited(sentence, retry_after=seconds, seconds=seconds)


def lock_address(dbsession: Session, ip_hash: str) -> None:
    """On PostgreSQL, order the new conversations of one address across processes until
    the transaction ends (SQLite has one writer at a time already)."""
    if dbsession.get_bind().dialect.name == "postgresql":
        # 60 bits of a digest: fits PostgreSQL's bigint whatever the hash looks like.
        key = int(hashlib.sha256(f"lanta_chat {ip_hash}".encode()).hexdigest()[:15], 16)
        dbsession.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def check_new_conversation(dbsession: Session, ip_hash: str, limits: Limits,
                           now: dt.datetime) -> None:
    """Refuse when the address started more conversations in the last hour, or more
    conversations are waiting, than the limits allow (the one just started included)."""
    count, oldest = dbsession.execute(
        select(func.count(Conversation.id), func.min(Conversation.created_at)).where(
            Conversation.ip_hash == ip_hash, Conversation.created_at > now - HOUR)).one()
    if count > limits.conversations_per_address_per_hour:
        seconds = _retry_after(oldest, HOUR, now)
        raise RateLimited(_("Many conversations were started from your connection in the "
                            "last hour. Please try again in ${minutes} minutes."),
                          retry_after=seconds, minutes=max(1, math.ceil(seconds / 60)))
    waiting = dbsession.scalar(select(func.count(Conversation.id)).where(
        Conversation.state == "waiting",
        Conversation.last_message_at > now - WAITING_HORIZON))
    if waiting > limits.waiting_at_once:
        raise RateLimited(_("The office has too many conversations waiting right now. "
                            "Please try again in a few minutes."), retry_after=300)

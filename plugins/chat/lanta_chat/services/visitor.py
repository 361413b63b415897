"""What a visitor does from the widget: start a conversation (live when someone can
answer, else a message left with an e-mail address for the answer), write in it, read
what came after a cursor, and rate it once it is closed.

The visitor is known only by the conversation's secret (its token), which the browser
keeps; the rate limits of :mod:`.limits` apply to every write.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lanta.models import User
from lanta.services.errors import Conflict, InvalidField

from ..i18n import _
from ..models import RATINGS, Conversation, Message, utcnow
from . import limits as rate_limits
from . import messages, online

NAME_MAX = 80
EMAIL_MAX = 254
PAGE_URL_MAX = 500
PAGE_TITLE_MAX = 200
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
# A path of this site: one "/" then no second one, no backslash (browsers read "/\\host"
# as "//host"), no whitespace or control character (browsers drop tabs and newlines, so
# "/\t/host" would become "//host" too).
SITE_PATH = re.compile(r"/(?![/\\])[^\\\s\x00-\x1f\x7f-\x9f]*")
# The secret a widget makes itself for the conversation it starts (32 random bytes in
# base64url without padding), so that starting again after a lost answer is recognised.
VISITOR_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
# How soon the widget asks again: at once while someone may answer, slowly when
# nobody will (a message left by e-mail), rarely once closed (only the rating remains).
POLL_MS_LIVE = 1500
POLL_MS_OFFLINE = 15000
POLL_MS_CLOSED = 60000


@dataclass(frozen=True)
class Started:
    conversation: Conversation
    token: str
    message: Message
    created: bool = True


def _text(value: object, field: str, max_length: int) -> str:
    """An optional text field: absent or null is empty; anything but a string, or a
    string too long, is refused naming the field."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidField(_("${field} must be text."), on=field, field=field)
    value = value.strip()
    if len(value) > max_length:
        raise InvalidField(_("${field} holds at most ${max} characters."), on=field,
                           field=field, max=max_length)
    return value


def clean_email(value: object, *, required: bool) -> str:
    email = _text(value, "email", EMAIL_MAX)
    if not email:
        if required:
            raise InvalidField(_("The office is closed: leave your e-mail address so that "
                                 "we can answer you."), on="email")
        return ""
    if not EMAIL.match(email):
        raise InvalidField(_("This e-mail address does not look right."), on="email")
    return email


def clean_client_id(value: object) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= messages.CLIENT_ID_MAX:
        raise InvalidField(_("This message's identifier is not valid."), on="client_id")
    return value


def site_path(value: object) -> str | None:
    """``value`` when it is a path of this site (at most ``PAGE_URL_MAX`` characters),
    else None: never an address of another site nor a ``javascript:`` one."""
    if isinstance(value, str) and len(value) <= PAGE_URL_MAX and SITE_PATH.fullmatch(value):
        return value
    return None


def _page(page_url: object, page_title: object) -> tuple[str, str]:
    """The visitor's page. Anything but a path of this site is dropped rather than
    refused: the page only helps the office, and must never cost the visitor the
    message (the widget sends ``location.pathname + location.search``)."""
    if page_url is not None and not isinstance(page_url, str):
        raise InvalidField(_("${field} must be text."), on="page_url", field="page_url")
    url = site_path(page_url.strip()) if page_url else None
    return url or "", _text(page_title, "page_title", PAGE_TITLE_MAX)


def clean_token(value: object) -> str | None:
    """The secret the widget made for the conversation it starts, None when it sent
    none (the server makes one)."""
    if value is None:
        return None
    if not isinstance(value, str) or not VISITOR_TOKEN.fullmatch(value):
        raise InvalidField(_("The conversation's secret must be 43 characters of "
                             "base64url."), on="token")
    return value


def _first_message(dbsession: Session, conversation: Conversation) -> Message:
    return messages.messages_after(dbsession, conversation.id, 0, limit=1)[0]


def _started_before(dbsession: Session, token: str) -> Started | None:
    """The conversation this secret started already (a retried start), if any."""
    found = messages.by_token(dbsession, token)
    if found is None:
        return None
    return Started(found, token, _first_message(dbsession, found), created=False)


def start(dbsession: Session, *, message: object, client_id: object, language: str,
          name: object = None, email: object = None, page_url: object = None,
          page_title: object = None, ip_hash: str = "", token: object = None,
          limits: rate_limits.Limits = rate_limits.DEFAULT_LIMITS,
          now: dt.datetime | None = None) -> Started:
    """A new conversation with its first message. When nobody can answer now, the
    message is left for an answer by e-mail (channel ``email``), which needs ``email``.

    ``token``: the secret the widget made for it. A start sent again with the same
    secret (its answer was lost) returns the conversation it started, with
    ``created`` False, and counts against no limit."""
    now = now or utcnow()
    token = clean_token(token)
    if token is not None:
        before = _started_before(dbsession, token)
        if before is not None:
            return before
    body = messages.clean_body(message)
    client_id = clean_client_id(client_id)
    name = _text(name, "name", NAME_MAX)
    live = online.status(dbsession, now).online
    email = clean_email(email, required=not live)
    page_url, page_title = _page(page_url, page_title)
    chosen = token is not None
    token = token or messages.new_token()
    rate_limits.lock_address(dbsession, ip_hash)
    if chosen:
        # The same start again from the same address waited for the lock: see it now.
        before = _started_before(dbsession, token)
        if before is not None:
            return before
    # Written first and checked after, in a savepoint: see :mod:`.limits`.
    try:
        with dbsession.begin_nested():
            conversation = messages.start(
                dbsession, channel="web" if live else "email", language=language,
                name=name, email=email, page_url=page_url, page_title=page_title,
                offline=not live, token=token, ip_hash=ip_hash, now=now)
            first, _new = messages.add_message(dbsession, conversation.id, kind="visitor",
                                               body=body, client_id=client_id, now=now)
            rate_limits.check_new_conversation(dbsession, ip_hash, limits, now)
    except IntegrityError:
        # The same start at the same moment from another address (a phone changing
        # networks) stored it first: the secret's hash is unique.
        before = _started_before(dbsession, token) if chosen else None
        if before is None:
            raise
        return before
    return Started(conversation, token, first)


def write(dbsession: Session, conversation: Conversation, *, body: object,
          client_id: object, page_url: object = None, page_title: object = None,
          limits: rate_limits.Limits = rate_limits.DEFAULT_LIMITS,
          now: dt.datetime | None = None) -> tuple[Message, bool]:
    """The visitor's next message, and whether it is new (False: the same
    ``client_id`` was stored before, that message is returned and nothing counts)."""
    now = now or utcnow()
    text = messages.clean_body(body)
    client_id = clean_client_id(client_id)
    page_url, page_title = _page(page_url, page_title)
    with dbsession.begin_nested():
        message, created = messages.add_message(dbsession, conversation.id, kind="visitor",
                                                body=text, client_id=client_id, now=now)
        if created:
            rate_limits.check_message(dbsession, conversation.id, limits, now)
            if page_url:
                conversation.page_url, conversation.page_title = page_url, page_title
    return message, created


def rate(dbsession: Session, conversation: Conversation, rating: object,
         now: dt.datetime | None = None) -> Conversation:
    """The visitor's satisfaction (1 to 5) with a closed conversation; rating again
    replaces it."""
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS:
        raise InvalidField(_("Choose a rating from 1 to 5."), on="rating")
    conversation = messages.lock(dbsession, conversation.id)
    if conversation.state != "closed":
        raise Conflict(_("A conversation can be rated once it is closed."))
    conversation.rating, conversation.rated_at = rating, now or utcnow()
    dbsession.flush()
    return conversation


def poll_ms(conversation: Conversation) -> int:
    if conversation.state == "closed":
        return POLL_MS_CLOSED
    return POLL_MS_OFFLINE if conversation.offline else POLL_MS_LIVE


def authors(dbsession: Session, found: list[Message]) -> dict[int, str]:
    """The first names of the staff who wrote ``found`` (one query), by user id: a
    visitor sees who answers, never the full name or address."""
    ids = {m.author_id for m in found if m.kind == "staff" and m.author_id is not None}
    if not ids:
        return {}
    rows = dbsession.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return {uid: (name or "").split(" ")[0] for uid, name in rows}

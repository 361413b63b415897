"""Meta's Messenger Platform: the webhook's signature, its payload, and the Send API.

Meta signs every webhook call with the app's secret (``X-Hub-Signature-256:
sha256=<HMAC-SHA256 of the raw body>``); a call whose signature does not match is
refused before its body is even parsed. The payload holds entries, one per page, each
with ``messaging`` events; only the visitors' messages are kept: echoes of the page's
own messages, delivery and read receipts and postbacks change nothing in the inbox.

Replies go to ``{api_base}/me/messages`` with the page access token. Nothing here
raises for a network failure: :func:`send_text` returns a :class:`SendOutcome` that the
channel turns into a sentence for the staff.
"""
from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from sqlalchemy.orm import Session

from lanta.services.errors import InvalidField

from ..models import BODY_MAX
from . import messages

SIGNATURE_PREFIX = "sha256="
SENDER_ID_MAX = 200
# The Send API takes at most 2,000 characters a message; a longer reply goes in parts.
SEND_MAX = 2000
TIMEOUT_S = 10
# Meta's error subcode for a reply outside the 24 hours after the person's last message.
OUTSIDE_WINDOW_SUBCODE = 2018278


class PayloadError(ValueError):
    """The body is not a webhook payload (not JSON, or not the documented shape)."""


@dataclass(frozen=True)
class Incoming:
    """A visitor's message: ``text`` may be empty when it only holds attachments
    (``attachments``: their types, like ``image`` or ``file``)."""

    sender_id: str
    recipient_id: str
    mid: str
    text: str
    attachments: tuple[str, ...] = ()


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    """Whether ``header`` is the signature of ``body`` with ``secret`` (never True
    without a secret)."""
    if not secret or not header:
        return False
    expected = SIGNATURE_PREFIX + hmac.new(secret.encode("utf-8"), body,
                                           hashlib.sha256).hexdigest()
    # Bytes, so that a header holding non-ASCII characters is a mismatch, not an error.
    return hmac.compare_digest(expected.encode("ascii"),
                               header.strip().encode("utf-8", "replace"))


def sign(secret: str, body: bytes) -> str:
    """The header value Meta would send for ``body`` (for tests and tools)."""
    return SIGNATURE_PREFIX + hmac.new(secret.encode("utf-8"), body,
                                       hashlib.sha256).hexdigest()


def _dict(value: object) -> dict:
    if not isinstance(value, dict):
        raise PayloadError("an object was expected")
    return value


def _list(value: object) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PayloadError("a list was expected")
    return value


def _id(value: object) -> str:
    found = _dict(value).get("id") if value is not None else None
    if isinstance(found, int) and not isinstance(found, bool):
        found = str(found)
    return found if isinstance(found, str) else ""


def parse(body: bytes) -> list[Incoming]:
    """The visitors' messages of a webhook call, in the order given. Another object than
    ``page`` (Instagram, a page's feed) holds none."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PayloadError("not JSON") from exc
    data = _dict(data)
    if data.get("object") != "page":
        return []
    found = []
    for entry in _list(data.get("entry")):
        for event in _list(_dict(entry).get("messaging")):
            message = _dict(event).get("message")
            if message is None:
                continue  # a delivery or read receipt, a postback, a reaction
            message = _dict(message)
            if message.get("is_echo"):
                continue  # the page's own message, sent from Meta's tools or by us
            text = message.get("text")
            text = text if isinstance(text, str) else ""
            kinds = tuple(str(_dict(a).get("type") or "file")[:20]
                          for a in _list(message.get("attachments")))
            mid = message.get("mid")
            if not text.strip() and not kinds:
                continue
            found.append(Incoming(sender_id=_id(event.get("sender")),
                                  recipient_id=_id(event.get("recipient")),
                                  mid=mid if isinstance(mid, str) else "", text=text,
                                  attachments=kinds))
    return found


def client_id_of(mid: str) -> str | None:
    """The message's id as stored (``client_id`` holds 100 characters; a longer ``mid``
    is kept as its digest, the same for every redelivery)."""
    if not mid:
        return None
    if len(mid) <= messages.CLIENT_ID_MAX:
        return mid
    return "sha256:" + hashlib.sha256(mid.encode("utf-8")).hexdigest()


def store(dbsession: Session, incoming: list[Incoming], *, page_id: str = "",
          language: str = "fr", attachment_text: str = "[attachment]") -> int:
    """Hand each message to :func:`.messages.receive` (channel ``messenger``); a
    message for another page than ``page_id`` (when set) or without a sender is left
    out. ``attachment_text`` stands for a message made of attachments only, which the
    staff open in Meta's tools. Returns how many messages are new."""
    new = 0
    for item in incoming:
        if page_id and item.recipient_id != page_id:
            continue
        if not item.sender_id or len(item.sender_id) > SENDER_ID_MAX:
            continue
        body = item.text if item.text.strip() else attachment_text
        if len(body) > BODY_MAX:
            body = body[:BODY_MAX - 1] + "…"
        try:
            _c, _m, created = messages.receive(
                dbsession, channel="messenger", external_id=item.sender_id, body=body,
                client_id=client_id_of(item.mid), language=language)
        except InvalidField:
            continue  # nothing was written for it (the text is checked first)
        new += created
    return new


@dataclass(frozen=True)
class SendOutcome:
    """``ok``; otherwise ``reason``: ``network`` (no answer), ``window`` (more than 24
    hours since the person's last message) or ``refused`` (Meta's ``detail``)."""

    ok: bool
    reason: str = ""
    detail: str = ""


def parts_of(text: str, size: int = SEND_MAX) -> list[str]:
    """``text`` cut into messages of at most ``size`` characters, at a space when one
    is near the end."""
    parts = []
    while len(text) > size:
        cut = text.rfind(" ", size // 2, size)
        cut = cut if cut > 0 else size
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def _refusal(exc: urllib.error.HTTPError) -> SendOutcome:
    try:
        error = _dict(json.loads(exc.read().decode("utf-8"))).get("error")
        error = error if isinstance(error, dict) else {}
    except (ValueError, PayloadError, OSError):
        error = {}
    if error.get("error_subcode") == OUTSIDE_WINDOW_SUBCODE:
        return SendOutcome(False, "window")
    detail = error.get("message") if isinstance(error.get("message"), str) else ""
    return SendOutcome(False, "refused", f"HTTP {exc.code}" + (f": {detail}" if detail
                                                                else "")[:200])


def send_text(api_base: str, page_token: str, recipient_id: str, text: str,
              timeout: float = TIMEOUT_S) -> SendOutcome:
    """Send ``text`` to the person ``recipient_id`` (a page-scoped id) as a reply."""
    query = urllib.parse.urlencode({"access_token": page_token})
    url = f"{api_base.rstrip('/')}/me/messages?{query}"
    for part in parts_of(text):
        payload = json.dumps({"recipient": {"id": recipient_id},
                              "messaging_type": "RESPONSE",
                              "message": {"text": part}}).encode("utf-8")
        request = urllib.request.Request(url, data=payload, method="POST", headers={
            "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                answer.read()
        except urllib.error.HTTPError as exc:
            with exc:  # its body is an open response
                return _refusal(exc)
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError):
            return SendOutcome(False, "network")
    return SendOutcome(True)

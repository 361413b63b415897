"""The channels' settings, stored in the core's ``site_settings`` table under keys
prefixed ``chat.messenger.`` (the core's loader ignores keys it does not know).

- ``page_id``: the Facebook page whose conversations come in (its number);
- ``app_secret``: the Meta app's secret, which signs every webhook call;
- ``page_token``: the page access token the Send API wants for replies;
- ``verify_token``: the string the office typed in Meta's console, checked once when
  Meta subscribes the webhook;
- ``send_replies``: whether staff replies leave through the Send API (off: they stay in
  the inbox, and the staff answer from Meta's own tools).

The three secrets are only ever written and tested for presence by the pages; they are
never shown back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lanta.models import SiteSetting
from lanta.services.errors import InvalidField

from ..i18n import _

PREFIX = "chat.messenger."
SECRETS: tuple[str, ...] = ("app_secret", "page_token", "verify_token")
FIELDS: tuple[str, ...] = ("page_id", "app_secret", "page_token", "verify_token",
                           "send_replies")
PAGE_ID = re.compile(r"^[0-9]{1,30}$")
# Printable ASCII without spaces: what Meta's console gives and accepts.
TOKEN = re.compile(r"^[\x21-\x7e]+$")
LIMITS = {"app_secret": (8, 200), "page_token": (20, 1000), "verify_token": (8, 200)}


@dataclass(frozen=True)
class MessengerSettings:
    page_id: str = ""
    app_secret: str = ""
    page_token: str = ""
    verify_token: str = ""
    send_replies: bool = False


def messenger(dbsession: Session) -> MessengerSettings:
    """The stored Messenger settings; a value of the wrong type (a hand-edited row)
    counts as unset."""
    rows = dbsession.scalars(select(SiteSetting).where(
        SiteSetting.key.in_([PREFIX + name for name in FIELDS])))
    values = {row.key[len(PREFIX):]: row.value for row in rows}
    found: dict[str, object] = {}
    for name in FIELDS:
        value = values.get(name)
        wanted = bool if name == "send_replies" else str
        if isinstance(value, wanted):
            found[name] = value
    return MessengerSettings(**found)  # type: ignore[arg-type]


def _check(name: str, value: str) -> str:
    if name == "page_id":
        if value and not PAGE_ID.match(value):
            raise InvalidField(_("A page's id is a number (digits only), as Meta shows "
                                 "it in the page's settings."), on=name)
        return value
    low, high = LIMITS[name]
    if not TOKEN.match(value) or not low <= len(value) <= high:
        raise InvalidField(_("Paste the value as Meta gives it: ${low} to ${high} "
                             "characters, without spaces."), on=name, low=low, high=high)
    return value


def save_messenger(dbsession: Session, *, page_id: str | None = None,
                   app_secret: str | None = None, page_token: str | None = None,
                   verify_token: str | None = None, send_replies: bool | None = None,
                   forget: tuple[str, ...] = ()) -> MessengerSettings:
    """Store the values given (None keeps the stored one; ``forget`` names secrets to
    remove). Every value is checked before anything is written."""
    given = {"page_id": page_id, "app_secret": app_secret, "page_token": page_token,
             "verify_token": verify_token}
    changes: dict[str, object] = {name: _check(name, value.strip())
                                  for name, value in given.items() if value is not None}
    if send_replies is not None:
        changes["send_replies"] = bool(send_replies)
    for name in forget:
        if name not in SECRETS:
            raise InvalidField(_("Unknown setting."), on="forget")
        changes[name] = ""
    for name, value in changes.items():
        row = dbsession.get(SiteSetting, PREFIX + name)
        if row is None:
            dbsession.add(SiteSetting(key=PREFIX + name, value=value, revision=1))
        else:
            row.value, row.revision = value, (row.revision or 0) + 1
    dbsession.flush()
    return messenger(dbsession)

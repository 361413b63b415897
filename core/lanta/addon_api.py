"""The public API for add-ons: the hook marker and the values that hooks return.

An add-on imports from ``lanta.addon_api``, ``lanta.models`` (its ``Base`` and the core
models), ``lanta.services``, ``lanta.forms``, ``lanta.labels``, ``lanta.pictures``,
``lanta.reporting`` (report pages: periods of office days, bar charts, CSV; for views,
since it imports Pyramid) and ``lanta.testing``; nothing else of the core is public.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

import pluggy

hookimpl = pluggy.HookimplMarker("lanta")


def from_page_modules(package: str, names: Iterable[str], function: str,
                      request: Any) -> list[Any]:
    """Everything the page modules ``package.NAME`` (for each of ``names``, in order)
    return from their ``function(request)``: an add-on whose pages are split over several
    modules answers ``lanta_admin_menu`` with ``"menu_entries"`` and
    ``lanta_dashboard_widgets`` with ``"dashboard_widgets"`` through it. A module without
    ``function`` adds nothing (a page module with no menu entry, say)."""
    found: list[Any] = []
    for name in names:
        answer = getattr(importlib.import_module(f"{package}.{name}"), function, None)
        if answer is not None:
            found.extend(answer(request))
    return found

ROLES: tuple[str, ...] = ("admin", "editor", "reviewer", "staff", "partner", "tester",
                          "visitor")


@dataclass(frozen=True)
class PermissionGrant:
    """``permission`` is granted to each of ``roles`` (see ``lanta_permissions``)."""

    permission: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class AdminMenuEntry:
    """One link of the admin menu; ``title`` is a translation string.

    ``section`` (a translation string) is the heading the link is listed under: an
    add-on's links usually share one, its name. The admin menu shows each section where
    its first link falls by ``order``; the links without a section are listed together,
    without a heading, where the first of them falls. The other menus made of these
    entries (account, partner space) ignore it."""

    title: Any
    url: str
    permission: str
    order: int = 100
    name: str = ""
    section: Any = None


@dataclass(frozen=True)
class DashboardWidget:
    """A box on the admin dashboard; ``body`` is safe HTML."""

    title: Any
    body: Any
    permission: str = "admin.access"
    order: int = 100


@dataclass(frozen=True)
class PartnerPanel:
    """A panel on a partner's public page; ``body`` is safe HTML."""

    title: Any
    body: Any
    order: int = 100


@dataclass(frozen=True)
class SearchDocument:
    """One entry of the site search index.

    ``id`` is unique: the row's key (``banner:12``) or, for one document per language,
    the key and the language (``banner:12:fr``); every document of a key is replaced
    together. ``summary`` is the short text shown under the title in the results.
    ``category`` and ``tags`` are facets. A document before ``effective`` or from
    ``expires`` on (aware datetimes) is kept out of the results without a reindex.
    """

    id: str
    type: str
    title: str
    text: str
    url: str
    language: str = "fr"
    tags: tuple[str, ...] = field(default_factory=tuple)
    category: str = ""
    effective: datetime | None = None
    expires: datetime | None = None
    summary: str = ""
    # Multiplies the document's score for the words asked (set by the core from the
    # ``lanta_search_boosts`` hook; 1.0 leaves it as it is).
    boost: float = 1.0


@dataclass(frozen=True)
class ChatDelivery:
    """How sending a staff reply through a chat channel went: ``state`` is ``sent``,
    ``failed`` (``error`` says why, in a sentence for the staff) or ``off`` (the
    channel's sending is switched off)."""

    state: str
    error: str = ""


@dataclass(frozen=True)
class ChatChannel:
    """A way visitors write to the office's chat inbox (see ``lanta_chat_channels``).

    ``name``: stored with each conversation (lower case letters, digits, ``-``, ``_``;
    at most 32). ``label``: a translation string shown in the inbox and the figures.
    ``deliver(request, conversation, message) -> ChatDelivery``: sends a staff reply;
    None for a channel whose visitors fetch replies themselves (the site's widget)."""

    name: str
    label: Any
    deliver: Callable[[Any, Any, Any], ChatDelivery] | None = None

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_-]{0,31}", self.name):
            raise ValueError("A chat channel's name must be lower case letters, digits, "
                             f"'-' or '_' (at most 32): {self.name!r}.")


@dataclass(frozen=True)
class InboundChatMessage:
    """A visitor's message that came through a channel (see ``lanta_chat_inbound``).

    ``sender_id``: the visitor in that channel (a Messenger page-scoped id, a phone
    number); ``message_id``: the channel's own id for the message, so that a message
    delivered twice is stored once; ``language``: the visitor's, when the channel
    knows it."""

    channel: str
    sender_id: str
    body: str
    message_id: str | None = None
    sender_name: str = ""
    language: str = "fr"

"""The public API for add-ons: the hook marker and the values that hooks return.

An add-on imports from ``lanta.addon_api``, ``lanta.models`` (its ``Base`` and the core
models), ``lanta.services``, ``lanta.forms``, ``lanta.labels``, ``lanta.pictures`` and
``lanta.testing``; nothing else of the core is public.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pluggy

hookimpl = pluggy.HookimplMarker("lanta")
# For an add-on that declares hooks of its own (its module ``HOOKSPECS``).
hookspec = pluggy.HookspecMarker("lanta")

ROLES: tuple[str, ...] = ("admin", "editor", "reviewer", "staff", "partner", "tester",
                          "visitor")


@dataclass(frozen=True)
class PermissionGrant:
    """``permission`` is granted to each of ``roles`` (see ``lanta_permissions``)."""

    permission: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class AdminMenuEntry:
    """One link of the admin menu; ``title`` is a translation string."""

    title: Any
    url: str
    permission: str
    order: int = 100
    name: str = ""


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

"""Site settings the office admin changes at run time (name, languages, theme, add-ons…).

Stored as one JSON value per key in ``site_settings``; read once per request, so a change
written by any process is seen by every process at its next request.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from ..models import SiteSetting


@dataclass
class SiteSettings:
    name: str = "Office de tourisme"
    tagline: str = ""
    languages: list[str] = field(default_factory=lambda: ["fr", "en"])
    contact_email: str = ""
    contact_phone: str = ""
    address: str = ""
    logo: str = ""  # file name under the uploads folder, empty for none
    theme: str = "default"
    enabled_addons: list[str] = field(default_factory=list)

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "fr"


FIELD_NAMES = {f.name for f in fields(SiteSettings)}


# The stored JSON as text: every request reads the settings (``request.site``), and
# building ORM objects and decoding JSON cost more than the query itself. The text read
# is compared with the last one decoded, which is reused while nothing changed. Keyed by
# content, not by a revision, it cannot be stale: a rolled-back change, another database
# or a row written behind the ORM's back all read as different text.
_STORED_TEXT = select(SiteSetting.key, cast(SiteSetting.value, Text)).where(
    SiteSetting.key.in_(sorted(FIELD_NAMES))).order_by(SiteSetting.key)
_last_decoded: tuple[tuple, dict[str, Any]] = ((), {})


def load(dbsession: Session) -> SiteSettings:
    global _last_decoded
    stored = tuple(tuple(row) for row in dbsession.execute(_STORED_TEXT))
    text, values = _last_decoded  # one read: another thread may replace it meanwhile
    if stored != text:
        values = {key: json.loads(value) for key, value in stored if value is not None}
        _last_decoded = (stored, values)
    # Lists copied: a caller changing its copy must not change the next request's.
    return SiteSettings(**{key: list(value) if isinstance(value, list) else value
                           for key, value in values.items()})


def read_for_update(dbsession: Session, key: str) -> Any:
    """The committed value of ``key`` (None when unset), its row locked until the end of
    the transaction, for a read-modify-write: without the lock, two processes changing
    the same list at once would each write back the copy they read, losing the other's
    change; and the session may hold a copy loaded earlier in the request."""
    if key not in FIELD_NAMES:
        raise KeyError(f"unknown site setting: {key}")
    row = dbsession.get(SiteSetting, key, with_for_update=True, populate_existing=True)
    return row.value if row is not None else None


def save(dbsession: Session, **changes: Any) -> SiteSettings:
    """Write the given settings; unknown keys are a programming error."""
    unknown = set(changes) - FIELD_NAMES
    if unknown:
        raise KeyError(f"unknown site settings: {', '.join(sorted(unknown))}")
    for key, value in changes.items():
        row = dbsession.get(SiteSetting, key)
        if row is None:
            dbsession.add(SiteSetting(key=key, value=value, revision=1))
        else:
            row.value = value
            row.revision = (row.revision or 0) + 1
    dbsession.flush()
    return load(dbsession)


def as_dict(settings: SiteSettings) -> dict[str, Any]:
    return asdict(settings)

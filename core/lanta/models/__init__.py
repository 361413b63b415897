"""Typed SQLAlchemy models of the core and the database plumbing (engine, sessions).

Add-ons define their models on :class:`lanta.models.meta.Base` and import from here only.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator

import zope.sqlalchemy
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from .cache_generation import CacheGeneration, mark_changed, never_on_visitor_pages
from .content import ContentItem, ContentRevision, EventDetails
from .image import StoredImage
from .meta import Base
from .partner import Partner
from .partner_change import PartnerChange, PartnerMember
from .partner_photo import PartnerPhoto
from .site_setting import SiteSetting
from .types import UTCDateTime
from .user import LoginAttempt, PasswordResetToken, User, utcnow

__all__ = [
    "Base",
    "CacheGeneration",
    "ContentItem",
    "ContentRevision",
    "EventDetails",
    "LoginAttempt",
    "Partner",
    "PartnerChange",
    "PartnerMember",
    "PartnerPhoto",
    "PasswordResetToken",
    "SiteSetting",
    "StoredImage",
    "UTCDateTime",
    "User",
    "get_engine",
    "MAX_ID",
    "mark_changed",
    "never_on_visitor_pages",
    "row_by_id",
    "sql_in",
    "writing",
    "get_session_factory",
    "get_tm_session",
    "utcnow",
]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling starts a transaction only at the first
    # write, so a SAVEPOINT before it becomes the outer transaction and its RELEASE
    # commits. SQLAlchemy emits BEGIN itself instead (_sqlite_begin), as its docs advise.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL still never corrupts the database; a power cut may lose the last
    # commits, where FULL would wait for the disk at every commit (about 9 ms here).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# Set while a request or command means to write (see ``writing``). SQLite then takes its
# write lock at BEGIN, waiting for it up to the busy timeout; a transaction begun plain
# that reads, then writes after another writer committed, fails at once with "database
# is locked" instead, and the busy timeout cannot help it.
_WRITE_INTENT: ContextVar[bool] = ContextVar("lanta_write_intent", default=False)


@contextmanager
def writing() -> Iterator[None]:
    """Transactions begun inside mean to write: on SQLite, ``BEGIN IMMEDIATE``."""
    token = _WRITE_INTENT.set(True)
    try:
        yield
    finally:
        _WRITE_INTENT.reset(token)


def write_intended() -> bool:
    return _WRITE_INTENT.get()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write_intended() else "BEGIN")


def sql_in(values: tuple[str, ...]) -> str:
    """``'a', 'b'``: the list of a ``CHECK (state IN (…))`` constraint over a model's
    fixed values (constants of the code, never input)."""
    return ", ".join(f"'{v}'" for v in values)


# The largest value of an INTEGER key (PostgreSQL's int4).
MAX_ID = 2**31 - 1


def row_by_id(dbsession: Session, model: Any, row_id: int) -> Any:
    """``dbsession.get`` for an id that came from outside (an address, a form): None
    beyond the keys' range, which PostgreSQL refuses even to compare with its column."""
    if not 0 < row_id <= MAX_ID:
        return None
    return dbsession.get(model, row_id)


def get_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys, a busy timeout and real
    transactions (savepoints included)."""
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def get_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def get_tm_session(session_factory: sessionmaker[Session], transaction_manager: Any,
                   request: Any = None) -> Session:
    """A session joined to ``transaction_manager`` (pyramid_tm commits or aborts it)."""
    dbsession = session_factory(info={"request": request})
    zope.sqlalchemy.register(dbsession, transaction_manager=transaction_manager)
    return dbsession

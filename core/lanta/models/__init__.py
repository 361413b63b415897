"""Typed SQLAlchemy models of the core and the database plumbing (engine, sessions).

Add-ons define their models on :class:`lanta.models.meta.Base` and import from here only.
"""
from __future__ import annotations

import threading

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator

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
from .request_sessions import listen_for_request_sessions, request_session
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


# SQLite has one writer at a time. The others wait in its busy handler, which polls
# with growing sleeps (up to 100 ms each): a writer may sleep on long after the lock is
# free, and under a queue of writers the slowest answers take ten times the median. The
# writers of one process queue on this lock instead and each starts the moment the one
# before it ends; other processes still meet the busy timeout. Past that timeout a
# writer goes on to BEGIN IMMEDIATE anyway, where SQLite gives the usual error.
WRITER_WAIT = 5.0
_WRITER_HELD = "lanta.sqlite_writer"


def _sqlite_begin(connection: Any) -> None:
    if not write_intended():
        connection.exec_driver_sql("BEGIN")
        return
    writers: threading.Lock = connection.engine.lanta_sqlite_writers
    # A connection that begins again before going back to the pool still holds it.
    if _WRITER_HELD not in connection.info and writers.acquire(timeout=WRITER_WAIT):
        connection.info[_WRITER_HELD] = writers
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        _give_back(connection.info)
        raise


def _give_back(info: dict) -> None:
    writers = info.pop(_WRITER_HELD, None)
    if writers is not None:
        writers.release()


def _sqlite_returned(_dbapi_connection: Any, record: Any, *_rest: Any) -> None:
    # Given back when the connection returns to the pool, which is after its COMMIT or
    # ROLLBACK has run (the engine's commit event comes before it: the next writer would
    # meet SQLite's busy handler for the length of the commit), or when it is invalidated.
    _give_back(record.info)


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
    """An engine for ``url``; SQLite gets WAL, foreign keys, a busy timeout, real
    transactions (savepoints included) and its writers queued in order."""
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        engine.lanta_sqlite_writers = threading.Lock()
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine.pool, "checkin", _sqlite_returned)
        event.listen(engine.pool, "invalidate", _sqlite_returned)
    return engine


def get_session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    listen_for_request_sessions(factory)
    return factory


def get_tm_session(session_factory: sessionmaker[Session], transaction_manager: Any,
                   request: Any = None) -> Session:
    """A session joined to ``transaction_manager`` (pyramid_tm commits or aborts it);
    ``session_factory`` comes from :func:`get_session_factory`."""
    return request_session(session_factory, transaction_manager, request)

"""A page cache for anonymous visitors, shared by nothing and never stale after an edit.

Each server process keeps the visitor pages it rendered for anonymous requests, with the
*generation* of the site's data they were rendered from. Every commit that changes data
(other than login bookkeeping) increases the generation in the database, in the same
transaction (:mod:`lanta.models.cache_generation`); each request reads it (one row by its
key) before answering from the cache.
So an edit committed by any process makes every process render afresh from the next
request on, with no message between them.

Pages that change with the clock alone ("open now", today's events, a scheduled page
appearing) are kept at most ``max_age`` seconds.

Only GET requests for ``/{lang}/…`` without the session cookie are served from the cache,
and only 200 answers without ``Set-Cookie`` or ``Cache-Control: private/no-store`` are
kept: nothing personal is ever stored or shared. The cache is WSGI middleware in front of
Pyramid (:func:`wrap`), so a page it holds costs one counter read and no rendering.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from . import logging_tween as access_log

log = logging.getLogger(__name__)

GENERATION_SQL = "SELECT value FROM cache_generation WHERE id = 1"
VISITOR_PATH = re.compile(r"^/[a-z]{2}/")
# Search results come from the index, updated just after the commit that the generation
# counts: a search page rendered in between would be kept stale. They are not cached.
UNCACHED_PATH = re.compile(r"^/[a-z]{2}/search\b")
SESSION_COOKIE = "lanta_session"
STORED_TYPES = ("text/html", "application/xml", "application/atom+xml",
                "application/rss+xml", "text/calendar")


@dataclass(frozen=True)
class Entry:
    generation: int
    stored_at: float
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


class PageCache:
    """The pages of one process, least recently used dropped first."""

    def __init__(self, engine, *, max_entries: int = 2000, max_bytes: int = 64 * 2**20,
                 max_age: float = 60.0) -> None:
        self.engine = engine
        self.max_entries, self.max_bytes, self.max_age = max_entries, max_bytes, max_age
        self._entries: OrderedDict[tuple[str, str, str], Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._local = threading.local()
        self._readers: list = []

    def generation(self) -> int:
        try:
            return self._read_generation()
        except Exception:
            # A broken connection (a database restart): drop it, read once more afresh.
            self._close_reader()
            return self._read_generation()

    def _read_generation(self) -> int:
        # Each server thread keeps one connection of its own, in autocommit, for this
        # read alone: taking one from the pool at every request costs more than the
        # whole cached answer once 16 clients wait (measured: 400 against 1,300 req/s).
        reader = getattr(self._local, "reader", None)
        if reader is None:
            reader = self._local.reader = self.engine.raw_connection()
            with self._lock:
                self._readers.append(reader)
            driver = reader.driver_connection
            if self.engine.dialect.name == "sqlite":
                driver.isolation_level = None
            else:
                driver.autocommit = True
        cursor = reader.cursor()
        try:
            cursor.execute(GENERATION_SQL)
            row = cursor.fetchone()
        finally:
            cursor.close()
        return row[0] if row else 0

    def _close_reader(self) -> None:
        reader = getattr(self._local, "reader", None)
        self._local.reader = None
        if reader is not None:
            with self._lock:
                self._readers.remove(reader)
            self._invalidate(reader)

    @staticmethod
    def _invalidate(reader) -> None:
        try:
            reader.invalidate()
        except Exception:  # already gone
            log.debug("closing a generation reader failed", exc_info=True)

    def close(self) -> None:
        """Close every thread's reading connection (before the engine is disposed)."""
        with self._lock:
            readers, self._readers = self._readers, []
        for reader in readers:
            self._invalidate(reader)
        self._local = threading.local()

    def get(self, key: tuple[str, str, str], generation: int) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.generation != generation or time.monotonic() - entry.stored_at > self.max_age:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple[str, str, str], entry: Entry) -> None:
        body = entry.body
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += len(body)
            while self._entries and (len(self._entries) > self.max_entries
                                     or self._bytes > self.max_bytes):
                self._drop(next(iter(self._entries)))

    def _drop(self, key) -> None:
        entry = self._entries.pop(key)
        self._bytes -= len(entry.body)

    def __len__(self) -> int:
        return len(self._entries)


def _cacheable_environ(environ) -> bool:
    path = environ.get("PATH_INFO", "")
    return (environ.get("REQUEST_METHOD") == "GET"
            and f"{SESSION_COOKIE}=" not in environ.get("HTTP_COOKIE", "")
            and VISITOR_PATH.match(path) is not None and UNCACHED_PATH.match(path) is None)


def _cacheable_answer(status: str, headers: list[tuple[str, str]]) -> bool:
    names = {name.lower(): value for name, value in headers}
    content_type = names.get("content-type", "").split(";")[0].strip()
    cache_control = names.get("cache-control", "")
    return (status.startswith("200 ") and "set-cookie" not in names
            and content_type in STORED_TYPES
            and "private" not in cache_control and "no-store" not in cache_control)


class PageCacheMiddleware:
    """WSGI middleware in front of the whole Pyramid application: a page it holds is
    answered without routing, tweens or rendering. It sees the final answer, headers
    added by response callbacks (the session's Set-Cookie) included, before keeping it."""

    def __init__(self, app, cache: PageCache) -> None:
        self.app = app
        self.cache = cache
        self.registry = app.registry  # callers reach the application's registry through it

    def __call__(self, environ, start_response):
        if not _cacheable_environ(environ):
            return self.app(environ, start_response)
        started = time.perf_counter()
        # Read before rendering: a commit while the page renders makes it stale at once.
        generation = self.cache.generation()
        key = (environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST", ""),
               environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", ""))
        entry = self.cache.get(key, generation)
        if entry is not None:
            request_id = access_log.make_request_id(environ.get("HTTP_X_REQUEST_ID", ""))
            start_response(entry.status, [*entry.headers, ("X-Lanta-Cache", "hit"),
                                          ("X-Request-Id", request_id)])
            access_log.log_request("GET", environ.get("PATH_INFO", ""),
                                   int(entry.status[:3]), request_id, started)
            return [entry.body]
        answer: dict = {}

        def capture(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers
            return start_response(status, [*headers, ("X-Lanta-Cache", "miss")], exc_info)

        chunks = self.app(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        if _cacheable_answer(answer.get("status", ""), answer.get("headers", [])):
            kept = tuple((name, value) for name, value in answer["headers"]
                         if name.lower() != "x-request-id")
            self.cache.put(key, Entry(generation, time.monotonic(), answer["status"], kept,
                                      body))
        return [body]


def wrap(app):
    """The application behind the page cache when ``lanta.page_cache`` is on."""
    cache = getattr(app.registry, "lanta_page_cache", None)
    return PageCacheMiddleware(app, cache) if cache is not None else app

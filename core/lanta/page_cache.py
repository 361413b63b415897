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
kept: nothing personal is ever stored or shared.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from pyramid.response import Response

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

    def put(self, key: tuple[str, str, str], generation: int, response) -> None:
        body = response.body
        entry = Entry(generation, time.monotonic(), response.status,
                      tuple(response.headerlist), body)
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


def cacheable_request(request) -> bool:
    return (request.method == "GET" and SESSION_COOKIE not in request.cookies
            and VISITOR_PATH.match(request.path) is not None
            and UNCACHED_PATH.match(request.path) is None)


def cacheable_response(response) -> bool:
    cache_control = response.headers.get("Cache-Control", "")
    return (response.status_int == 200 and "Set-Cookie" not in response.headers
            and response.content_type in STORED_TYPES
            and "private" not in cache_control and "no-store" not in cache_control)


def page_cache_tween_factory(handler, registry):
    cache: PageCache | None = getattr(registry, "lanta_page_cache", None)
    if cache is None:
        return handler

    def tween(request):
        if not cacheable_request(request):
            return handler(request)
        # Read before rendering: a commit while the page renders makes it stale at once.
        generation = cache.generation()
        # The scheme too: pages carry absolute links (pictures, feeds, hreflang).
        key = (request.scheme, request.host, request.path_qs)
        entry = cache.get(key, generation)
        if entry is not None:
            response = Response(status=entry.status, headerlist=list(entry.headers),
                                body=entry.body)
            response.headers["X-Lanta-Cache"] = "hit"
            return response
        response = handler(request)
        # Response callbacks run after the tweens and may still add headers (the
        # session's Set-Cookie): a response that has any is never shared.
        if cacheable_response(response) and not getattr(request, "response_callbacks", None):
            cache.put(key, generation, response)
        response.headers["X-Lanta-Cache"] = "miss"
        return response

    return tween

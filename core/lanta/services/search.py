"""The site search index (Whoosh): one schema for every kind of document, analysers that
fold accents and stem, facets, and writes that other processes see at their next query.

On disk, ``directory`` holds:

- ``CURRENT``: the name of the generation in use (``gen-…``), a complete Whoosh index;
  a rebuild writes a new generation beside it and swaps ``CURRENT`` with one rename, so a
  reader in another process never opens a half-built index;
- ``write.lock``: every writer of every process (commit-time updates, the swap) holds it;
- ``rebuild.keys``: present while a rebuild runs; updates append their keys to it, and the
  rebuild replays them on its new generation before the swap, so none is lost.
"""
from __future__ import annotations

import bisect
import datetime as dt
import fcntl
import logging
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator

import whoosh.index
from whoosh import query

from ..addon_api import SearchDocument
from .search_schema import build_schema, document_key, field_suffix, index_fields, naive_utc
from .search_query import SearchHit, SearchResults, hidden_query, hit_of, window_dates
from .search_snapshot import FACETS, Snapshot

log = logging.getLogger(__name__)

PROGRESS_EVERY = 500
SCORED_AT_MOST = 2000
# Whoosh scores by walking every document holding the words, filter or not: past this
# many, a few matches (a common word within one category) cost as much as thousands.
SCORED_POSTINGS_AT_MOST = 4000


class IndexBusy(Exception):
    """Another writer held the index longer than the wait allowed."""


class RebuildRunning(Exception):
    """A rebuild of this index is already running (in this or another process)."""


@contextmanager
def _exclusive(path: Path, timeout: float,
               busy: type[Exception] = IndexBusy) -> Iterator[None]:
    """An flock on ``path``, else ``busy`` after ``timeout`` seconds. Each holder opens
    its own descriptor, so threads of one process wait for each other as processes do."""
    deadline = time.monotonic() + timeout
    with open(path, "a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise busy(f"{path} stayed locked for {timeout:g} s") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class IndexUpdate:
    """What a holder of the write lock may do: replace the documents of some keys."""

    def __init__(self, index: "SearchIndex", ix: Any) -> None:
        self._index = index
        self._ix = ix

    def replace(self, keys: Iterable[str], documents: Iterable[SearchDocument]) -> int:
        """Delete every document of ``keys``, add ``documents`` (each belonging to one of
        ``keys``), in one commit; returns how many were added."""
        keys = set(keys)
        added = _replace(self._ix, keys, documents, self._index.lock_timeout)
        journal = self._index.directory / "rebuild.keys"
        if keys and journal.exists():
            with open(journal, "a", encoding="utf-8") as handle:
                handle.write("".join(f"{key}\n" for key in sorted(keys)))
        return added


def _replace(ix: Any, keys: set[str], documents: Iterable[SearchDocument],
             timeout: float) -> int:
    writer = ix.writer(timeout=timeout)
    added = 0
    try:
        for key in keys:
            writer.delete_by_term("key", key)
        for document in documents:
            if document_key(document) not in keys:
                raise ValueError(f"the document {document.id} is not one of the keys "
                                 "being replaced")
            writer.add_document(**index_fields(document))
            added += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return added


class SearchIndex:
    """The index in ``directory`` (created if missing). Each thread keeps a searcher
    open and checks before each query whether the index changed: no reopening per
    query, yet a commit of another process is seen by the next one."""

    def __init__(self, directory: Path, *, lock_timeout: float = 30.0) -> None:
        self.directory = Path(directory)
        self.lock_timeout = lock_timeout
        self.schema = build_schema()
        self._searchers: dict[int, tuple[str, Any]] = {}
        self._searchers_lock = threading.Lock()
        # The lists of the latest version seen, and of each of its segments.
        self._snapshot: tuple[tuple[str, int], Snapshot] | None = None
        self._snapshot_lock = threading.Lock()
        self._segments: dict[str, dict[str, list[Any]]] = {}
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._current_name() is None:
            with self._locked():
                if self._current_name() is None:
                    self._swap_to(self._new_generation())

    # --- generations ---------------------------------------------------------------

    def _current_name(self) -> str | None:
        try:
            return (self.directory / "CURRENT").read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def _new_generation(self) -> str:
        name = f"gen-{time.time_ns()}-{os.getpid()}"
        path = self.directory / name
        path.mkdir()
        whoosh.index.create_in(str(path), self.schema)
        return name

    def _swap_to(self, name: str) -> None:
        pointer = self.directory / f"CURRENT.{os.getpid()}.{threading.get_ident()}"
        pointer.write_text(name, encoding="utf-8")
        os.replace(pointer, self.directory / "CURRENT")

    def _locked(self):
        return _exclusive(self.directory / "write.lock", self.lock_timeout)

    def _open(self, name: str | None = None) -> Any:
        return whoosh.index.open_dir(str(self.directory / (name or self._current_name())))

    # --- writing ---------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[IndexUpdate]:
        """Hold the write lock (waiting up to ``lock_timeout``, else :class:`IndexBusy`):
        what is read inside the block is written before any other writer starts."""
        with self._locked():
            yield IndexUpdate(self, self._open())

    def replace(self, keys: Iterable[str], documents: Iterable[SearchDocument]) -> int:
        """:meth:`IndexUpdate.replace` under the lock; ``documents`` is consumed inside
        it, so a lazy iterable reads its rows after the lock is taken."""
        with self.writing() as update:
            return update.replace(keys, documents)

    def rebuild(self, documents: Iterable[SearchDocument], total: int | None = None,
                on_progress: Callable[[int, int | None], None] | None = None,
                refetch: Callable[[set[str]], Iterable[SearchDocument]] | None = None
                ) -> int:
        """A new generation holding ``documents``, swapped in whole; returns how many.

        Keys updated while it was built are given to ``refetch``, whose documents
        (read afresh) replace theirs before the swap. ``on_progress(done, total)`` is
        called every few hundred documents."""
        with _exclusive(self.directory / "rebuild.lock", 0, RebuildRunning):
            return self._rebuild(documents, total, on_progress, refetch)

    def _rebuild(self, documents, total, on_progress, refetch) -> int:
        journal = self.directory / "rebuild.keys"
        with self._locked():
            journal.write_text("", encoding="utf-8")
        name = None
        try:
            name = self._new_generation()
            ix = self._open(name)
            writer = ix.writer(limitmb=256)
            done, seen = 0, set()
            try:
                for document in documents:
                    if document.id in seen:
                        log.warning("Two search documents have the id %s; the first is "
                                    "kept.", document.id)
                        continue
                    seen.add(document.id)
                    writer.add_document(**index_fields(document))
                    done += 1
                    if on_progress is not None and done % PROGRESS_EVERY == 0:
                        on_progress(done, total)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            with self._locked():
                keys = set(journal.read_text(encoding="utf-8").split())
                if keys and refetch is not None:
                    _replace(ix, keys, refetch(keys), self.lock_timeout)
                elif keys:
                    log.warning("%d keys changed during the rebuild and cannot be read "
                                "again; the next rebuild picks them up.", len(keys))
                previous = self._current_name()
                self._swap_to(name)
                journal.unlink()
            name = None
            self._remove_generations(keep={self._current_name(), previous})
            if on_progress is not None:
                on_progress(done, total)
            return done
        finally:
            if name is not None:  # failed: the half-built generation goes
                shutil.rmtree(self.directory / name, ignore_errors=True)
                journal.unlink(missing_ok=True)

    def _remove_generations(self, keep: set[str | None]) -> None:
        """Generations older than the previous one (a reader elsewhere may still be
        on the previous one until its next query)."""
        for path in self.directory.glob("gen-*"):
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    # --- searching -------------------------------------------------------------------

    def search(self, q: str, lang: str, *, now: dt.datetime, types: Collection[str] = (),
               categories: Collection[str] = (), tags: Collection[str] = (),
               keys_filter: Collection[str] | None = None, limit: int = 20,
               offset: int = 0, any_word: bool = False) -> SearchResults:
        """Documents in ``lang`` holding every word of ``q`` (folded, stemmed), best
        first; an empty ``q`` browses by title. When no document holds every word, those
        holding any are given, with ``relaxed`` set (``any_word`` asks for that at once).
        Several values of one facet widen (either), facets narrow each other; each
        facet's counts ignore its own choice, so that its other values stay offered.
        ``keys_filter`` keeps only those keys. Documents not yet effective or expired at
        ``now`` are left out."""
        searcher, snapshot = self._current()
        found = self._narrowed(searcher, snapshot, q, lang, now, types, categories, tags,
                               keys_filter, any_word)
        if found is None:
            return SearchResults([], 0, {name: {} for name in FACETS}, any_word)
        words, any_word, matched, facets, answer = found
        if words:
            ranked = snapshot.remember(("ranked", answer), lambda: self._ranked(
                searcher, snapshot, words, lang, any_word, matched))
        else:
            ranked = [(n, 0.0) for n in matched[offset:offset + limit]]
            offset = 0
        page = [hit_of(searcher.stored_fields(n), score)
                for n, score in ranked[offset:offset + limit]]
        return SearchResults(page, len(matched), facets, any_word)

    def matching_keys(self, q: str, lang: str, *, now: dt.datetime,
                      types: Collection[str] = (), categories: Collection[str] = (),
                      tags: Collection[str] = (), any_word: bool = False,
                      strict: bool = False) -> list[str]:
        """The keys of every document :meth:`search` would find, unpaged: for filters
        judged outside the index, such as "open now". ``strict``: only documents holding
        every word, never those holding some when none holds all."""
        searcher, snapshot = self._current()
        found = self._narrowed(searcher, snapshot, q, lang, now, types, categories, tags,
                               None, any_word)
        if not found or (strict and found[1] and not any_word):
            return []
        return snapshot.keys_of(found[2])

    def warm(self) -> None:
        """Read now what the first query would read (every column of the index, each
        language's browsing order, the publication dates), so that no visitor waits a
        second for it after a start. Meant for a background thread."""
        searcher, snapshot = self._current()
        snapshot.remember("window dates", lambda: window_dates(searcher))
        for lang in set(snapshot.columns["language"]):
            snapshot.language_docs(lang)
        with self._searchers_lock:
            held = self._searchers.pop(threading.get_ident(), None)
        if held is not None:
            held[1].close()

    def doc_count(self) -> int:
        return self._current()[0].doc_count()

    def close(self) -> None:
        """Close every thread's searcher (at shutdown, or at the end of a test)."""
        with self._searchers_lock:
            held, self._searchers = list(self._searchers.values()), {}
        for _name, searcher in held:
            searcher.close()

    def _current(self) -> tuple[Any, Snapshot]:
        """This thread's searcher, reopened when the index changed (a cheap check when
        it did not), and the snapshot of its version, shared by every thread. Not
        ``Searcher.refresh()``: its reuse of segment readers keeps documents deleted
        since (whoosh-reloaded 2.7.5)."""
        name = self._current_name()
        thread = threading.get_ident()
        with self._searchers_lock:
            held = self._searchers.get(thread)
        if held is not None and held[0] == name and held[1].up_to_date():
            searcher = held[1]
        else:
            if held is not None:
                held[1].close()
            searcher = self._open(name).searcher()
            with self._searchers_lock:
                self._searchers[thread] = (name, searcher)
        version = (name, searcher.reader().generation())
        with self._snapshot_lock:
            if self._snapshot is None or self._snapshot[0] != version:
                self._snapshot = (version, Snapshot(searcher.reader(), self._segments))
            return searcher, self._snapshot[1]

    def _narrowed(self, searcher: Any, snapshot: Snapshot, q: str, lang: str,
                  now: dt.datetime, types: Collection[str], categories: Collection[str],
                  tags: Collection[str], keys_filter: Collection[str] | None,
                  any_word: bool) -> tuple[list[str], bool, list[int], dict, tuple] | None:
        """(words, any_word, matching documents, facet counts, the key they are
        remembered by), or None when the words are all stop words or ``keys_filter`` is
        empty."""
        words = self._words(q, lang)
        if (q.strip() and not words) or (keys_filter is not None and not keys_filter):
            return None
        if words:
            base = self._word_docs(searcher, snapshot, words, lang, any_word)
            if not base and not any_word and len(words) > 1:
                any_word = True
                base = self._word_docs(searcher, snapshot, words, lang, any_word)
        else:
            base = snapshot.language_docs(lang)
        hidden = self._hidden_docs(searcher, snapshot, now)
        keys = None if keys_filter is None else frozenset(keys_filter)
        chosen = {"type": frozenset(types), "category": frozenset(categories),
                  "tags": frozenset(tags)}
        answer = ("narrow", tuple(words), lang, any_word, hidden, keys, *chosen.values())
        matched, facets = snapshot.remember(
            answer, lambda: snapshot.narrow(base, hidden, keys, chosen))
        return words, any_word, matched, facets, answer

    def _hidden_docs(self, searcher: Any, snapshot: Snapshot, now: dt.datetime
                     ) -> frozenset[int]:
        """The documents outside their publication window at ``now``. A range query
        over the window fields costs milliseconds, and its answer changes only when
        ``now`` passes one of the dates held: it is remembered between two of them."""
        boundaries = snapshot.remember("window dates", lambda: window_dates(searcher))
        step = bisect.bisect_right(boundaries, naive_utc(now))
        return snapshot.remember(("hidden", step), lambda: frozenset(
            searcher.docs_for_query(hidden_query(now))))

    def _ranked(self, searcher: Any, snapshot: Snapshot, words: list[str], lang: str,
                any_word: bool, matched: list[int]) -> list[tuple[int, float]]:
        """``matched`` best first, with scores. Whoosh's BM25F scores a few thousand
        documents in tens of milliseconds, but a common word's tens of thousands in
        hundreds: past SCORED_AT_MOST matches, or SCORED_POSTINGS_AT_MOST documents
        holding the words, those with most words in their title come first, then by
        title."""
        if not matched:  # (an empty filter would be no filter to Whoosh)
            return []
        postings = len(self._word_docs(searcher, snapshot, words, lang, any_word))
        if len(matched) <= SCORED_AT_MOST and postings <= SCORED_POSTINGS_AT_MOST:
            hits = searcher.search(self._text_query(words, lang, any_word), limit=None,
                                   filter=set(matched))
            return [(hit.docnum, float(hit.score or 0.0)) for hit in hits]
        title = f"title_{field_suffix(lang)}"
        in_title = [snapshot.remember(("title", title, word), lambda word=word: frozenset(
            searcher.docs_for_query(query.Term(title, word)))) for word in words]
        titles = snapshot.columns["sort_title"]
        scored = [(n, float(sum(n in docs for docs in in_title))) for n in matched]
        scored.sort(key=lambda pair: (-pair[1], titles[pair[0]]))
        return scored

    def _word_docs(self, searcher: Any, snapshot: Snapshot, words: list[str], lang: str,
                   any_word: bool) -> list[int]:
        def compute() -> list[int]:
            docs = searcher.docs_for_query(self._text_query(words, lang, any_word))
            if field_suffix(lang) == "any":  # the fields shared by unstemmed languages
                language = snapshot.columns["language"]
                return [n for n in docs if language[n] == lang]
            return list(docs)
        return snapshot.remember(("words", tuple(words), lang, any_word), compute)

    def _words(self, q: str, lang: str) -> list[str]:
        field_analyzer = self.schema[f"text_{field_suffix(lang)}"].analyzer
        words = [token.text for token in field_analyzer(q[:200], mode="query")]
        return list(dict.fromkeys(words))[:20]

    def _text_query(self, words: list[str], lang: str, any_word: bool) -> query.Query:
        suffix = field_suffix(lang)
        per_word = [query.Or([query.Term(f"title_{suffix}", w),
                              query.Term(f"text_{suffix}", w)]) for w in words]
        return query.Or(per_word) if any_word else query.And(per_word)

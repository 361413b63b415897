"""Keeps the search index current with the database: the sources of documents, the session
events that re-index what a commit changed, and the full rebuild.

A source names a model and a prefix; the documents of its row 12 are keyed
``PREFIX:12``. ``after_flush`` notes the keys of the rows a flush inserted, changed or
deleted; ``after_commit`` re-indexes them; a rollback forgets them.

No lost update with two writers: after its commit, a writer takes the index's write lock
*first*, then reads its rows afresh from the database, then writes the index. Of two
writers committing the same row, whichever indexes last read the last committed version.
An index error after a commit is logged, never raised: the data is committed, and
``lanta reindex`` repairs the index.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any, Callable, Iterable, Iterator, Mapping

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..addon_api import SearchDocument
from ..models import ContentItem, ContentRevision, Partner
from .content_search import content_document_count, content_documents
from .partner_search import partner_document_count, partner_documents
from .search import SearchIndex
from .search_schema import document_key

log = logging.getLogger(__name__)

PENDING = "lanta.search.pending_keys"
# The most an add-on's ``lanta_search_boosts`` (all of them together) raise a score by.
MAX_BOOST = 4.0


@dataclass(frozen=True)
class SearchSource:
    """Rows of ``model`` that give search documents, keyed ``f"{prefix}:{row id}"``.

    ``documents(dbsession, ids)`` yields the documents of those rows (every row for
    None); only public rows yield any, and a row that yields none leaves the index.
    ``count(dbsession)``, if given, says how many a full rebuild yields (its progress
    bar). ``related`` maps other models whose changes alter this source's documents to
    the row id they belong to (a revision → its item), or None."""

    prefix: str
    model: type
    documents: Callable[[Session, list[int] | None], Iterable[SearchDocument]]
    count: Callable[[Session], int] | None = None
    related: Mapping[type, Callable[[Any], int | None]] = field(default_factory=dict)


_SOURCES: dict[str, SearchSource] = {}


def register_source(source: SearchSource) -> None:
    """Add ``source`` (or replace the one of the same prefix) for every index."""
    _SOURCES[source.prefix] = source


def registered_sources() -> list[SearchSource]:
    return list(_SOURCES.values())


register_source(SearchSource("partner", Partner, partner_documents, partner_document_count))
register_source(SearchSource("content", ContentItem, content_documents, content_document_count,
                             related={ContentRevision: lambda r: r.content_id}))


def reindex_after_commit(dbsession: Session, keys: Iterable[str]) -> None:
    """Index the documents of ``keys`` (``partner:12``) again once ``dbsession`` commits,
    as if their rows had changed: for an add-on whose own data changes how they rank
    (``lanta_search_boosts``). A rollback forgets them."""
    dbsession.info.setdefault(PENDING, set()).update(keys)


class SearchSync:
    """Keeps ``index`` current with the commits of the sessions it is installed on.
    ``sources`` defaults to the registered ones, read at each use. ``plugins`` (the
    plugin manager) lets the enabled add-ons boost documents built after a commit."""

    def __init__(self, index: SearchIndex, sources: Iterable[SearchSource] | None = None,
                 plugins: Any = None):
        self.index = index
        self._sources = None if sources is None else {s.prefix: s for s in sources}
        self.plugins = plugins

    @property
    def sources(self) -> dict[str, SearchSource]:
        return dict(_SOURCES) if self._sources is None else self._sources

    def install(self, target: Any) -> None:
        """Listen to ``target``: a ``sessionmaker``, a ``Session`` or the class."""
        event.listen(target, "after_flush", self._collect)
        event.listen(target, "after_commit", self._apply)
        event.listen(target, "after_soft_rollback", self._forget)

    def uninstall(self, target: Any) -> None:
        event.remove(target, "after_flush", self._collect)
        event.remove(target, "after_commit", self._apply)
        event.remove(target, "after_soft_rollback", self._forget)

    # --- events ----------------------------------------------------------------------

    def _collect(self, session: Session, _flush_context: Any) -> None:
        # The session still lists what this flush wrote, with its attribute history.
        keys: set[str] = set()
        changed = chain(session.new, session.deleted,
                        (o for o in session.dirty if session.is_modified(o)))
        sources = self.sources.values()
        for obj in changed:
            for source in sources:
                key = _key_of(obj, source)
                if key is not None:
                    keys.add(key)
        if keys:
            session.info.setdefault(PENDING, set()).update(keys)

    def _apply(self, session: Session) -> None:
        if session.in_nested_transaction():
            return  # a savepoint released: nothing is committed yet
        keys = session.info.pop(PENDING, None)
        if not keys:
            return
        try:
            self.reindex(keys, session.get_bind())
        except Exception:
            log.exception("The search index was not updated for %s after a commit; "
                          "run 'lanta reindex' to repair it.", ", ".join(sorted(keys)))

    def _forget(self, session: Session, previous_transaction: Any) -> None:
        # A savepoint's rollback keeps them: re-reading an unchanged row is harmless.
        if previous_transaction.parent is None:
            session.info.pop(PENDING, None)

    # --- indexing ----------------------------------------------------------------------

    def reindex(self, keys: Iterable[str], bind: Any) -> int:
        """Replace the documents of ``keys`` with those of their rows as committed now,
        read through ``bind`` (an engine, or a test's connection) after taking the
        index's write lock. Returns how many documents were written."""
        keys = set(keys)
        with self.index.writing() as update:
            with _fresh_session(bind) as fresh:
                documents = list(self.documents_for(fresh, keys, self._hooks(fresh)))
            return update.replace(keys, documents)

    def _hooks(self, dbsession: Session) -> Any:
        if self.plugins is None:
            return None
        from . import site_settings  # (imports this module's neighbours at start)

        loaded = {a.name for a in self.plugins.loaded_addons()}
        enabled = [n for n in site_settings.load(dbsession).enabled_addons if n in loaded]
        return self.plugins.hooks_for(enabled)

    def documents_for(self, dbsession: Session, keys: Iterable[str],
                      hooks: Any = None) -> Iterator[SearchDocument]:
        """The documents of ``keys`` (``PREFIX:ID``) as ``dbsession`` reads them, boosted
        by the ``lanta_search_boosts`` of ``hooks`` (the enabled add-ons), if given."""
        keys = list(keys)
        documents = self._unboosted(dbsession, keys)
        if hooks is None:
            yield from documents
            return
        yield from boosted(documents, search_boosts(hooks, dbsession, keys))

    def _unboosted(self, dbsession: Session,
                   keys: Iterable[str]) -> Iterator[SearchDocument]:
        ids: dict[str, set[int]] = {}
        for key in keys:
            prefix, _, row_id = key.rpartition(":")
            if prefix in self.sources and row_id.isdigit():
                ids.setdefault(prefix, set()).add(int(row_id))
        for prefix, row_ids in sorted(ids.items()):
            yield from self.sources[prefix].documents(dbsession, sorted(row_ids))

    def rebuild(self, dbsession: Session, hooks: Any = None,
                on_progress: Callable[[int, int | None], None] | None = None) -> int:
        """Rebuild the whole index from every source and, given the hooks of the
        enabled add-ons, their ``lanta_search_documents``; returns how many documents.
        Rows committed meanwhile are re-read before the new index is swapped in."""
        sources = list(self.sources.values())
        addon_documents: list[SearchDocument] = []
        if hooks is not None:
            for result in hooks.lanta_search_documents(dbsession=dbsession):
                addon_documents.extend(result or ())
        total = None
        if all(s.count is not None for s in sources):
            total = sum(s.count(dbsession) for s in sources) + len(addon_documents)
        documents = chain(chain.from_iterable(s.documents(dbsession, None) for s in sources),
                          addon_documents)
        if hooks is not None:
            documents = boosted(documents, search_boosts(hooks, dbsession, None))
        bind = dbsession.get_bind()

        def refetch(keys: set[str]) -> list[SearchDocument]:
            with _fresh_session(bind) as fresh:
                return list(self.documents_for(fresh, keys, hooks))

        return self.index.rebuild(documents, total, on_progress, refetch)


def install(session_factory: Any, index: SearchIndex, plugins: Any = None) -> SearchSync:
    """Keep ``index`` current with the commits of ``session_factory``'s sessions."""
    sync = SearchSync(index, plugins=plugins)
    sync.install(session_factory)
    return sync


def search_boosts(hooks: Any, dbsession: Session,
                  keys: list[str] | None) -> dict[str, float]:
    """The factor of each key the add-ons boost (``lanta_search_boosts``), multiplied
    together and bounded to MAX_BOOST; factors below 1.0 are ignored."""
    factors: dict[str, float] = {}
    for answer in hooks.lanta_search_boosts(dbsession=dbsession, keys=keys):
        for key, factor in (answer or {}).items():
            if isinstance(factor, (int, float)) and factor > 1.0:
                factors[key] = min(factors.get(key, 1.0) * float(factor), MAX_BOOST)
    return factors


def boosted(documents: Iterable[SearchDocument],
            factors: Mapping[str, float]) -> Iterator[SearchDocument]:
    if not factors:
        yield from documents
        return
    for document in documents:
        factor = factors.get(document_key(document))
        yield document if factor is None else replace(document, boost=factor)


def _key_of(obj: Any, source: SearchSource) -> str | None:
    if isinstance(obj, source.model):
        row_id = inspect(obj).mapper.primary_key_from_instance(obj)[0]
    else:
        row_id = next((fn(obj) for model, fn in source.related.items()
                       if isinstance(obj, model)), None)
    return None if row_id is None else f"{source.prefix}:{row_id}"


@contextmanager
def _fresh_session(bind: Any) -> Iterator[Session]:
    """A short session of its own: a new transaction sees every commit made so far. On
    a test's connection (already in a transaction) it works inside a savepoint."""
    session = Session(bind=bind, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        session.close()

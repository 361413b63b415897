"""One version of the search index held as plain lists, one entry per document, for what
Whoosh does slowly in Python: facet counts, filters and browsing by title.

At 200,000 documents, Whoosh's facet collectors spend about a second counting three facets
over a common word's hits; one pass over these lists takes a few milliseconds per
thousand hits. The lists are read from the index's columns once per segment: a commit
adds a small segment, and only that one is read again.
"""
from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from itertools import chain
from typing import Any, Callable, Collection, Hashable, Iterable

COLUMNS = ("key", "type", "category", "tags", "language", "sort_title")
FACETS = ("type", "category", "tags")
REMEMBERED = 256


# Columns holding few distinct values: one shared object per value, not one per document
# (a third of the memory at 200,000 documents).
POOLED = ("type", "category", "tags", "language")


def read_segment(leaf: Any) -> dict[str, list[Any]]:
    """The columns of one segment, by local document number."""
    lists = {}
    for name in COLUMNS:
        # Tags: the column's own reader gives lists; the others translate bytes to text.
        values = leaf.column_reader(name, translate=name != "tags")
        if name == "tags":
            values = map(tuple, values)
        if name in POOLED:
            pool: dict[Any, Any] = {}
            lists[name] = [pool.setdefault(value, value) for value in values]
        else:
            lists[name] = list(values)
    return lists


class Snapshot:
    """Lists for one reader (one version of the index); shared by every thread whose
    searcher is on that version. ``segments`` caches each segment's lists across
    versions: entries of segments gone from the index are dropped."""

    def __init__(self, reader: Any, segments: dict[str, dict[str, list[Any]]]) -> None:
        self.columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
        deleted: set[int] = set()
        present = set()
        leaves = [(leaf, offset) for leaf, offset in reader.leaf_readers()
                  if leaf.segment() is not None]  # an empty index has none
        for leaf, offset in leaves:
            segment_id = leaf.segment().segment_id()
            present.add(segment_id)
            lists = segments.get(segment_id)
            if lists is None:
                lists = segments[segment_id] = read_segment(leaf)
            if len(leaves) == 1:  # never changed: one segment's lists serve as they are
                self.columns = dict(lists)
            else:
                for name in COLUMNS:
                    self.columns[name].extend(lists[name])
            if leaf.has_deletions():
                deleted.update(offset + n for n in leaf.deleted_docs_set)
        for segment_id in set(segments) - present:
            del segments[segment_id]
        self.deleted = frozenset(deleted)
        self._remembered: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept for the next asker of ``key`` on this version (a few
        hundred answers, least recently used dropped first)."""
        with self._lock:
            if key in self._remembered:
                self._remembered.move_to_end(key)
                return self._remembered[key]
        value = compute()
        with self._lock:
            self._remembered[key] = value
            while len(self._remembered) > REMEMBERED:
                self._remembered.popitem(last=False)
        return value

    def language_docs(self, lang: str) -> list[int]:
        """The live documents in ``lang``, by folded title."""
        def compute() -> list[int]:
            language, titles = self.columns["language"], self.columns["sort_title"]
            docs = [n for n, value in enumerate(language)
                    if value == lang and n not in self.deleted]
            docs.sort(key=titles.__getitem__)
            return docs
        return self.remember(("language", lang), compute)

    def keys_of(self, docs: Iterable[int]) -> list[str]:
        keys = self.columns["key"]
        return [keys[n] for n in docs]

    def narrow(self, base: list[int], hidden: Collection[int], keys: frozenset[str] | None,
               chosen: dict[str, frozenset[str]]
               ) -> tuple[list[int], dict[str, dict[str, int]]]:
        """The documents of ``base`` (in its order) that are not ``hidden``, whose key is
        in ``keys`` (unless None) and that have one of the chosen values of each facet;
        with each facet's counts over those passing the *other* facets' choices."""
        types, categories, tags = (self.columns["type"], self.columns["category"],
                                   self.columns["tags"])
        live = [n for n in base if n not in hidden] if hidden else base
        if keys is not None:
            key_of = self.columns["key"]
            live = [n for n in live if key_of[n] in keys]

        # Each step keeps the documents having one of the chosen values of one facet
        # (all of them when nothing is chosen): plain comprehensions, and C-speed
        # counting, since a browse goes over every document of a language.
        def by_type(docs: list[int]) -> list[int]:
            wanted = chosen["type"]
            return [n for n in docs if types[n] in wanted] if wanted else docs

        def by_category(docs: list[int]) -> list[int]:
            wanted = chosen["category"]
            return [n for n in docs if categories[n] in wanted] if wanted else docs

        def by_tags(docs: list[int]) -> list[int]:
            wanted = chosen["tags"]
            return [n for n in docs if not wanted.isdisjoint(tags[n])] if wanted else docs

        typed_and_categorised = by_category(by_type(live))
        counts = {
            "type": Counter(map(types.__getitem__, by_tags(by_category(live)))),
            "category": Counter(map(categories.__getitem__, by_tags(by_type(live)))),
            "tags": Counter(chain.from_iterable(map(tags.__getitem__,
                                                    typed_and_categorised))),
        }
        matched = by_tags(typed_and_categorised)
        return matched, {name: {value: count for value, count in counter.items() if value}
                         for name, counter in counts.items()}

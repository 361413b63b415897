"""What the search index holds: its schema, the analysers (accents folded, then stemmed)
and how a :class:`lanta.addon_api.SearchDocument` becomes the fields of one entry.

The schema is pickled into the index itself: renaming a class here makes existing
indexes unreadable until ``lanta reindex``.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from whoosh import columns
from whoosh.analysis import (Filter, LowercaseFilter, RegexTokenizer, StemFilter,
                             StopFilter)
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang import stopwords_for_language

from ..addon_api import SearchDocument
from .text_folding import LIGATURES

# Languages analysed with their own stop words and stemmer; any other goes to the
# "any" fields (folded, not stemmed) and is told apart by the ``language`` field.
STEMMED_LANGUAGES = ("fr", "en", "de", "es", "it", "nl", "pt")
TITLE_BOOST = 3.0


class FoldFilter(Filter):
    """Accents and ligatures off (é→e, œ→oe), before stemming: the stemmers treat
    "musée" and "musee" differently, while the folded word stems the same whichever a
    visitor typed."""

    def __call__(self, tokens):
        for token in tokens:
            decomposed = unicodedata.normalize("NFKD", token.text.translate(LIGATURES))
            token.text = "".join(c for c in decomposed if not unicodedata.combining(c))
            yield token


def _stop_words(lang: str) -> frozenset[str]:
    words = {_fold(w) for w in stopwords_for_language(lang)}
    if lang == "fr":
        # Whoosh's list lacks "les"; "été" is the summer far more often than "been".
        words = (words | {"les"}) - {"ete"}
    return frozenset(words)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def analyzer(lang: str):
    """The analyser of ``lang``'s title and text fields (also used to read queries)."""
    chain = RegexTokenizer() | LowercaseFilter() | FoldFilter()
    if lang not in STEMMED_LANGUAGES:
        return chain
    return chain | StopFilter(stoplist=_stop_words(lang), minsize=2) | StemFilter(lang=lang)


class TagsColumn(columns.WrappedColumn):
    """A document's tags as one comma-joined value, read back as a list: the tags facet
    then reads one value per hit, where Whoosh would otherwise rebuild a list of every
    document's tags from the postings at each query."""

    def __init__(self) -> None:
        super().__init__(columns.VarBytesColumn())

    def stores_lists(self) -> bool:
        return True

    def default_value(self, reverse: bool = False) -> list[str]:
        # What a segment with no tagged document answers for each of its documents.
        return []

    class Writer(columns.WrappedColumnWriter):
        pass

    class Reader(columns.WrappedColumnReader):
        def __getitem__(self, docnum: int) -> list[str]:
            value = self._child[docnum]
            return [t for t in value.decode("utf-8").split(",") if t] if value else []

        def __iter__(self):
            return (self[n] for n in range(len(self)))


def build_schema() -> Schema:
    tags = KEYWORD(commas=True)
    tags.set_sortable(TagsColumn())
    schema = Schema(
        id=ID(unique=True, stored=True), key=ID(stored=True, sortable=True),
        type=ID(stored=True, sortable=True), category=ID(stored=True, sortable=True),
        tags=tags, language=ID(stored=True, sortable=True), sort_title=ID(sortable=True),
        title=STORED, url=STORED, summary=STORED, effective=DATETIME, expires=DATETIME)
    for lang in (*STEMMED_LANGUAGES, "any"):
        schema.add(f"title_{lang}", TEXT(analyzer=analyzer(lang), field_boost=TITLE_BOOST))
        schema.add(f"text_{lang}", TEXT(analyzer=analyzer(lang)))
    return schema


def document_key(document: SearchDocument) -> str:
    """The source key of a document (``partner:12``): its id, less a trailing
    ``:LANG`` (``partner:12:fr``), so that one key removes every language of a row."""
    suffix = f":{document.language}"
    return document.id[:-len(suffix)] if document.id.endswith(suffix) else document.id


def field_suffix(lang: str) -> str:
    return lang if lang in STEMMED_LANGUAGES else "any"


def naive_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def index_fields(document: SearchDocument) -> dict[str, Any]:
    suffix = field_suffix(document.language)
    fields: dict[str, Any] = {
        "id": document.id, "key": document_key(document), "type": document.type,
        "language": document.language, "title": document.title, "url": document.url,
        "summary": document.summary, "sort_title": _fold(document.title),
        f"title_{suffix}": document.title, f"text_{suffix}": document.text}
    if document.category:
        fields["category"] = document.category
    if document.tags:
        fields["tags"] = ",".join(t for t in document.tags if t and "," not in t)
    if document.effective is not None:
        fields["effective"] = naive_utc(document.effective)
    if document.expires is not None:
        fields["expires"] = naive_utc(document.expires)
    if document.boost != 1.0:
        fields["_boost"] = document.boost
    return fields

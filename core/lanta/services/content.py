"""The content tree's rules: creating and editing items, their revisions, workflow,
translations and what visitors may see.

Workflow (Plone's simple publication workflow, with drafts of live items):

- an item starts **private**, seen by editors only;
- an editor **submits** it for review (**pending**), or **withdraws** the submission;
- a reviewer **publishes** it (its latest revision becomes the one visitors see) or
  **rejects** it back to private, and may **unpublish** a live item;
- editing a published item adds a revision that visitors do not see: the item goes back to
  private with its live revision kept, and is published again through review.

Visitors see an item when it has a live revision and ``now`` lies in its publication window
(``effective_at`` … ``expires_at``): scheduled publication and expiry need no job.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import uuid
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ..models import ContentItem, ContentRevision, StoredImage, User
from ..models.content import CONTENT_TYPES
from . import rich_text
from .errors import Conflict, DomainError, InvalidField, NotFound
from .text_folding import fold

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 120
MAX_TITLE = 300
# Only folders hold other items.
CONTAINERS = ("folder",)


class NotAllowed(DomainError):
    status = 403


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    needs_review_right: bool


TRANSITIONS = {t.name: t for t in (
    Transition("submit", ("private",), "pending", False),
    Transition("withdraw", ("pending",), "private", False),
    Transition("publish", ("private", "pending"), "published", True),
    Transition("reject", ("pending",), "private", True),
    Transition("unpublish", ("private", "pending", "published"), "private", True),
)}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def slugify(title: str) -> str:
    """An address name from a title: "Église Saint-Martin" → "eglise-saint-martin"."""
    return "-".join(fold(title).split())[:80].strip("-")


# --- reading -----------------------------------------------------------------------------


def get(dbsession: Session, item_id: int) -> ContentItem:
    item = dbsession.get(ContentItem, item_id)
    if item is None:
        raise NotFound("There is no content item ${id}.", id=item_id)
    return item


def child(dbsession: Session, language: str, parent: ContentItem | None,
          slug: str) -> ContentItem | None:
    path = f"{parent.path if parent else ''}/{slug}"
    return dbsession.scalar(select(ContentItem).where(ContentItem.language == language,
                                                      ContentItem.path == path))


def children(dbsession: Session, language: str, parent: ContentItem | None, *,
             now: dt.datetime | None = None, types: Iterable[str] = (),
             navigation_only: bool = False) -> list[ContentItem]:
    """The items inside ``parent`` (the language root for None) in their order; with
    ``now``, only those visitors see then."""
    query = select(ContentItem).where(
        ContentItem.language == language,
        ContentItem.parent_id == parent.id if parent else ContentItem.parent_id.is_(None))
    if types:
        query = query.where(ContentItem.type.in_(tuple(types)))
    if navigation_only:
        query = query.where(ContentItem.in_navigation.is_(True))
    if now is not None:
        query = _visible_clauses(query, now)
    items = dbsession.scalars(query.order_by(ContentItem.position, ContentItem.id)).all()
    return list(items)


def _visible_clauses(query, now: dt.datetime):
    return query.where(
        ContentItem.live_number.is_not(None),
        (ContentItem.effective_at.is_(None)) | (ContentItem.effective_at <= now),
        (ContentItem.expires_at.is_(None)) | (ContentItem.expires_at > now))


def visible(dbsession: Session, now: dt.datetime, *, language: str | None = None,
            types: Iterable[str] = (), newest_first: bool = False,
            limit: int | None = None) -> list[ContentItem]:
    """Items visitors see at ``now`` (for listings, feeds and the sitemap)."""
    query = _visible_clauses(select(ContentItem), now)
    if language:
        query = query.where(ContentItem.language == language)
    if types:
        query = query.where(ContentItem.type.in_(tuple(types)))
    if newest_first:
        query = query.order_by(ContentItem.first_published_at.desc(), ContentItem.id.desc())
    else:
        query = query.order_by(ContentItem.language, ContentItem.path)
    if limit:
        query = query.limit(limit)
    return list(dbsession.scalars(query).all())


def ancestors(dbsession: Session, item: ContentItem) -> list[ContentItem]:
    """From the top-level item down to ``item``'s parent."""
    chain: list[ContentItem] = []
    parent_id = item.parent_id
    while parent_id is not None:
        parent = dbsession.get(ContentItem, parent_id)
        chain.append(parent)
        parent_id = parent.parent_id
    return list(reversed(chain))


def revision(dbsession: Session, item: ContentItem, number: int | None) -> ContentRevision:
    """Revision ``number`` of ``item`` (its head revision for None)."""
    found = dbsession.scalar(select(ContentRevision).where(
        ContentRevision.content_id == item.id,
        ContentRevision.number == (item.head_number if number is None else number)))
    if found is None:
        raise NotFound("This item has no version ${number}.", number=number)
    return found


def live_revision(dbsession: Session, item: ContentItem) -> ContentRevision | None:
    return None if item.live_number is None else revision(dbsession, item, item.live_number)


def history(dbsession: Session, item: ContentItem) -> list[ContentRevision]:
    return list(dbsession.scalars(select(ContentRevision).where(
        ContentRevision.content_id == item.id).order_by(ContentRevision.number.desc())).all())


def translations(dbsession: Session, item: ContentItem) -> dict[str, ContentItem]:
    """Every item of ``item``'s translation group by language, ``item`` included."""
    rows = dbsession.scalars(select(ContentItem).where(
        ContentItem.translation_group == item.translation_group)).all()
    return {row.language: row for row in rows}


# --- writing -----------------------------------------------------------------------------


@dataclass
class Texts:
    """What a revision holds."""

    title: str
    description: str = ""
    body: str = ""
    note: str = ""
    image_id: int | None = None  # the lead picture (lanta.services.images)


def _checked_texts(texts: Texts) -> Texts:
    title = " ".join((texts.title or "").split())
    if not title:
        raise InvalidField("Give a title.", on="title")
    if len(title) > MAX_TITLE:
        raise InvalidField("The title is longer than ${max} characters.", on="title",
                           max=MAX_TITLE)
    body = rich_text.sanitise(texts.body)
    rich_text.check_images(body)
    return Texts(title=title, description=(texts.description or "").strip(), body=body,
                 note=(texts.note or "").strip()[:300], image_id=texts.image_id)


def _check_window(effective_at: dt.datetime | None, expires_at: dt.datetime | None) -> None:
    if effective_at and expires_at and expires_at <= effective_at:
        raise InvalidField("The expiry date must come after the publication date.",
                           on="expires_at")


def create(dbsession: Session, *, language: str, parent: ContentItem | None, type: str,
           slug: str, texts: Texts, author: User | None, in_navigation: bool = True,
           effective_at: dt.datetime | None = None, expires_at: dt.datetime | None = None,
           translation_group: str | None = None,
           reserved: Iterable[str] = ()) -> ContentItem:
    """A new private item with its first revision. ``reserved`` are top-level names the
    site's own pages use (``partners``, ``search``…), refused for top-level items."""
    if type not in CONTENT_TYPES:
        raise InvalidField("Unknown content type ${type}.", on="type", type=type)
    if parent is not None and parent.type not in CONTAINERS:
        raise DomainError("Only folders can hold other items; add it to a folder.")
    if parent is not None and parent.language != language:
        raise DomainError("An item must be in the language of its folder.")
    slug = (slug or "").strip().lower()
    if not SLUG.match(slug) or len(slug) > MAX_SLUG:
        raise InvalidField("The address name may hold lower-case letters, digits and "
                           "single hyphens only, like our-walks.", on="slug")
    if parent is None and slug in set(reserved):
        raise InvalidField("The address name ${slug} is used by the site itself; choose "
                           "another one.", on="slug", slug=slug)
    if child(dbsession, language, parent, slug) is not None:
        raise InvalidField("Another item here already has the address name ${slug}.",
                           on="slug", slug=slug)
    texts = _checked_texts(texts)
    _check_window(effective_at, expires_at)
    now = utc_now()
    siblings = children(dbsession, language, parent)
    item = ContentItem(
        parent_id=parent.id if parent else None, language=language, slug=slug,
        path=f"{parent.path if parent else ''}/{slug}", type=type, state="private",
        title=texts.title, description=texts.description, head_number=1, live_number=None,
        live_title="", live_description="", owner_id=author.id if author else None,
        position=(max((s.position for s in siblings), default=0) + 1),
        in_navigation=in_navigation, effective_at=effective_at, expires_at=expires_at,
        translation_group=translation_group or str(uuid.uuid4()), created_at=now,
        modified_at=now)
    dbsession.add(item)
    dbsession.flush()
    dbsession.add(ContentRevision(content_id=item.id, number=1, title=texts.title,
                                  description=texts.description, body=texts.body,
                                  image_id=texts.image_id, author_id=author.id if author else None,
                                  note=texts.note, created_at=now))
    dbsession.flush()
    return item


def _locked(dbsession: Session, item: ContentItem) -> ContentItem:
    """``item`` re-read under a row lock: two editors saving at once get numbers one after
    the other instead of the same one."""
    dbsession.flush()
    dbsession.refresh(item, with_for_update=True)
    return item


def edit(dbsession: Session, item: ContentItem, texts: Texts, *, author: User | None,
         in_navigation: bool | None = None, effective_at: dt.datetime | None = None,
         expires_at: dt.datetime | None = None,
         can_review: bool = True) -> ContentRevision | None:
    """Save an edit. Changed texts make a new revision (returned); a published item then
    holds a draft that visitors do not see until it is published again. Settings alone
    (navigation, publication window) change the item without a revision: on a published
    item, the publication window is then a reviewer's to change."""
    texts = _checked_texts(texts)
    _check_window(effective_at, expires_at)
    if (not can_review and item.live_number is not None
            and (effective_at, expires_at) != (item.effective_at, item.expires_at)):
        raise InvalidField("Only a reviewer can change the publication dates of a "
                           "published item.", on="effective_at")
    item = _locked(dbsession, item)
    now = utc_now()
    if in_navigation is not None:
        item.in_navigation = in_navigation
    item.effective_at, item.expires_at = effective_at, expires_at
    item.modified_at = now
    head = revision(dbsession, item, None)
    if (head.title, head.description, head.body, head.image_id) == (
            texts.title, texts.description, texts.body, texts.image_id):
        return None
    return _add_revision(dbsession, item, texts, author, now)


def _add_revision(dbsession: Session, item: ContentItem, texts: Texts,
                  author: User | None, now: dt.datetime) -> ContentRevision:
    number = item.head_number + 1
    new = ContentRevision(content_id=item.id, number=number, title=texts.title,
                          description=texts.description, body=texts.body,
                          image_id=texts.image_id, author_id=author.id if author else None, note=texts.note,
                          created_at=now)
    dbsession.add(new)
    item.head_number = number
    item.title, item.description = texts.title, texts.description
    item.modified_at = now
    if item.state == "published":
        item.state = "private"  # a draft of a live item: it goes through review again
    dbsession.flush()
    return new


def revert(dbsession: Session, item: ContentItem, number: int, *,
           author: User | None) -> ContentRevision:
    """A new revision holding revision ``number``'s texts; history is never rewritten."""
    item = _locked(dbsession, item)
    old = revision(dbsession, item, number)
    if number == item.head_number:
        raise Conflict("Version ${number} is already the latest one.", number=number)
    return _add_revision(dbsession, item, Texts(
        title=old.title, description=old.description, body=old.body,
        image_id=old.image_id, note=f"Reverted to version {number}"), author, utc_now())


def allowed_transitions(item: ContentItem, *, can_review: bool) -> list[str]:
    return [t.name for t in TRANSITIONS.values()
            if item.state in t.sources and (can_review or not t.needs_review_right)
            and (t.name != "unpublish" or item.live_number is not None)]


def transition(dbsession: Session, item: ContentItem, name: str, *,
               can_review: bool, now: dt.datetime | None = None) -> ContentItem:
    """Move ``item`` through the workflow, or refuse with the reason."""
    step = TRANSITIONS.get(name)
    if step is None:
        raise DomainError("Unknown workflow step ${name}.", name=name)
    if step.needs_review_right and not can_review:
        raise NotAllowed("Only a reviewer can do this.")
    item = _locked(dbsession, item)
    if name not in allowed_transitions(item, can_review=can_review):
        raise Conflict("This item is ${state}: it cannot take this step now.",
                       state=item.state)
    now = now or utc_now()
    if name == "publish":
        head = revision(dbsession, item, None)
        item.live_number = head.number
        item.live_title, item.live_description = head.title, head.description
        item.live_image_id = head.image_id
        if item.first_published_at is None:
            item.first_published_at = now
    elif name == "unpublish":
        item.live_number = None
        item.live_title = item.live_description = ""
        item.live_image_id = None
    item.state = step.target
    item.modified_at = now
    dbsession.flush()
    return item


def translate(dbsession: Session, item: ContentItem, language: str, *,
              author: User | None, reserved: Iterable[str] = ()) -> ContentItem:
    """A private copy of ``item`` in ``language``, linked to it as its translation, in the
    translation of its folder. The editor then translates the texts."""
    if language == item.language:
        raise DomainError("This item is already in that language.")
    existing = translations(dbsession, item)
    if language in existing:
        raise Conflict("This item already has a translation in that language.")
    parent = None
    if item.parent_id is not None:
        parent = translations(dbsession, get(dbsession, item.parent_id)).get(language)
        if parent is None:
            raise DomainError("Translate the folder this item is in first.")
    head = revision(dbsession, item, None)
    return create(dbsession, language=language, parent=parent, type=item.type,
                  slug=item.slug, author=author, in_navigation=item.in_navigation,
                  effective_at=item.effective_at, expires_at=item.expires_at,
                  translation_group=item.translation_group, reserved=reserved,
                  texts=Texts(title=head.title, description=head.description,
                              body=head.body, image_id=head.image_id,
                              note=f"Translated from {item.language}"))


def delete(dbsession: Session, item: ContentItem) -> None:
    """Delete an item with everything inside it and their revisions.

    The items inside are deleted one by one, deepest first, rather than left to the
    database's cascade: the session then knows each of them (the search index drops
    them at the commit)."""
    inside = dbsession.scalars(select(ContentItem).where(
        ContentItem.language == item.language,
        ContentItem.path.startswith(item.path + "/", autoescape=True))).all()
    for row in sorted(inside, key=lambda i: i.path.count("/"), reverse=True):
        dbsession.delete(row)
        dbsession.flush()
    dbsession.delete(item)
    dbsession.flush()


# --- comparing revisions -------------------------------------------------------------------


@dataclass(frozen=True)
class FieldDiff:
    field: str
    segments: list[tuple[str, str]]  # ("equal" | "insert" | "delete", text)

    @property
    def changed(self) -> bool:
        return any(op != "equal" for op, _text in self.segments)


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    # Words keep their following whitespace so that the joined segments read naturally.
    old_words = re.findall(r"\S+\s*", old)
    new_words = re.findall(r"\S+\s*", new)
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            segments.append(("delete", "".join(old_words[a1:a2])))
        if b2 > b1:
            segments.append(("insert", "".join(new_words[b1:b2])))
    return segments


def diff(old: ContentRevision, new: ContentRevision) -> list[FieldDiff]:
    """Word by word, what changed from ``old`` to ``new`` in each text."""
    return [
        FieldDiff("title", _word_diff(old.title, new.title)),
        FieldDiff("description", _word_diff(old.description, new.description)),
        FieldDiff("body", _word_diff(rich_text.plain_text(old.body),
                                     rich_text.plain_text(new.body))),
        FieldDiff("image", [] if old.image_id == new.image_id else
                  [("delete", _picture_name(old)), ("insert", _picture_name(new))]),
    ]


def _picture_name(revision: ContentRevision) -> str:
    """A picture as a diff shows it: its text alternative."""
    if revision.image_id is None:
        return ""
    image = object_session(revision).get(StoredImage, revision.image_id)
    return image.alt if image is not None else ""

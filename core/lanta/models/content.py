"""The content tree: folders, pages, news and events, per language, with their revisions.

An item is addressed by its language and its path (``/decouvrir/histoire``), the slugs of
its ancestors joined. Every save of an item adds a :class:`ContentRevision`; the item
records which revision is the latest (``head_number``) and which one visitors see
(``live_number``, None while nothing is published). Keeping both lets a published page be
edited, previewed and reviewed while visitors still see the approved version.

``title``/``description`` repeat the head revision's for editors' lists; ``live_title``,
``live_description`` and ``live_image_id`` repeat the live one's for navigation and
listings, so that those need no join.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, ForeignKey, Integer, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .meta import Base
from .types import UTCDateTime
from .user import utcnow

CONTENT_TYPES = ("folder", "page", "news", "event")
STATES = ("private", "pending", "published")


class ContentItem(Base):
    __tablename__ = "content_items"
    __table_args__ = (UniqueConstraint("language", "path", name="uq_content_items_language_path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_items.id", ondelete="CASCADE"), nullable=True, index=True)
    language: Mapped[str] = mapped_column(String(8))
    slug: Mapped[str] = mapped_column(String(120))
    path: Mapped[str] = mapped_column(String(1000))
    type: Mapped[str] = mapped_column(String(16), index=True)
    state: Mapped[str] = mapped_column(String(16), default="private", index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    head_number: Mapped[int] = mapped_column(Integer, default=0)
    live_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    live_title: Mapped[str] = mapped_column(String(300), default="")
    live_description: Mapped[str] = mapped_column(Text, default="")
    live_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL"), nullable=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    in_navigation: Mapped[bool] = mapped_column(Boolean, default=True)
    # Publication window: before ``effective_at`` and after ``expires_at`` visitors do not
    # see the item even when it is published.
    effective_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True,
                                                                   index=True)
    # Items that translate each other share this key (the first item's uuid).
    translation_group: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    modified_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    revisions: Mapped[list["ContentRevision"]] = relationship(
        back_populates="item", order_by="ContentRevision.number",
        cascade="all, delete-orphan", passive_deletes=True)

    def is_visible(self, now: dt.datetime) -> bool:
        """Whether visitors see the item at ``now`` (published and inside its window)."""
        if self.live_number is None:
            return False
        if self.effective_at is not None and now < self.effective_at:
            return False
        return not (self.expires_at is not None and now >= self.expires_at)

    @property
    def has_draft(self) -> bool:
        """A published item whose latest revision is not the one visitors see."""
        return self.live_number is not None and self.live_number != self.head_number

    def __repr__(self) -> str:
        return f"<ContentItem {self.language}{self.path} ({self.type}, {self.state})>"


class ContentRevision(Base):
    __tablename__ = "content_revisions"
    __table_args__ = (UniqueConstraint("content_id", "number",
                                       name="uq_content_revisions_content_id_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_id: Mapped[int] = mapped_column(
        ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # Sanitised HTML (see lanta.services.rich_text); never raw editor input.
    body: Mapped[str] = mapped_column(Text, default="")
    # The lead picture, versioned with the texts.
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL"), nullable=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[ContentItem] = relationship(back_populates="revisions")


class EventDetails(Base):
    """When and where an event item happens. Dates are not part of revisions: changing
    them changes the item at once, like its publication window."""

    __tablename__ = "content_events"

    content_id: Mapped[int] = mapped_column(
        ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    # An iCalendar RRULE (FREQ=WEEKLY;UNTIL=…) or "" for a single occurrence.
    recurrence: Mapped[str] = mapped_column(String(300), default="")
    # The end of the last occurrence (None: repeats without end), so the agenda can skip
    # events that are over without expanding their rules.
    last_ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True,
                                                             index=True)
    place_partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), nullable=True)
    place_name: Mapped[str] = mapped_column(String(200), default="")
    place_address: Mapped[str] = mapped_column(String(300), default="")

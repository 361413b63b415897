"""The add-on's tables, all prefixed ``imagewall_``.

- ``imagewall_items``: everything the wall can show: a contributor's photo or clip, or a
  webcam (an image refreshed at an interval, or a live stream) added by a partner or the
  office. An item has a *moderation* state (pending → approved or rejected; approved
  items may be featured) and, for uploads, a *processing* state: the upload's response
  only checks the file, strips its metadata and stores it; renditions and the clip's
  poster are made afterwards by a worker (:mod:`lanta_imagewall.services.processing`)
  that claims queued rows with a conditional UPDATE, so that an accepted upload is never
  lost when the server restarts (the row and the file are both on disk before the
  answer) and never processed twice by two workers.
- ``imagewall_refused_uploads``: a file refused after it was read through (not a
  picture, cut short, too many pixels…), kept an hour under its sender's hash: it
  counts toward the sender's hourly limit as a contribution does, since reading it cost
  as much.
- ``imagewall_playlists``: a named set of rules picking what a screen or the web TV
  plays (featured only, recent days, activities, places, kinds, order, seconds a
  photo stays).

Times are UTC. The contributor's e-mail is kept only to tell them of a rejection and to
find their items when they ask for removal.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lanta.models import (
    Base, StoredImage, UTCDateTime, never_on_visitor_pages, sql_in, utcnow)

# photo and clip: sent by anyone; webcam_image: an image address fetched again every
# ``refresh_s`` seconds; webcam_stream: a video stream address played live.
KINDS: tuple[str, ...] = ("photo", "clip", "webcam_image", "webcam_stream")
UPLOAD_KINDS: tuple[str, ...] = ("photo", "clip")
WEBCAM_KINDS: tuple[str, ...] = ("webcam_image", "webcam_stream")
# pending: waiting for a moderator; approved: on the wall; rejected: kept (with the
# reason) until removed, never shown.
STATES: tuple[str, ...] = ("pending", "approved", "rejected")
# queued: waiting for the worker; processing: claimed by a worker until
# ``processing_until``; ready: renditions made (webcams are ready at once);
# failed: the worker gave up, ``processing_error`` says why.
PROCESSING: tuple[str, ...] = ("queued", "processing", "ready", "failed")
ORDERS: tuple[str, ...] = ("featured_first", "newest", "shuffle")
VIDEO_TYPES: tuple[str, ...] = ("mp4", "webm")


class Item(Base):
    __tablename__ = "imagewall_items"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(KINDS)})", name="kind"),
        CheckConstraint(f"status IN ({sql_in(STATES)})", name="status"),
        CheckConstraint(f"processing IN ({sql_in(PROCESSING)})", name="processing"),
        # A webcam has its address; an upload has none.
        CheckConstraint("(kind IN ('webcam_image', 'webcam_stream')) = (webcam_url IS NOT NULL)",
                        name="webcam_url"),
        Index("ix_imagewall_items_wall", "status", "processing", "approved_at"),
        Index("ix_imagewall_items_queue", "processing", "created_at"),
        Index("ix_imagewall_items_sender", "client_hash", "created_at"),
        Index("ix_imagewall_items_places", "status", "processing", "partner_id"),
        # A clip's file is served by its name: every range request looks it up.
        Index("ix_imagewall_items_video", "video_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    caption: Mapped[str] = mapped_column(String(280), default="")
    # Activity tags: codes of the core's envies (lanta.services.partner_vocabulary.ENVIES).
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The place: a partner listing, or a point on the map with an optional name.
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    place_name: Mapped[str] = mapped_column(String(120), default="")
    # Who sent it: the name shown as credit, and how to reach them (optional).
    credit: Mapped[str] = mapped_column(String(80), default="")
    contributor_email: Mapped[str | None] = mapped_column(String(254), index=True)
    contributor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    contributor_lang: Mapped[str] = mapped_column(String(8), default="fr")
    # A keyed hash of the sender's network address (never the address itself): enough
    # to limit how many uploads one sender makes in an hour.
    client_hash: Mapped[str | None] = mapped_column(String(64))
    # Consent: when the terms were accepted, which wording (its version), and the
    # contributor's word that people shown agree.
    terms_accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    terms_version: Mapped[str] = mapped_column(String(40), default="")
    people_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Processing of uploads.
    processing: Mapped[str] = mapped_column(String(12), default="queued")
    processing_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    processing_attempts: Mapped[int] = mapped_column(Integer, default=0)
    processing_error: Mapped[str] = mapped_column(String(500), default="")
    # The cleaned upload waiting for its renditions, under <uploads>/imagewall/incoming/.
    incoming_name: Mapped[str | None] = mapped_column(String(64))
    # The photo's renditions, or the clip's poster frame (core pictures).
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL"))
    # A clip's file under <uploads>/imagewall/videos/, its type and length.
    video_name: Mapped[str | None] = mapped_column(String(64))
    video_type: Mapped[str | None] = mapped_column(String(8))
    duration_s: Mapped[float | None] = mapped_column(Float)
    # Why a clip has no poster (no ffmpeg on the server, say), for the moderators.
    poster_note: Mapped[str] = mapped_column(String(300), default="")
    # Webcams.
    webcam_url: Mapped[str | None] = mapped_column(String(500))
    refresh_s: Mapped[int | None] = mapped_column(Integer)
    # Moderation.
    moderated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    moderated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reject_reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                    onupdate=utcnow)

    image: Mapped[StoredImage | None] = relationship(lazy="joined")

    @property
    def is_webcam(self) -> bool:
        return self.kind in WEBCAM_KINDS

    @property
    def on_wall(self) -> bool:
        """Shown to visitors: approved and ready."""
        return self.status == "approved" and self.processing == "ready"


class Playlist(Base):
    __tablename__ = "imagewall_playlists"
    __table_args__ = (
        CheckConstraint(f"item_order IN ({sql_in(ORDERS)})", name="item_order"),
        CheckConstraint("photo_seconds BETWEEN 3 AND 600", name="photo_seconds"),
        CheckConstraint("max_items BETWEEN 1 AND 500", name="max_items"),
        CheckConstraint("recent_days >= 0", name="recent_days"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # Rules: featured items only; items approved within the last ``recent_days`` days
    # (0: any day); these activity tags and places only (empty: all); these kinds only.
    featured_only: Mapped[bool] = mapped_column(Boolean, default=False)
    recent_days: Mapped[int] = mapped_column(Integer, default=0)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    partner_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(KINDS))
    max_items: Mapped[int] = mapped_column(Integer, default=100)
    photo_seconds: Mapped[int] = mapped_column(Integer, default=8)
    item_order: Mapped[str] = mapped_column(String(16), default="featured_first")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                    onupdate=utcnow)


class RefusedUpload(Base):
    __tablename__ = "imagewall_refused_uploads"
    __table_args__ = (
        Index("ix_imagewall_refused_uploads_sender", "client_hash", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The same keyed hash of the network address as ``Item.client_hash``.
    client_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


# A refused file changes nothing a visitor sees: it must not empty the page cache.
never_on_visitor_pages(RefusedUpload)

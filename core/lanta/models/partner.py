"""The partner directory: the hotels, restaurants, activities, shops, sites and welcome
offices the office promotes.

Texts a visitor reads (name, summary, description) are stored per language as JSON
objects ``{"fr": …, "en": …}``: an office adds a language without a migration, and a
missing translation falls back to the site's first language (see ``Partner.text``).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base
from .user import utcnow


class Partner(Base):
    __tablename__ = "partners"
    __table_args__ = (Index("ix_partners_lat_lon", "lat", "lon"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    # DATAtourisme's identifier (or another source's) for idempotent imports.
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    summary: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    street: Mapped[str] = mapped_column(String(255), default="")
    postcode: Mapped[str] = mapped_column(String(16), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    price_range: Mapped[int | None] = mapped_column(Integer, nullable=True)
    envies: Mapped[list[str]] = mapped_column(JSON, default=list)
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list)
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    accessibility: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    # A shopkeeper that keeps a corner of the office's leaflets and answers visitors.
    relay_corner: Mapped[bool] = mapped_column(Boolean, default=False)
    # The format of lanta.services.opening_hours; None when the hours are not known.
    opening_hours: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # Not indexed: nearly every listing is published, and such an index leads SQLite's
    # planner away from the position index (a 5 km search then reads every row).
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    # Lower-cased, accent-free words of the name, summary, city and labels in every
    # language: what the directory's ``q`` filter matches until the search service lands.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                    onupdate=utcnow)

    def text(self, field: str, lang: str, fallback: str = "fr") -> str:
        """``field`` (name, summary, description) in ``lang``, else in ``fallback``, else
        in any language it has."""
        values: dict[str, str] = getattr(self, field) or {}
        return values.get(lang) or values.get(fallback) or next(iter(values.values()), "")

    def __repr__(self) -> str:
        return f"<Partner {self.slug} ({self.category})>"

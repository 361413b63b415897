"""The add-on's table: ``banner_notices``, one practical notice shown across the site."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from lanta.models import Base

LEVELS: tuple[str, ...] = ("info", "warning", "alert")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """An aware datetime stored in UTC.

    SQLite keeps no offset, so values are written as naive UTC there and read back as
    aware UTC; PostgreSQL's ``timestamptz`` gets them aware. Either way comparisons in SQL
    (``starts_at <= now``) compare like with like.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: give a timezone")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Notice(Base):
    """A notice: level, text in French (required) and English, an optional link, a period."""

    __tablename__ = "banner_notices"
    __table_args__ = (
        CheckConstraint("level IN ('info', 'warning', 'alert')", name="level"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    text_fr: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    on_partner_pages: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def text_for(self, lang: str) -> tuple[str, str]:
        """The text to show in ``lang`` and the language it is really in (French fallback)."""
        if lang == "en" and self.text_en.strip():
            return self.text_en, "en"
        return self.text_fr, "fr"

    def __repr__(self) -> str:
        return f"<Notice {self.id} {self.level}>"

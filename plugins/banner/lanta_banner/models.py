"""The add-on's table: ``banner_notices``, one practical notice shown across the site."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lanta.models import Base, UTCDateTime, utcnow

LEVELS: tuple[str, ...] = ("info", "warning", "alert")



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

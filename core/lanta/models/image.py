"""Pictures uploaded by editors, with the sizes they were rendered in.

The files live under the uploads folder, ``images/KEY/``: the re-encoded original and
each width in WebP and JPEG (see :mod:`lanta.services.images`). The row holds what pages
need to build ``srcset`` and the text alternative, which every picture must have.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base
from .types import UTCDateTime
from .user import utcnow


class StoredImage(Base):
    __tablename__ = "images"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    widths: Mapped[list[int]] = mapped_column(JSON, default=list)
    original_extension: Mapped[str] = mapped_column(String(8))
    alt: Mapped[str] = mapped_column(String(300))
    credit: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

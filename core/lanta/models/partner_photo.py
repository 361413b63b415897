"""Photos of a partner's listing, in the order the listing shows them.

The picture itself is a :class:`StoredImage` (renditions, text alternative, credit). A
photo sent by the partner's own account waits (``approved`` false) until an editor
approves it; visitors see approved photos only.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .image import StoredImage
from .meta import Base
from .types import UTCDateTime
from .user import utcnow


class PartnerPhoto(Base):
    __tablename__ = "partner_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    approved: Mapped[bool] = mapped_column(Boolean, default=True)
    added_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    image: Mapped[StoredImage] = relationship(lazy="joined")

"""Partners' own accounts and the changes they propose to their listing.

A partner account keeps one or more listings (:class:`PartnerMember`). What it changes
is stored as a :class:`PartnerChange` and reaches the public listing only once an editor
approves it; the values are kept in the service's own shape (``lanta.services.partners``).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base
from .types import UTCDateTime
from .user import utcnow

CHANGE_STATES = ("pending", "approved", "rejected", "superseded")


class PartnerMember(Base):
    __tablename__ = "partner_members"

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class PartnerChange(Base):
    __tablename__ = "partner_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # Only the fields that differ from the listing when proposed, checked values.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    reason: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

"""Site settings: what the office admin changes at run time, as JSON values by key."""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base


class SiteSetting(Base):
    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    # Bumped on every write so that another process can tell its copy is stale.
    revision: Mapped[int] = mapped_column(Integer, default=1)

"""Constants and helpers shared by the vip tests (imported by name: the tests folder is
on ``sys.path`` in pytest's default import mode)."""
from __future__ import annotations

import datetime as dt
import secrets

from lanta.services import partners as partners_service
from lanta_vip.services.clock import OFFICE_TZ

# A Tuesday in July, office time: service tests judge everything at this moment.
NOW = dt.datetime(2026, 7, 14, 10, 0, tzinfo=OFFICE_TZ)
TODAY = NOW.date()


def days(n: int, today: dt.date = TODAY) -> dt.date:
    return today + dt.timedelta(days=n)


def random_uid() -> str:
    return secrets.token_hex(7).upper()


def make_partner(dbsession, slug: str, category: str = "activity"):
    return partners_service.create(dbsession, {
        "slug": slug, "category": category, "name": {"fr": slug.replace("-", " ").title()}})

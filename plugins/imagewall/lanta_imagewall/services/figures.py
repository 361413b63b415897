"""The wall's figures over a range of office days (Europe/Paris, both ends included).

- *Contributions*: photos and clips sent in the period (by their upload time), per day
  and per kind. Webcams are added by partners and the office, not contributed: they
  are not counted.
- *Approval rate*: among the contributions moderated in the period (whenever they were
  sent), approved ÷ (approved + rejected); None when none was moderated. An item is
  counted once, in the state its last decision left it.
- *Waiting now*: every item in the moderation queue at this moment, whatever the period.
- *Top places* and *top activities*: among the contributions approved in the period;
  a place is the partner listing, else the place's name, else none.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import Partner

from ..models import UPLOAD_KINDS, Item

# The office's zone, as lanta.reporting has it (which imports Pyramid: services cannot).
OFFICE_TZ = ZoneInfo("Europe/Paris")
TOP = 10


@dataclass(frozen=True)
class PlaceCount:
    """Approved contributions of one place. ``name`` is empty for items with no place
    (the page says "No place"); ``partner_id`` is set for a partner's listing."""

    name: str
    count: int
    partner_id: int | None = None


@dataclass
class Figures:
    period: Any  # a lanta.reporting.Period (start, end, days, bounds)
    per_day: dict[dt.date, int] = field(default_factory=dict)
    per_kind: dict[str, int] = field(default_factory=dict)
    approved: int = 0
    rejected: int = 0
    waiting: int = 0
    places: list[PlaceCount] = field(default_factory=list)
    tags: list[tuple[str, int]] = field(default_factory=list)

    @property
    def contributions(self) -> int:
        return sum(self.per_day.values())

    @property
    def approval_rate(self) -> float | None:
        """Approved per decision (None when nothing was moderated)."""
        decided = self.approved + self.rejected
        return self.approved / decided if decided else None


def figures(dbsession: Session, period: Any, lang: str = "fr", top: int = TOP) -> Figures:
    """The wall's figures of ``period`` (a :class:`lanta.reporting.Period`, given by the
    view); partner names in ``lang``; at most ``top`` places and activities."""
    start, end = period.bounds
    uploads = Item.kind.in_(UPLOAD_KINDS)
    result = Figures(period)
    sent = dbsession.execute(select(Item.created_at, Item.kind).where(
        uploads, Item.created_at >= start, Item.created_at < end)).all()
    result.per_day = dict(Counter(at.astimezone(OFFICE_TZ).date() for at, _kind in sent))
    result.per_kind = dict(Counter(kind for _at, kind in sent))
    decisions = dict(dbsession.execute(
        select(Item.status, func.count()).where(
            uploads, Item.status.in_(("approved", "rejected")),
            Item.moderated_at >= start, Item.moderated_at < end)
        .group_by(Item.status)).all())
    result.approved = decisions.get("approved", 0)
    result.rejected = decisions.get("rejected", 0)
    result.waiting = dbsession.scalar(
        select(func.count()).select_from(Item).where(Item.status == "pending")) or 0
    approved_in_period = (uploads, Item.status == "approved", Item.approved_at >= start,
                          Item.approved_at < end)
    result.places = _top_places(dbsession, approved_in_period, lang, top)
    result.tags = _top_tags(dbsession, approved_in_period, top)
    return result


def _top_places(dbsession: Session, where: tuple, lang: str, top: int) -> list[PlaceCount]:
    rows = dbsession.execute(
        select(Item.partner_id, Item.place_name, func.count())
        .where(*where).group_by(Item.partner_id, Item.place_name)).all()
    partner_ids = {partner_id for partner_id, _name, _count in rows if partner_id}
    names = {}
    if partner_ids:
        names = {partner.id: partner.text("name", lang) for partner in dbsession.scalars(
            select(Partner).where(Partner.id.in_(partner_ids)))}
    # A partner's items count together whatever place name each was given.
    counts: Counter[tuple[int | None, str]] = Counter()
    for partner_id, place_name, count in rows:
        key = (partner_id, "") if partner_id else (None, " ".join(place_name.split()))
        counts[key] += count
    places = [PlaceCount(names.get(partner_id, "") if partner_id else name, count,
                         partner_id)
              for (partner_id, name), count in counts.items()]
    places.sort(key=lambda p: (-p.count, p.name == "", p.name.lower()))
    return places[:top]


def _top_tags(dbsession: Session, where: tuple, top: int) -> list[tuple[str, int]]:
    # Tags are a JSON list: counted here rather than in SQL, which differs per database.
    counts: Counter[str] = Counter()
    for tags in dbsession.scalars(select(Item.tags).where(*where)):
        counts.update(set(tags or ()))
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:top]

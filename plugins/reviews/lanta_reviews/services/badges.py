"""A tester's badges, worked out from their published reviews each time (nothing is
stored: an unpublished review takes its badge away with it).

- ``first``: a first published review;
- ``five`` and ``ten``: five and ten published reviews;
- ``explorer``: published reviews of places in ``EXPLORER_CATEGORIES`` different
  categories (a restaurant, a museum and a campsite, say).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import Partner

from ..i18n import _
from ..models import Review

EXPLORER_CATEGORIES = 3


@dataclass(frozen=True)
class Badge:
    name: str
    title: object  # a translation string
    description: object


BADGES = {
    "first": Badge("first", _("First review"),
                   _("Published a first review.")),
    "five": Badge("five", _("Five reviews"),
                  _("Published five reviews.")),
    "ten": Badge("ten", _("Ten reviews"),
                 _("Published ten reviews.")),
    "explorer": Badge("explorer", _("Explorer"),
                      _("Reviewed places of ${n} different kinds.",
                        mapping={"n": EXPLORER_CATEGORIES})),
}


def badge_names(published: int, categories: int) -> list[str]:
    """The badges earned with ``published`` reviews about ``categories`` kinds of
    place, in the order they are earned."""
    earned = []
    if published >= 1:
        earned.append("first")
    if published >= 5:
        earned.append("five")
    if published >= 10:
        earned.append("ten")
    if categories >= EXPLORER_CATEGORIES:
        earned.append("explorer")
    return earned


def badges_of(dbsession: Session, tester_id: int) -> list[Badge]:
    """The badges of one tester, from their published reviews."""
    published, categories = dbsession.execute(
        select(func.count(Review.id), func.count(func.distinct(Partner.category)))
        .join(Partner, Partner.id == Review.partner_id)
        .where(Review.tester_id == tester_id, Review.status == "published")).one()
    return [BADGES[name] for name in badge_names(published or 0, categories or 0)]

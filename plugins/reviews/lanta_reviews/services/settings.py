"""The add-on's site settings, stored in the core's ``site_settings`` table (the core
has no add-on settings yet; its loader ignores keys it does not know).

``reviews.threshold``: the lowest rating that goes to moderation and may be published;
the reviews rated below it stay private feedback for the office.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from lanta.models import SiteSetting
from lanta.services.errors import InvalidField

from ..i18n import _

THRESHOLD_KEY = "reviews.threshold"
DEFAULT_THRESHOLD = 4
LOWEST_RATING, HIGHEST_RATING = 1, 5


def threshold(dbsession: Session) -> int:
    """The publication threshold; the default when unset or when the stored value is
    not a rating (a hand-edited row must not stop every review)."""
    row = dbsession.get(SiteSetting, THRESHOLD_KEY)
    value = row.value if row is not None else None
    if isinstance(value, bool) or not isinstance(value, int) \
            or not LOWEST_RATING <= value <= HIGHEST_RATING:
        return DEFAULT_THRESHOLD
    return value


def set_threshold(dbsession: Session, value: int) -> int:
    """Store a new threshold (1 to 5). It applies to the reviews written or changed from
    now on; those already decided keep their status. The reviews waiting for moderation
    keep theirs too, and their fate is decided at approval: one rated under the new
    threshold can no longer be approved (:func:`.moderation.approve` refuses it), only
    rejected; lowering the threshold does not bring back a private feedback."""
    if isinstance(value, bool) or not isinstance(value, int) \
            or not LOWEST_RATING <= value <= HIGHEST_RATING:
        raise InvalidField(_("Choose a rating from ${low} to ${high}."), on="threshold",
                           low=LOWEST_RATING, high=HIGHEST_RATING)
    row = dbsession.get(SiteSetting, THRESHOLD_KEY)
    if row is None:
        dbsession.add(SiteSetting(key=THRESHOLD_KEY, value=value, revision=1))
    else:
        row.value, row.revision = value, (row.revision or 0) + 1
    dbsession.flush()
    return value

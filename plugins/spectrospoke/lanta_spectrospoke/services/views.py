"""Views of clips on the headsets: the conversion figures' "views".

A view belongs to the hotel of the headset it was watched on (kept even when the headset
is later removed). Reloading the player page, or coming back to the same clip a moment
later, is the same viewing: a headset adds at most one view per clip in
:data:`SAME_VIEWING`. The player reports the end of the clip, which marks that view
``completed``.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from lanta.models import utcnow

from ..models import Clip, Headset, View

SAME_VIEWING = dt.timedelta(minutes=10)


def latest_view(dbsession: Session, clip: Clip, headset: Headset) -> View | None:
    """The most recent view of ``clip`` on ``headset``, if any."""
    return dbsession.scalars(
        select(View).where(View.clip_id == clip.id, View.headset_id == headset.id)
        .order_by(View.viewed_at.desc(), View.id.desc()).limit(1)).first()


def record_view(dbsession: Session, clip: Clip, headset: Headset,
                now: dt.datetime | None = None) -> View:
    """The view of ``clip`` on ``headset`` at ``now``: the one begun less than
    :data:`SAME_VIEWING` ago, else a new one for the headset's hotel."""
    now = now or utcnow()
    latest = latest_view(dbsession, clip, headset)
    if latest is not None and now - latest.viewed_at < SAME_VIEWING:
        return latest
    view = View(clip_id=clip.id, hotel_id=headset.hotel_id, headset_id=headset.id,
                viewed_at=now)
    dbsession.add(view)
    dbsession.flush()
    return view


def mark_completed(dbsession: Session, clip: Clip, headset: Headset,
                   now: dt.datetime | None = None) -> View:
    """Marks the headset's latest view of ``clip`` as watched to the end (recording the
    view first when there is none, say after the page sat open for a long time)."""
    now = now or utcnow()
    view = latest_view(dbsession, clip, headset)
    if view is None:
        view = record_view(dbsession, clip, headset, now=now)
    view.completed = True
    return view

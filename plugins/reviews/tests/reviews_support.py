"""Helpers shared by the reviews tests (imported by name: the tests folder is on
``sys.path`` in pytest's default import mode)."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from lanta_reviews import models


def add_review(dbsession, tester, partner, status: str, season: int = 2025, *,
               rating: int = 5, title: str = "Lovely terrace",
               text: str = "Fresh trout and a warm welcome.", language: str = "en",
               audiences: Iterable[str] = (), day: int = 1, what: str = "Lunch",
               amount_cents: int = 2500, created_at: dt.datetime | None = None,
               published_at: dt.datetime | None = None) -> models.Review:
    """A visit on June ``day`` of ``season`` and its review in ``status``, written
    straight to the tables (the services' rules are tested on their own). A published
    review is dated June ``9 + day``, noon UTC, unless ``published_at`` says."""
    test = models.Test(tester_id=tester.id, partner_id=partner.id,
                       visited_on=dt.date(season, 6, day), season=season, what=what,
                       amount_cents=amount_cents)
    dbsession.add(test)
    dbsession.flush()
    if status == "published" and published_at is None:
        published_at = dt.datetime(season, 6, 9 + day, 12, tzinfo=dt.timezone.utc)
    review = models.Review(
        test_id=test.id, tester_id=tester.id, partner_id=partner.id, rating=rating,
        title=title, text=text, language=language, audiences=list(audiences), status=status,
        created_at=created_at or dt.datetime(season, 6, 1 + day, tzinfo=dt.timezone.utc),
        published_at=published_at)
    dbsession.add(review)
    dbsession.flush()
    return review

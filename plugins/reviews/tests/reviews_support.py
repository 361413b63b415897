"""Helpers shared by the reviews tests (imported by name: the tests folder is on
``sys.path`` in pytest's default import mode)."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterable

from sqlalchemy.orm import Session

from lanta.services.errors import Conflict

from lanta_reviews import models
from lanta_reviews.services import reviews


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
    return review_of(dbsession, test, status, rating=rating, title=title, text=text,
                     language=language, audiences=audiences, published_at=published_at,
                     created_at=created_at or dt.datetime(season, 6, 1 + day,
                                                          tzinfo=dt.timezone.utc))


def review_of(dbsession, test, status: str, *, rating: int = 5, title: str = "Lovely terrace",
              text: str = "Fresh trout and a warm welcome.", language: str = "en",
              audiences: Iterable[str] = (), created_at: dt.datetime | None = None,
              published_at: dt.datetime | None = None) -> models.Review:
    """The review of an existing ``test`` in ``status``, written straight to the table."""
    review = models.Review(
        test_id=test.id, tester_id=test.tester_id, partner_id=test.partner_id,
        rating=rating, title=title, text=text, language=language, audiences=list(audiences),
        status=status, published_at=published_at,
        **({"created_at": created_at} if created_at else {}))
    dbsession.add(review)
    dbsession.flush()
    return review


def write_review(dbsession, uploads_dir, tester, test, rating: int = 5,
                 title: str = "Une belle table") -> models.Review:
    """The review of ``test`` through the writing service (its rules apply)."""
    return reviews.write(dbsession, uploads_dir, tester, test.id, reviews.ReviewInput(
        rating=rating, title=title,
        text="Accueil chaleureux, cuisine du marché et terrasse ombragée.",
        language="fr"), languages=["fr", "en"])


def in_own_session(engine, outcome: list, work: Callable[[Session], Any],
                   refused: tuple[type[Exception], ...] = (Conflict,)) -> Callable[[], None]:
    """A second writer for ``run_blocked_by``: ``work(session)`` in a session of its
    own, committed; what it returned, or the refusal it raised, is appended to
    ``outcome``."""
    def run() -> None:
        with Session(engine) as other:
            try:
                outcome.append(work(other))
                other.commit()
            except refused as exc:
                outcome.append(exc)
                other.rollback()
    return run

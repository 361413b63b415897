"""Races between two PostgreSQL writers on the reviews' decisions: one wins, the other
is told clearly; nothing is half-written."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lanta.models import User
from lanta.services.errors import Conflict

from lanta_reviews import models
from lanta_reviews.services import (applications, moderation,
                                    seasons)
from reviews_support import in_own_session, review_of, write_review

TODAY = dt.date(2026, 7, 14)


# --- the races (PostgreSQL) ------------------------------------------------------------------


@pytest.fixture
def pending_review(engine, committed_tester) -> dict[str, int]:
    """A committed test of ``committed_tester`` and its review waiting for moderation."""
    with Session(engine) as setup:
        test = models.Test(tester_id=committed_tester["tester"],
                           partner_id=committed_tester["partner"], visited_on=TODAY,
                           season=TODAY.year, what="Dîner", amount_cents=0)
        setup.add(test)
        setup.flush()
        review = review_of(setup, test, "pending", title="Bof", language="fr")
        setup.commit()
        return {"test": test.id, "review": review.id}


@pytest.mark.concurrent_writers
def test_approve_and_reject_racing_exactly_one_wins(engine, db_backend, run_blocked_by,
                                                    pending_review):
    review_id = pending_review["review"]
    outcome: list[object] = []

    second_moderator = in_own_session(engine, outcome, lambda other: moderation.reject(
        other, moderation.get_review(other, review_id), None, "Off topic", seen=0))

    first = Session(engine)
    try:
        moderation.approve(first, moderation.get_review(first, review_id), None, seen=0)
        thread = run_blocked_by(first, second_moderator)  # waits on the review's lock
        first.commit()
        thread.join()
        assert isinstance(outcome[0], Conflict)
        with Session(engine) as check:
            assert check.get(models.Review, review_id).status == "published"
            assert [e.action for e in moderation.history(
                check, check.get(models.Review, review_id))] == ["approved"]
    finally:
        first.close()


@pytest.mark.concurrent_writers
def test_a_tester_editing_while_a_moderator_approves_goes_second(
        engine, db_backend, run_blocked_by, committed_tester, pending_review, tmp_path):
    ids = pending_review
    outcome: list[object] = []

    tester_edits = in_own_session(engine, outcome, lambda other: write_review(
        other, tmp_path, other.get(models.Tester, committed_tester["tester"]),
        other.get(models.Test, ids["test"]), title="Changé"))

    first = Session(engine)
    try:
        moderation.approve(first, moderation.get_review(first, ids["review"]), None)
        thread = run_blocked_by(first, tester_edits)
        first.commit()
        thread.join()
        assert isinstance(outcome[0], Conflict)  # decided: no longer changed
        with Session(engine) as check:
            assert check.get(models.Review, ids["review"]).title == "Bof"
    finally:
        first.close()


@pytest.mark.concurrent_writers
def test_two_acceptances_of_one_application_racing(engine, db_backend, run_blocked_by):
    email = f"race-apply-{id(engine)}@example.org"
    with Session(engine) as setup:
        application_id = applications.submit(setup, applications.ApplicationInput(
            name="Course Appli", email=email, kind="resident", languages=("fr",),
            consent=True)).id
        setup.commit()
    outcome: list[object] = []

    second_office_member = in_own_session(
        engine, outcome, lambda other: applications.accept(other, application_id, None))

    first = Session(engine)
    try:
        applications.accept(first, application_id, None)
        thread = run_blocked_by(first, second_office_member)
        first.commit()
        thread.join()
        assert isinstance(outcome[0], Conflict)
        with Session(engine) as check:
            assert check.scalar(select(func.count()).select_from(User)
                                .where(User.email == email)) == 1
    finally:
        first.close()
        with Session(engine) as cleanup:
            cleanup.execute(delete(models.Application)
                            .where(models.Application.id == application_id))
            cleanup.execute(delete(User).where(User.email == email))
            cleanup.commit()


@pytest.mark.concurrent_writers
def test_two_first_saves_of_a_season_racing_both_succeed(engine, db_backend,
                                                         run_blocked_by):
    year = 2093  # a season of its own
    outcome: list[object] = []

    # Any failure is kept and reported by the assertion below.
    second_office_member = in_own_session(engine, outcome, lambda other: seasons.update(
        other, year, share_percent=40, cap="20", budget="500"), refused=(Exception,))

    first = Session(engine)
    try:
        seasons.update(first, year, share_percent=50, cap="30", budget="100")
        thread = run_blocked_by(first, second_office_member)  # waits on the key
        first.commit()
        thread.join()
        assert isinstance(outcome[0], models.Season), outcome
        with Session(engine) as check:
            row = check.get(models.Season, year)
            assert (row.share_percent, row.cap_cents, row.budget_cents) == (40, 2000, 50000)
    finally:
        first.close()
        with Session(engine) as cleanup:
            cleanup.execute(delete(models.Season).where(models.Season.year == year))
            cleanup.commit()

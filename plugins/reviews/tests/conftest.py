"""Fixtures of the reviews add-on's tests (the core's come from ``lanta.testing``)."""
from __future__ import annotations

import secrets

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from lanta.models import Partner, User
from lanta.services import partners as partners_service
from lanta.services import users as users_service
from lanta_reviews.models import Tester


@pytest.fixture
def reviews_on(enable_addon) -> None:
    enable_addon("reviews")


@pytest.fixture
def make_partner(dbsession):
    """``make_partner("chez-germaine", "restaurant")`` stores a published listing."""
    def _make(slug: str, category: str = "restaurant"):
        return partners_service.create(dbsession, {
            "slug": slug, "category": category,
            "name": {"fr": slug.replace("-", " ").title()}})
    return _make


@pytest.fixture
def partner(make_partner):
    return make_partner("chez-germaine")


@pytest.fixture
def tester(dbsession, users) -> Tester:
    """The ``tester@example.org`` account (role tester) as an active tester, "Manon B."."""
    row = Tester(user_id=users["tester"].id, display_name="Manon B.", slug="manon-b",
                 kind="resident", interests=["food"], languages=["fr"])
    dbsession.add(row)
    dbsession.flush()
    return row


@pytest.fixture
def committed_tester(engine) -> dict[str, int]:
    """A tester and a place committed for tests that race two sessions (PostgreSQL),
    deleted afterwards: their ids (``user``, ``tester``, ``partner``)."""
    with Session(engine) as setup:
        user = users_service.create(setup, f"race-{secrets.token_hex(4)}@example.org",
                                    "a-long-password-1", "tester")
        row = Tester(user_id=user.id, display_name="Race", slug=f"race-{user.id}",
                     kind="resident")
        place = Partner(slug=f"race-place-{user.id}", category="restaurant",
                        name={"fr": "Course"}, published=True)
        setup.add_all([row, place])
        setup.commit()
        ids = {"user": user.id, "tester": row.id, "partner": place.id}
    yield ids
    with Session(engine) as cleanup:
        cleanup.execute(delete(Partner).where(Partner.id == ids["partner"]))
        cleanup.execute(delete(User).where(User.id == ids["user"]))
        cleanup.commit()

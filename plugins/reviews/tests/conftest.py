"""Fixtures of the reviews add-on's tests (the core's come from ``lanta.testing``)."""
from __future__ import annotations

import pytest

from lanta.services import partners as partners_service
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

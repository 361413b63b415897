"""Suggestions from the site's own search answer the visitor's question in the
visitor's language, three at most, before a person does."""
from __future__ import annotations

import pytest

from lanta.services import content as content_service
from lanta.services import partners as partners_service
from lanta.services.search_sync import SearchSync


@pytest.fixture
def site(dbsession, users, search_index, chat_on):
    partners_service.create(dbsession, {
        "slug": "parking-du-chateau", "category": "heritage",
        "name": {"fr": "Parking du château", "en": "Castle car park"},
        "summary": {"fr": "Stationnement gratuit près du château",
                    "en": "Free parking near the castle"}})
    for language, title, body in (
            ("fr", "Se garer à Lanta", "<p>Le stationnement en ville, les parkings.</p>"),
            ("en", "Parking in Lanta", "<p>Where to leave your car: parking in town.</p>")):
        page = content_service.create(
            dbsession, language=language, parent=None, type="page",
            slug=content_service.slugify(title),
            texts=content_service.Texts(title=title, body=body), author=users["editor"])
        content_service.transition(dbsession, page, "publish", can_review=True)
    for n in range(4):
        partners_service.create(dbsession, {
            "slug": f"garage-{n}", "category": "shop",
            "name": {"fr": f"Garage {n}", "en": f"Garage {n}"},
            "summary": {"fr": "Réparations", "en": "Parking and repairs"}})
    SearchSync(search_index).rebuild(dbsession)


def suggestions(testapp, q: str, lang: str) -> list[dict]:
    return testapp.get("/api/v1/chat/suggestions", {"q": q, "lang": lang}).json["suggestions"]


def test_suggestions_come_from_the_site_in_the_visitors_language(testapp, site):
    english = suggestions(testapp, "parking castle", "en")
    assert english[0] == {"title": "Castle car park", "kind": "partner",
                          "url": "http://localhost/en/partners/parking-du-chateau"}
    french = suggestions(testapp, "stationnement", "fr")
    assert {s["title"] for s in french} == {"Parking du château", "Se garer à Lanta"}
    assert {s["kind"] for s in french} == {"partner", "page"}
    assert all(s["url"].startswith("http://localhost/fr/") for s in french)


def test_three_suggestions_at_most_and_none_for_nothing(testapp, site):
    assert len(suggestions(testapp, "parking", "en")) == 3
    assert suggestions(testapp, "   ", "en") == []
    assert suggestions(testapp, "zzzqqq", "fr") == []

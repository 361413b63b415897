"""The visitor's directory and partner pages."""
from __future__ import annotations

import pytest

from lanta.services import partners as partners_service

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS_ONLY = {"periods": [{"from": "01-01", "to": "12-31",
                              "weekly": {d: [["09:00", "12:00"], ["14:00", "18:00"]]
                                         for d in DAYS[:5]}}]}


@pytest.fixture
def gave(dbsession):
    return partners_service.create(dbsession, {
        "slug": "hotel-du-gave", "category": "hotel",
        "name": {"fr": "Hôtel du Gave", "en": "Gave Hotel"},
        "summary": {"fr": "Vue sur les Pyrénées", "en": "A view of the Pyrenees"},
        "description": {"fr": "Premier paragraphe.\nSecond paragraphe.",
                        "en": "First paragraph.\nSecond paragraph."},
        "street": "3 rue du Gave", "postcode": "64000", "city": "Lanta",
        "lat": 43.2951, "lon": -0.3708, "phone": "+33 5 59 01 02 03",
        "envies": ["relax"], "audiences": ["couples"],
        "accessibility": {"wheelchair": True}, "opening_hours": WEEKDAYS_ONLY})


def test_the_directory_lists_and_filters(testapp, dbsession, gave, reindex):
    partners_service.create(dbsession, {"slug": "bar-zinc", "category": "bar",
                                        "name": {"fr": "Le Zinc"}})
    reindex()
    page = testapp.get("/fr/partners/")
    assert "Hôtel du Gave" in page and "Le Zinc" in page
    page = testapp.get("/fr/partners/", {"category": "bar"})
    assert "Le Zinc" in page and "Hôtel du Gave" not in page
    page = testapp.get("/en/partners/", {"q": "gave"})
    assert "Gave Hotel" in page and "Le Zinc" not in page
    assert page.html.select_one("a[href='http://localhost/en/partners/hotel-du-gave']")


def test_an_unknown_category_in_the_address_shows_everything(testapp, gave):
    assert "Hôtel du Gave" in testapp.get("/fr/partners/", {"category": "<x>"})


def test_the_partner_page_in_both_languages(testapp, gave):
    fr = testapp.get("/fr/partners/hotel-du-gave")
    assert fr.html.h1.get_text(strip=True) == "Hôtel du Gave"
    assert [p.get_text() for p in fr.html.select(".partner__text > p")] == [
        "Premier paragraphe.", "Second paragraphe."]
    assert fr.html.select_one("a[href='tel:+33559010203']")
    assert fr.html.select_one("a[href='geo:43.2951,-0.3708']")
    rows = fr.html.select(".hours-table tr")
    assert len(rows) == 7
    assert rows[0].th.get_text(strip=True) == "Lundi"
    assert rows[6].td.get_text(strip=True) == "Fermé"
    en = testapp.get("/en/partners/hotel-du-gave")
    assert en.html.h1.get_text(strip=True) == "Gave Hotel"
    assert "Wheelchair access" in en
    assert en.html.select(".hours-table tr")[0].th.get_text(strip=True) == "Monday"


def test_names_are_escaped(testapp, dbsession):
    partners_service.create(dbsession, {"slug": "xss", "category": "bar",
                                        "name": {"fr": "<script>alert(1)</script>"}})
    page = testapp.get("/fr/partners/xss")
    assert "<script>alert(1)" not in page.text
    assert "&lt;script&gt;" in page.text


def test_unknown_and_unpublished_partners_are_404(testapp, dbsession):
    partners_service.create(dbsession, {"slug": "draft", "category": "bar",
                                        "name": {"fr": "Brouillon"}, "published": False})
    testapp.get("/fr/partners/draft", status=404)
    testapp.get("/fr/partners/nobody", status=404)
    testapp.get("/de/partners/", status=404)


def test_unknown_hours_say_so(testapp, dbsession):
    partners_service.create(dbsession, {"slug": "mystery", "category": "shop",
                                        "name": {"fr": "Mystère"}})
    page = testapp.get("/en/partners/mystery")
    assert "please call before you go" in page
    assert not page.html.select(".hours-table")

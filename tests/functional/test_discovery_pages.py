""""J'ai envie de…" and "Autour de moi…" without JavaScript: plain GET forms."""
from __future__ import annotations

import pytest

from lanta.services import partners as partners_service

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALWAYS_OPEN = {"periods": [{"from": "01-01", "to": "12-31",
                            "weekly": {d: [["00:00", "24:00"]] for d in DAYS}}]}
NEVER_OPEN = {"periods": [{"from": "01-01", "to": "12-31", "weekly": {}}]}
CENTRE = (43.2951, -0.3708)


@pytest.fixture
def town(dbsession):
    def add(slug, category, km_east, **data):
        # 0.0123 degrees of longitude is about 1 km at this latitude.
        return partners_service.create(dbsession, {
            "slug": slug, "category": category, "name": {"fr": slug.title()},
            "lat": CENTRE[0], "lon": CENTRE[1] + 0.0123 * km_east, "city": "Lanta", **data})
    add("office", "welcome_office", 0.0, name={"fr": "Office du Foirail"})
    add("spa", "activity", 0.3, envies=["relax", "wellness"], audiences=["couples"],
        price_range=3, opening_hours=ALWAYS_OPEN)
    add("hammam", "activity", 1.5, envies=["relax"], price_range=2, opening_hours=NEVER_OPEN)
    add("rafting", "activity", 3.0, envies=["thrills", "nature"], audiences=["friends"])
    add("bistrot", "restaurant", 0.8, envies=["food"], price_range=1)
    add("faraway", "hotel", 30.0, envies=["relax"])
    return add


def slugs(page):
    return [li["data-slug"] for li in page.html.select(".partner-cards li")]


def test_envies_form_alone_shows_no_results(testapp, town):
    page = testapp.get("/fr/envies")
    assert page.html.h1.get_text(strip=True) == "J’ai envie de…"
    assert not page.html.select(".discovery-results")
    assert len(page.html.select("input[name=envie]")) == 10


def test_envies_rank_more_matches_first(testapp, town):
    page = testapp.get("/fr/envies?envie=relax&envie=wellness")
    assert slugs(page) == ["spa", "faraway", "hammam"]
    checked = [i["value"] for i in page.html.select("input[name=envie][checked]")]
    assert checked == ["relax", "wellness"]


def test_envies_with_open_now_budget_and_audience(testapp, town):
    assert slugs(testapp.get("/en/envies?envie=relax&open_now=1")) == ["spa"]
    assert slugs(testapp.get("/en/envies?envie=relax&budget=2")) == ["faraway", "hammam"]
    assert slugs(testapp.get("/en/envies?envie=relax&audience=couples")) == ["spa"]


def test_envies_ignore_unknown_values(testapp, town):
    page = testapp.get("/fr/envies?envie=<b>&budget=9&audience=aliens")
    assert not page.html.select(".discovery-results")


def test_around_a_position_lists_nearest_first_with_distances(testapp, town):
    page = testapp.get("/fr/around", {"near": f"{CENTRE[0]},{CENTRE[1]}", "radius": "5"})
    assert slugs(page) == ["office", "spa", "bistrot", "hammam", "rafting"]
    distances = [p.get_text(" ", strip=True) for p in page.html.select(".partner-card__distance")]
    assert distances[1] == "Distance : 300 m"
    assert distances[4] == "Distance : 3 km"


def test_around_a_welcome_point_from_its_qr_code(testapp, town):
    page = testapp.get("/en/around", {"from": "bistrot", "radius": "1"})
    assert slugs(page) == ["bistrot", "spa", "hammam", "office"]
    assert "Near Bistrot" in page.html.select_one("#around-results").get_text(" ", strip=True)


def test_around_a_typed_place_and_a_category(testapp, town):
    page = testapp.get("/fr/around", {"place": "foirail", "radius": "2",
                                      "category": "activity"})
    assert slugs(page) == ["spa", "hammam"]


def test_around_an_unknown_place_says_so_in_the_form(testapp, town):
    page = testapp.get("/en/around", {"place": "Atlantis"}, status=400)
    assert "We do not know a place called “Atlantis”" in page.html.select_one(
        "#around-error").get_text()
    assert page.html.select_one("#around-place")["value"] == "Atlantis"


def test_around_a_bad_position_is_a_clear_error(testapp, town):
    page = testapp.get("/en/around", {"near": "somewhere"}, status=400)
    assert "latitude,longitude" in page.html.select_one("#around-error").get_text()


def test_around_an_unknown_qr_point_is_404(testapp, town):
    testapp.get("/fr/around", {"from": "nowhere"}, status=404)


def test_around_without_a_place_shows_the_form(testapp, town):
    page = testapp.get("/fr/around")
    assert page.html.select_one("#around-locate-field").has_attr("hidden")
    assert not page.html.select(".discovery-results")

"""The public search page ``/{lang}/search``: words, facets, "open now", paging, in both
languages, on a real index built from the test's partners."""
from __future__ import annotations

import pytest
from webtest import TestApp

from lanta import main as make_app
from lanta.services import partners as partners_service
from lanta.services import users as users_service
from lanta.services.demo_partners import SCHEDULES
from lanta.services.search_sync import SearchSync
from lanta.testing import (TEST_PASSWORD, app_settings_for, drop_database,
                           login_through_form, migrated_database)

CLOSED_ALL_YEAR = {"periods": [{"from": "01-01", "to": "12-31", "weekly": {}}]}


@pytest.fixture
def valley(dbsession, search_index):
    """Three partners along the gave, and the index rebuilt from them."""
    made = {
        "church": partners_service.create(dbsession, {
            "slug": "eglise-saint-martin", "category": "heritage",
            "name": {"fr": "Église Saint-Martin", "en": "Saint Martin's church"},
            "summary": {"fr": "Romane, au bord du gave", "en": "Romanesque, by the river"},
            "envies": ["culture"], "opening_hours": SCHEDULES["always_open"]}),
        "hotel": partners_service.create(dbsession, {
            "slug": "hotel-du-gave", "category": "hotel",
            "name": {"fr": "Hôtel du Gave", "en": "Gave Hotel"},
            "summary": {"fr": "Près de l'église", "en": "Near the church"},
            "envies": ["relax", "nature"], "opening_hours": CLOSED_ALL_YEAR}),
        "gite": partners_service.create(dbsession, {
            "slug": "gite-du-moulin", "category": "gite",
            "name": {"fr": "Gîte du Moulin"}, "summary": {"fr": "Au calme, sur le gave"},
            "envies": ["nature", "family"]}),
    }
    SearchSync(search_index).rebuild(dbsession)
    return made


def titles(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.html.select(".search-results h3 a")]


def facet(page, name: str) -> dict[str, bool]:
    """value → ticked, for the checkboxes of one facet."""
    return {box["value"]: box.has_attr("checked")
            for box in page.html.select(f"input[type=checkbox][name={name}]")}


def test_the_page_renders_with_nothing_indexed(testapp):
    page = testapp.get("/fr/search")
    assert page.html.h1.get_text(strip=True) == "Rechercher sur le site"
    assert page.html.select_one("form[role=search] label[for=search-q]")
    assert page.html.select_one("meta[name=robots]")["content"] == "noindex, follow"
    assert "Aucun résultat" in page.html.select_one(".search-results").get_text()


def test_a_word_typed_without_accent_finds_the_partner(testapp, valley):
    page = testapp.get("/fr/search", {"q": "eglise"})
    assert titles(page) == ["Église Saint-Martin", "Hôtel du Gave"]
    link = page.html.select_one(".search-results h3 a")
    assert link["href"] == "http://localhost/fr/partners/eglise-saint-martin"
    card = link.find_parent("li")
    assert "Romane, au bord du gave" in card.get_text()
    assert page.html.select_one("#search-q")["value"] == "eglise"


def test_facets_narrow_and_keep_their_other_values(testapp, valley):
    page = testapp.get("/fr/search", {"q": "gave"})
    assert len(titles(page)) == 3
    assert facet(page, "category") == {"heritage": False, "hotel": False, "gite": False}
    narrowed = testapp.get("/fr/search", {"q": "gave", "category": "hotel"})
    assert titles(narrowed) == ["Hôtel du Gave"]
    assert facet(narrowed, "category") == {"heritage": False, "hotel": True, "gite": False}
    assert facet(narrowed, "tag") == {"relax": False, "nature": False}
    both = testapp.get("/fr/search", [("q", "gave"), ("tag", "nature"), ("tag", "culture")])
    assert sorted(titles(both)) == ["Gîte du Moulin", "Hôtel du Gave", "Église Saint-Martin"]


def test_open_now_keeps_the_partners_open_at_this_moment(testapp, valley):
    page = testapp.get("/fr/search", {"q": "gave"})
    label = page.html.select_one("input[name=open_now]").find_parent("label")
    assert "(1)" in label.get_text()  # the church is always open; the hotel never is
    opened = testapp.get("/fr/search", {"q": "gave", "open_now": "1"})
    assert titles(opened) == ["Église Saint-Martin"]
    assert opened.html.select_one("input[name=open_now]").has_attr("checked")
    # No hotel is open: the category facet still offers what is.
    closed = testapp.get("/fr/search", {"q": "gave", "open_now": "1", "category": "hotel"})
    assert titles(closed) == []
    assert facet(closed, "category") == {"heritage": False, "hotel": True}


def test_an_empty_query_browses_everything_by_title(testapp, valley):
    assert titles(testapp.get("/fr/search")) == [
        "Église Saint-Martin", "Gîte du Moulin", "Hôtel du Gave"]
    assert titles(testapp.get("/fr/search", {"category": "gite"})) == ["Gîte du Moulin"]


def test_words_found_nowhere_say_so(testapp, valley):
    page = testapp.get("/fr/search", {"q": "téléphérique"})
    assert titles(page) == []
    assert "Aucun résultat" in page.html.select_one(".search-results").get_text()


@pytest.mark.parametrize("number", ["abc", "0", "-3", "1.5"])
def test_a_bad_page_number_shows_the_first_page(testapp, valley, number):
    page = testapp.get("/fr/search", {"page": number})
    assert len(titles(page)) == 3


def test_a_page_past_the_last_links_back_to_the_first(testapp, valley):
    page = testapp.get("/fr/search", {"q": "gave", "page": "9"})
    assert titles(page) == []
    back = page.html.select_one(".search-results p a")
    assert back["href"] == "http://localhost/fr/search?q=gave"


def test_results_come_in_pages(testapp, dbsession, search_index):
    for n in range(23):
        partners_service.create(dbsession, {"slug": f"ferme-{n:02d}", "category": "shop",
                                            "name": {"fr": f"Ferme {n:02d}"}})
    SearchSync(search_index).rebuild(dbsession)
    first = testapp.get("/fr/search", {"q": "ferme", "category": "shop"})
    assert len(titles(first)) == 20
    following = first.html.select_one(".pager a[rel=next]")["href"]
    assert following == "http://localhost/fr/search?q=ferme&category=shop&page=2"
    second = testapp.get(following)
    assert len(titles(second)) == 3
    assert not set(titles(first)) & set(titles(second))


def test_the_english_page_searches_the_english_texts(testapp, valley):
    page = testapp.get("/en/search", {"q": "churches"})
    assert page.html.h1.get_text(strip=True) == "Search the site"
    assert titles(page) == ["Saint Martin's church", "Gave Hotel"]
    assert page.html.select_one(".search-results h3 a")["href"] == \
        "http://localhost/en/partners/eglise-saint-martin"
    assert "Heritage site" in page.html.select_one(".search-results li").get_text()


def test_facet_values_that_are_not_slugs_are_ignored(testapp, valley):
    page = testapp.get("/fr/search", {"q": "gave", "category": "<script>"})
    assert len(titles(page)) == 3
    assert "<script>" not in page.text


def test_a_language_the_site_does_not_offer_is_not_found(testapp):
    testapp.get("/de/search", status=404)


def test_the_site_header_holds_a_search_box_except_on_the_search_page(testapp, valley):
    box = testapp.get("/en/partners/").html.select_one("header form[role=search]")
    assert box["action"] == "http://localhost/en/search"
    assert box.select_one("label[for=site-search-q]") and box.select_one("input[name=q]")
    found = testapp.get(box["action"], {"q": "church"})
    assert titles(found)[0] == "Saint Martin's church"
    assert len(found.html.select("form[role=search]")) == 1


@pytest.fixture
def real_site(db_backend, tmp_path, plugin_manager):
    """An application on a database of its own, whose requests really commit."""
    url = migrated_database(db_backend, tmp_path, plugin_manager)
    app = make_app({}, **app_settings_for(url, tmp_path / "var"))
    yield app
    app.registry.lanta_search_index.close()
    app.registry.lanta_engine.dispose()
    drop_database(url)


def test_an_edit_saved_in_the_admin_is_found_at_once(real_site):
    with real_site.registry.lanta_session_factory() as setup:
        users_service.create(setup, "editor@example.org", TEST_PASSWORD, "editor")
        gave = partners_service.create(setup, {"slug": "hotel-du-gave", "category": "hotel",
                                               "name": {"fr": "Hôtel du Gave"}})
        setup.commit()
    browser = TestApp(real_site, extra_environ={"HTTP_HOST": "localhost",
                                                "REMOTE_ADDR": "127.0.0.1"})
    assert titles(browser.get("/fr/search", {"q": "gave"})) == ["Hôtel du Gave"]

    login_through_form(browser, "editor@example.org")
    form = browser.get(f"/admin/partners/{gave.id}").forms["partner-form"]
    form["name_fr"] = "Relais du Col"
    form.submit("save", status=302)
    assert titles(browser.get("/fr/search", {"q": "relais"})) == ["Relais du Col"]
    assert titles(browser.get("/fr/search", {"q": "gave"})) == []

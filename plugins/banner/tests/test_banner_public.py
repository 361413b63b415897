"""What visitors see: the banner on every page, the page of notices, the JSON API."""
from __future__ import annotations


def banner_of(page):
    return page.html.find("section", class_="banner-region")


def test_banner_shows_only_while_enabled(testapp, add_notice, enable_addon, disable_addon):
    add_notice("Route du col fermée", level="warning")
    assert banner_of(testapp.get("/fr/")) is None
    enable_addon("banner")
    assert "Route du col fermée" in banner_of(testapp.get("/fr/")).text
    disable_addon("banner")
    page = testapp.get("/fr/")
    assert banner_of(page) is None and "Route du col fermée" not in page.text


def test_banner_shows_only_within_its_dates(testapp, banner_on, add_notice):
    add_notice("Déjà terminé", hours_from=-5, hours_until=-1)
    add_notice("Pas encore", hours_from=2, hours_until=5)
    assert banner_of(testapp.get("/fr/")) is None
    add_notice("En cours sans fin", hours_from=-1, hours_until=None)
    region = banner_of(testapp.get("/fr/"))
    assert "En cours sans fin" in region.text
    assert "Déjà terminé" not in region.text and "Pas encore" not in region.text


def test_banner_text_is_escaped(testapp, banner_on, add_notice):
    add_notice("<script>alert('x')</script> & <b>gras</b>", level="alert")
    page = testapp.get("/fr/")
    assert "<script>alert(" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "<script>alert('x')</script> & <b>gras</b>" in banner_of(page).text


def test_english_page_falls_back_to_french_text_marked_as_french(testapp, banner_on,
                                                                add_notice):
    add_notice("Fermeture du BIT", text_en="")
    add_notice("Alerte orages", level="alert", text_en="Storm alert")
    region = banner_of(testapp.get("/en/"))
    texts = {span.text: span.get("lang") for span in region.find_all("span",
                                                                     class_="banner__text")}
    assert texts == {"Storm alert": None, "Fermeture du BIT": "fr"}


def test_public_page_lists_current_notices(testapp, banner_on, add_notice):
    notice = add_notice("Route du col fermée", link="/fr/")
    add_notice("Pas encore", hours_from=2, hours_until=5)
    page = testapp.get("/fr/banner/")
    item = page.html.find(id=f"notice-{notice.id}")
    assert "Route du col fermée" in item.text and item.find("a", href="/fr/")
    assert "Pas encore" not in page.text
    # The list is the page itself: no second copy in the header.
    assert banner_of(page) is None
    testapp.get("/de/banner/", status=404)


def test_api_lists_current_notices_in_the_language_asked(testapp, banner_on, add_notice):
    notice = add_notice("Alerte orange orages", level="alert", text_en="Orange storm alert",
                        link="https://meteo.example/64")
    add_notice("Fermeture du BIT", hours_until=None)
    add_notice("Terminé", hours_from=-3, hours_until=-2)
    body = testapp.get("/api/v1/banner/current?lang=en").json
    assert list(body) == ["items"]
    first, second = body["items"]
    assert set(first) >= {"id", "level", "text", "link", "starts_at", "ends_at"}
    assert (first["id"], first["level"], first["text"], first["link"]) == (
        notice.id, "alert", "Orange storm alert", "https://meteo.example/64")
    assert first["starts_at"].endswith(("+01:00", "+02:00"))
    assert second["text"] == "Fermeture du BIT" and second["ends_at"] is None
    assert second["link"] is None
    assert testapp.get("/api/v1/banner/current?lang=fr").json["items"][0]["text"] == \
        "Alerte orange orages"


def test_api_refuses_unknown_language_as_problem_json(testapp, banner_on):
    response = testapp.get("/api/v1/banner/current?lang=xx", status=400)
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 400


def test_api_answers_405_with_allow_for_other_methods(testapp, banner_on):
    response = testapp.post("/api/v1/banner/current", status=405)
    assert response.headers["Allow"] == "GET, HEAD"
    assert response.content_type == "application/problem+json"


def test_api_answers_404_while_disabled(testapp):
    response = testapp.get("/api/v1/banner/current", status=404)
    assert response.content_type == "application/problem+json"


def test_banner_speaks_the_page_language(testapp, banner_on, add_notice):
    add_notice("Alerte orange orages", level="alert", link="https://meteo.example/64")
    french = banner_of(testapp.get("/fr/"))
    assert french["aria-label"] == "Infos pratiques"
    assert french.find("strong").text == "Alerte"
    assert french.find("a").text == "En savoir plus"
    english = banner_of(testapp.get("/en/"))
    assert english["aria-label"] == "Practical notices"
    assert english.find("a").text == "More information"

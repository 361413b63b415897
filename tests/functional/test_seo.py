"""What search engines read: sitemaps with hreflang, robots.txt, JSON-LD, alternates."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from lanta.services import partners as partners_service
from lanta.views import sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "x": "http://www.w3.org/1999/xhtml"}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture
def two_partners(dbsession):
    partners_service.create(dbsession, {
        "slug": "chez-ninou", "category": "restaurant", "name": {"fr": "Chez Ninou"},
        "summary": {"fr": "</script><script>alert(1)</script>"},
        "street": "2 rue des Cordeliers", "postcode": "64000", "city": "Lanta",
        "lat": 43.2955, "lon": -0.3712, "phone": "+33 5 59 00 00 01", "price_range": 2,
        "opening_hours": {"periods": [{"from": "01-01", "to": "12-31", "weekly": {
            d: [["12:00", "14:00"]] for d in DAYS[1:]}}]}})
    partners_service.create(dbsession, {"slug": "draft", "category": "bar",
                                        "name": {"fr": "Brouillon"}, "published": False})


def test_the_index_lists_the_parts(testapp, two_partners):
    root = ET.fromstring(testapp.get("/sitemap.xml").body)
    assert [e.text for e in root.findall("s:sitemap/s:loc", NS)] == [
        "http://localhost/sitemap-pages.xml", "http://localhost/sitemap-partners-1.xml"]


def test_partner_sitemap_has_every_language_with_alternates(testapp, two_partners):
    response = testapp.get("/sitemap-partners-1.xml")
    assert response.content_type == "application/xml"
    urls = ET.fromstring(response.body).findall("s:url", NS)
    assert [u.find("s:loc", NS).text for u in urls] == [
        "http://localhost/fr/partners/chez-ninou", "http://localhost/en/partners/chez-ninou"]
    alternates = {(a.get("hreflang"), a.get("href")) for a in urls[0].findall("x:link", NS)}
    assert alternates == {("fr", "http://localhost/fr/partners/chez-ninou"),
                          ("en", "http://localhost/en/partners/chez-ninou")}
    testapp.get("/sitemap-partners-2.xml", status=404)


def test_partners_are_split_into_files_of_bounded_size(testapp, dbsession, monkeypatch):
    for n in range(5):
        partners_service.create(dbsession, {"slug": f"p{n}", "category": "bar",
                                            "name": {"fr": f"P{n}"}})
    monkeypatch.setattr(sitemap, "PARTNERS_PER_FILE", 2)
    root = ET.fromstring(testapp.get("/sitemap.xml").body)
    assert len(root.findall("s:sitemap", NS)) == 1 + 3
    third = ET.fromstring(testapp.get("/sitemap-partners-3.xml").body)
    assert len(third.findall("s:url", NS)) == 2  # one partner, two languages


def test_robots_points_at_the_sitemap(testapp):
    text = testapp.get("/robots.txt").text
    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_partner_page_carries_escaped_json_ld(testapp, two_partners):
    page = testapp.get("/fr/partners/chez-ninou")
    scripts = page.html.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    assert "</script><script>" not in page.text
    data = json.loads(scripts[0].string)
    assert data["@type"] == "Restaurant"
    assert data["description"] == "</script><script>alert(1)</script>"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 43.2955,
                           "longitude": -0.3712}
    assert data["priceRange"] == "€€"
    days = [s["dayOfWeek"].rsplit("/", 1)[1] for s in data["openingHoursSpecification"]]
    assert days == ["Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def test_language_links_keep_the_page(testapp, two_partners):
    page = testapp.get("/fr/partners/?category=restaurant")
    english = page.html.select_one(".site-languages a[hreflang=en]")["href"]
    assert english == "http://localhost/en/partners/?category=restaurant"
    heads = {l["hreflang"]: l["href"] for l in page.html.select("link[rel=alternate]")}
    assert heads["fr"] == "http://localhost/fr/partners/?category=restaurant"


def test_pages_sitemap_lists_visible_content_with_its_translations(testapp, dbsession):
    from lanta.services import content

    def publish(language, slug, title, group=None):
        item = content.create(dbsession, language=language, parent=None, type="page",
                              slug=slug, texts=content.Texts(title), author=None,
                              translation_group=group)
        content.transition(dbsession, item, "publish", can_review=True)
        return item

    castle = publish("fr", "chateau", "Le château")
    publish("en", "castle", "The castle", castle.translation_group)
    content.create(dbsession, language="fr", parent=None, type="page", slug="brouillon",
                   texts=content.Texts("Brouillon"), author=None)
    urls = ET.fromstring(testapp.get("/sitemap-pages.xml").body).findall("s:url", NS)
    locs = [u.find("s:loc", NS).text for u in urls]
    assert "http://localhost/fr/agenda" in locs and "http://localhost/en/news/" in locs
    assert "http://localhost/fr/brouillon" not in locs
    (fr,) = [u for u in urls if u.find("s:loc", NS).text == "http://localhost/fr/chateau"]
    assert {(a.get("hreflang"), a.get("href")) for a in fr.findall("x:link", NS)} == {
        ("fr", "http://localhost/fr/chateau"), ("en", "http://localhost/en/castle")}

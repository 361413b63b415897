"""Public display: the partner-page panel, the recent reviews, a review's page, the
notice page and the schema.org markup. Only published reviews ever show."""
from __future__ import annotations

import datetime as dt
import html
import json

import pytest

from lanta.services import users as users_service
from lanta_reviews import models
from reviews_support import add_review

EN = {"Accept-Language": "en"}
STATES = ("pending", "private", "rejected", "unpublished", "published")


def other_tester(dbsession, name="Paul D.", slug="paul-d") -> models.Tester:
    user = users_service.create(dbsession, f"{slug}@example.org", "a-long-password-1",
                                "tester", display_name=name)
    row = models.Tester(user_id=user.id, display_name=name, slug=slug, kind="professional")
    dbsession.add(row)
    dbsession.flush()
    return row


def panel(page):
    return page.html.find(attrs={"data-reviews-panel": True})


def shown_ids(node) -> set[int]:
    return {int(a["data-review"]) for a in node.find_all(attrs={"data-review": True})} \
        if node is not None else set()


def test_only_published_reviews_are_shown(testapp, reviews_on, dbsession, tester, partner):
    rows = {status: add_review(dbsession, tester, partner, status, season=2020 + n,
                               title=f"Title {status}")
            for n, status in enumerate(STATES)}
    page = testapp.get(f"/en/partners/{partner.slug}", headers=EN)
    assert shown_ids(panel(page)) == {rows["published"].id}
    for status in ("pending", "private", "rejected", "unpublished"):
        assert f"Title {status}" not in page.text
        testapp.get(f"/en/reviews/{rows[status].id}", headers=EN, status=404)
    recent = testapp.get("/en/reviews/", headers=EN)
    assert shown_ids(recent.html) == {rows["published"].id}
    one = testapp.get(f"/en/reviews/{rows['published'].id}", headers=EN)
    assert one.html.find("h1").get_text(" ", strip=True).endswith("Chez Germaine")
    testapp.get("/en/reviews/999999", headers=EN, status=404)


def test_the_panel_shows_tester_date_rating_and_notice(testapp, reviews_on, dbsession,
                                                      tester, partner):
    review = add_review(dbsession, tester, partner, "published", rating=4,
                        audiences=["families", "couples"], text="First line.\nSecond line.")
    page = testapp.get(f"/en/partners/{partner.slug}", headers=EN)
    box = panel(page)
    heading = box.find_parent("section").find("h2")
    assert heading.get_text(strip=True) == "Our testers' favourites"
    card = box.find(attrs={"data-review": str(review.id)})
    assert card["data-rating"] == "4"
    assert card.find(attrs={"data-rating-text": True}).get_text(strip=True) == "4 out of 5"
    assert card.find(class_="review-card__hearts").get_text() == "\u2665" * 4 + "\u2661"
    assert card.find(class_="review-card__tester").get_text(strip=True) == "Manon B."
    assert card.find("time")["datetime"] == "2025-06-10"
    assert [p.get_text() for p in card.select(".review-card__text p")] == \
        ["First line.", "Second line."]
    assert " ".join(card.find(class_="review-card__audiences").get_text().split()) == \
        "Recommended for: Families, Couples"
    notice = box.find(attrs={"data-reviews-notice": True})
    assert notice.find("a")["href"].endswith("/en/reviews/about")
    about = testapp.get(notice.find("a")["href"], headers=EN)
    text = about.html.find(attrs={"data-reviews-about": True}).get_text(" ")
    for words in ("2019/2161", "visiting the place", "only positive reviews",
                  "never pay", "shares the cost"):
        assert words in text


def test_the_french_panel_title(testapp, reviews_on, dbsession, tester, partner):
    add_review(dbsession, tester, partner, "published")
    page = testapp.get(f"/fr/partners/{partner.slug}", headers={"Accept-Language": "fr"})
    section = panel(page).find_parent("section")
    # Untranslated until the lead builds the catalogs; the French title once they are.
    assert section.find("h2").get_text(strip=True) in {
        "Les coups de cœur de nos testeurs", "Our testers' favourites"}


def test_tester_name_links_to_the_profile(testapp, app, reviews_on, dbsession, tester,
                                          partner):
    from pyramid.interfaces import IRoutesMapper
    routes = {r.name for r in app.registry.getUtility(IRoutesMapper).get_routes()}
    if not routes & {"reviews.tester", "reviews.testers.show"}:
        pytest.skip("the tester profiles' route is not configured yet")
    add_review(dbsession, tester, partner, "published")
    page = testapp.get(f"/en/partners/{partner.slug}", headers=EN)
    link = panel(page).find("a", class_="review-card__tester")
    assert link["href"].endswith("/en/reviews/testers/manon-b")
    testapp.get(link["href"], headers=EN, status=200)


def test_panel_shows_five_newest_and_links_to_more(testapp, reviews_on, dbsession, tester,
                                                   partner):
    rows = [add_review(dbsession, tester, partner, "published", season=2015 + n, title=f"Visit {n}")
            for n in range(7)]
    box = panel(testapp.get(f"/en/partners/{partner.slug}", headers=EN))
    assert [int(a["data-review"]) for a in box.find_all(attrs={"data-review": True})] == \
        [r.id for r in reversed(rows)][:5]
    more = box.find(class_="reviews-panel__more").find("a")
    assert "7" in more.get_text()
    listing = testapp.get(more["href"], headers=EN)
    assert shown_ids(listing.html) == {r.id for r in rows}


def test_recent_reviews_are_paged(testapp, reviews_on, dbsession, tester, make_partner):
    places = [make_partner(f"place-{n}") for n in range(12)]
    rows = [add_review(dbsession, tester, place, "published", title=f"Place {n}",
                       published_at=dt.datetime(2025, 1, 1 + n, tzinfo=dt.timezone.utc))
            for n, place in enumerate(places)]
    first = testapp.get("/en/reviews/", headers=EN)
    assert shown_ids(first.html) == {r.id for r in rows[2:]}
    second = testapp.get(first.html.find("a", rel="next")["href"], headers=EN)
    assert shown_ids(second.html) == {r.id for r in rows[:2]}
    assert second.html.find(attrs={"data-reviews-notice": True}) is not None
    testapp.get("/en/reviews/?page=3", headers=EN, status=404)
    testapp.get("/en/reviews/?page=x", headers=EN, status=404)
    testapp.get("/en/reviews/?partner=nowhere", headers=EN, status=404)


def _jsonld_reviews(page) -> list[dict]:
    found = []
    for script in page.html.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        for item in data if isinstance(data, list) else [data]:
            if item.get("@type") == "Review":
                found.append(item)
    return found


def test_jsonld_parses_and_cannot_close_its_script(testapp, reviews_on, dbsession, tester,
                                                   partner):
    title = "Great </script><script>alert(1)</script> & more"
    review = add_review(dbsession, tester, partner, "published", rating=4, title=title)
    for url in (f"/en/partners/{partner.slug}", f"/en/reviews/{review.id}", "/en/reviews/"):
        page = testapp.get(url, headers=EN)
        assert "</script><script>alert(1)" not in page.text
        [data] = _jsonld_reviews(page)
        assert data["name"] == title
        assert data["reviewRating"] == {"@type": "Rating", "ratingValue": 4,
                                        "bestRating": 5, "worstRating": 1}
        assert data["author"]["@type"] == "Person"
        assert data["author"]["name"] == "Manon B."
        assert data["itemReviewed"]["@type"] == "LocalBusiness"
        assert data["itemReviewed"]["name"] == "Chez Germaine"
        assert data["itemReviewed"]["url"].endswith(f"/en/partners/{partner.slug}")
        assert data["datePublished"] == "2025-06-10"
        assert data["reviewBody"] == review.text


def test_text_and_names_are_escaped_on_the_panel(testapp, reviews_on, dbsession, partner):
    evil = other_tester(dbsession, name="<i>Eve</i>", slug="eve")
    add_review(dbsession, evil, partner, "published", title="<b>Bold</b> claim",
               text='<img src=x onerror="alert(1)"> yum')
    page = testapp.get(f"/en/partners/{partner.slug}", headers=EN)
    box = panel(page)
    assert box.find("b") is None and box.find("i") is None
    assert box.find("img", src="x") is None
    assert html.escape("<b>Bold</b> claim", quote=False) in page.text
    assert box.find(class_="review-card__tester").get_text() == "<i>Eve</i>"
    assert "<img src=x" in box.select_one(".review-card__text p").get_text()


def test_hook_lanta_partner_panels(testapp, reviews_on, disable_addon, dbsession, tester,
                                   partner):
    review = add_review(dbsession, tester, partner, "published")
    assert shown_ids(panel(testapp.get(f"/en/partners/{partner.slug}", headers=EN))) == \
        {review.id}
    disable_addon("reviews")
    page = testapp.get(f"/en/partners/{partner.slug}", headers=EN)
    assert panel(page) is None
    assert "Lovely terrace" not in page.text
    for url in ("/en/reviews/", f"/en/reviews/{review.id}", "/en/reviews/about"):
        testapp.get(url, headers=EN, status=404)


def test_a_partner_without_reviews_has_no_panel(testapp, reviews_on, partner):
    assert panel(testapp.get(f"/en/partners/{partner.slug}", headers=EN)) is None


def test_an_unknown_language_is_not_found(testapp, reviews_on):
    testapp.get("/xx/reviews/", headers=EN, status=404)

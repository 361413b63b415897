"""Testers' profiles: the tester's own page (name, bio, interests, languages, a photo
checked like any upload, with its text alternative, that can be removed), the office's
list that deactivates a tester, the public profile (escaped, badges, published reviews
only, kept for a former tester, 404 for an unknown address) and the public list."""
from __future__ import annotations


import pytest
from sqlalchemy import select
from webtest import Upload

from lanta.models import StoredImage
from lanta.testing import jpeg_bytes
from lanta_reviews.models import Tester
from lanta_reviews.services import badges, testers
from reviews_support import add_review

PROFILE = "/reviews/my/profile"


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def tester_app(login, reviews_on, tester):
    return login("tester")


def field_error(response, field: str) -> str:
    item = response.html.select_one(f".item-{field}")
    return " ".join(e.get_text(" ", strip=True) for e in item.select(".invalid-feedback"))


# --- the tester's own profile ------------------------------------------------------------


def test_tester_edits_the_profile_and_the_address_follows_the_name(
        tester_app, dbsession, tester):
    form = tester_app.get(PROFILE).forms["profile-form"]
    assert form["display_name"].value == "Manon B."
    form["display_name"] = "La Gourmande"
    form["bio"] = "Je teste les tables du Béarn."
    response = form.submit("save", status=302)
    assert "Profile saved." in response.follow().text
    assert (tester.display_name, tester.slug, tester.bio) == (
        "La Gourmande", "la-gourmande", "Je teste les tables du Béarn.")
    tester_app.get("/fr/reviews/testers/la-gourmande", status=200)
    tester_app.get("/fr/reviews/testers/manon-b", status=404)


def test_profile_refuses_an_empty_name_and_keeps_the_old_one(tester_app, tester):
    form = tester_app.get(PROFILE).forms["profile-form"]
    form["display_name"] = "   "
    form["bio"] = "Changed?"
    response = form.submit("save", status=400)
    assert field_error(response, "display_name")
    assert response.forms["profile-form"]["bio"].value == "Changed?"
    assert (tester.display_name, tester.bio) == ("Manon B.", "")


def test_photo_upload_stores_a_real_jpeg_then_removal(tester_app, dbsession, tester):
    form = tester_app.get(PROFILE).forms["photo-form"]
    form["upload"] = Upload("moi.jpg", jpeg_bytes(800, 800), "image/jpeg")
    form["image_alt"] = "Manon au lac d'Artouste"
    form.submit("save_photo", status=302)
    image = dbsession.get(StoredImage, tester.photo_id)
    assert image.alt == "Manon au lac d'Artouste" and image.width == 800
    public = tester_app.get("/fr/reviews/testers/manon-b")
    img = public.html.select_one(".tester-photo img")
    assert img["alt"] == "Manon au lac d'Artouste"
    tester_app.get(img["src"], status=200)

    page = tester_app.get(PROFILE)
    page.forms["remove-photo-form"].submit(status=302)
    assert tester.photo_id is None
    assert tester_app.get("/fr/reviews/testers/manon-b").html.select_one(
        ".tester-photo img") is None


def test_photo_refuses_a_text_file(tester_app, dbsession, tester):
    before = dbsession.scalars(select(StoredImage.id)).all()
    form = tester_app.get(PROFILE).forms["photo-form"]
    form["upload"] = Upload("moi.jpg", b"just some text, not a picture\n", "image/jpeg")
    form["image_alt"] = "Moi"
    response = form.submit("save_photo", status=400)
    assert "not a PNG, JPEG or WebP image" in field_error(response, "image")
    assert tester.photo_id is None
    assert dbsession.scalars(select(StoredImage.id)).all() == before


def test_photo_needs_a_text_alternative(tester_app, tester):
    form = tester_app.get(PROFILE).forms["photo-form"]
    form["upload"] = Upload("moi.jpg", jpeg_bytes(), "image/jpeg")
    form["image_alt"] = ""
    response = form.submit("save_photo", status=400)
    assert field_error(response, "image_alt")
    assert tester.photo_id is None


def test_an_account_with_the_permission_but_no_tester_row_has_no_profile(login, reviews_on):
    login("admin").get(PROFILE, status=404)


def test_profile_needs_a_login_and_a_tester_row(login, reviews_on, tester, testapp):
    testapp.get(PROFILE, status=302)  # to the login form
    login("editor").get(PROFILE, status=404)  # logged in, but no tester row


# --- the office's list of testers -------------------------------------------------------


def test_office_deactivates_and_reactivates_a_tester(login, reviews_on, tester, testapp):
    app = login("staff")
    page = app.get("/admin/reviews/testers")
    row = page.html.select_one(f"#tester-{tester.id}")
    assert row["data-active"] == "1"
    page.forms[f"tester-active-{tester.id}"].submit(status=302)
    assert tester.active is False
    # The profile stays readable, marked as a former tester.
    public = app.get("/fr/reviews/testers/manon-b", status=200)
    assert public.html.select_one("#tester-former")
    assert app.get("/fr/reviews/testers/").html.select_one("[data-tester='manon-b']") is None
    app.get("/admin/reviews/testers").forms[f"tester-active-{tester.id}"].submit(status=302)
    assert tester.active is True


# --- public pages ------------------------------------------------------------------------


def test_public_profile_escapes_the_name_and_bio(testapp, reviews_on, tester, dbsession):
    tester.display_name = "<script>alert('x')</script>"
    tester.bio = "<b>bold</b> & co"
    dbsession.flush()
    page = testapp.get("/fr/reviews/testers/manon-b")
    assert "<script>alert" not in page.text and "<b>bold</b>" not in page.text
    assert page.html.select_one("#tester-name").text == "<script>alert('x')</script>"
    assert page.html.select_one("#tester-bio").text == "<b>bold</b> & co"
    assert "&lt;script&gt;" in page.html.select_one("title").decode()


def test_public_profile_shows_published_reviews_only_and_badges(
        testapp, reviews_on, tester, dbsession, make_partner):
    restaurant = make_partner("chez-germaine", "restaurant")
    museum = make_partner("musee-des-beaux-arts", "museum")
    campsite = make_partner("camping-du-lac", "campsite")
    add_review(dbsession, tester, restaurant, "published", title="Garbure parfaite", day=3)
    add_review(dbsession, tester, museum, "published", title="Salle Rubens", rating=4, day=5)
    add_review(dbsession, tester, campsite, "private", 2026, rating=2,
               title="Sanitaires sales")
    page = testapp.get("/en/reviews/testers/manon-b")
    items = page.html.select("#tester-reviews [data-review]")
    assert [i.strong.text for i in items] == ["Salle Rubens", "Garbure parfaite"]
    assert "Sanitaires sales" not in page.text
    link = items[1].a
    assert link["href"] == "http://localhost/en/partners/chez-germaine"
    assert items[0].select_one("[data-rating]")["data-rating"] == "4"
    assert [b["data-badge"] for b in page.html.select("[data-badge]")] == ["first"]
    assert "First review" in page.text

    add_review(dbsession, tester, campsite, "published", 2025, title="Au bord de l'eau")
    page = testapp.get("/en/reviews/testers/manon-b")
    assert [b["data-badge"] for b in page.html.select("[data-badge]")] == [
        "first", "explorer"]


def test_unknown_tester_is_404(testapp, reviews_on, tester):
    testapp.get("/fr/reviews/testers/nobody", status=404)
    testapp.get("/zz/reviews/testers/manon-b", status=404)


def test_public_list_shows_active_testers(testapp, reviews_on, tester, dbsession, users):
    other = Tester(user_id=users["partner"].id, display_name="Zoé", slug="zoe",
                   kind="professional", active=False)
    dbsession.add(other)
    dbsession.flush()
    page = testapp.get("/fr/reviews/testers/")
    cards = page.html.select("#tester-cards [data-tester]")
    assert [c["data-tester"] for c in cards] == ["manon-b"]
    assert cards[0].a["href"] == "http://localhost/fr/reviews/testers/manon-b"


# --- badges and addresses ---------------------------------------------------------------


@pytest.mark.parametrize(("published", "categories", "expected"), [
    (0, 0, []), (1, 1, ["first"]), (4, 2, ["first"]), (5, 2, ["first", "five"]),
    (10, 3, ["first", "five", "ten", "explorer"]), (3, 3, ["first", "explorer"])])
def test_badge_thresholds(published, categories, expected):
    assert badges.badge_names(published, categories) == expected


def test_every_badge_has_a_translated_title():
    assert all(badge.title.domain == "lanta_reviews" for badge in badges.BADGES.values())


def test_slugs_stay_unique(dbsession, users, tester):
    assert testers.unique_slug(dbsession, "Manon B.") == "manon-b-2"
    assert testers.unique_slug(dbsession, "Manon B.", keep_id=tester.id) == "manon-b"
    assert testers.unique_slug(dbsession, "Éloïse Ü") == "eloise-u"
    assert testers.unique_slug(dbsession, "!!!") == "tester"

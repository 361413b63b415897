"""The tester's space through the real application: the list, declaring a test with its
receipt, writing the review, refusals re-displayed with nothing stored, the receipt for
its tester only, other testers' tests answering 404, escaping, and the disabled add-on."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from webtest import Upload

from lanta.services import partner_changes
from lanta.services import users as users_service
from lanta.testing import jpeg_bytes

from lanta_reviews import models
from lanta_reviews.services import receipts, reviews, settings, tests

MY = "/reviews/my/"
ADD = "/reviews/my/tests/add"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def app_as_tester(login, reviews_on, tester):
    return login("tester")


def recent() -> dt.date:
    return tests.office_today() - dt.timedelta(days=3)


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


def declare_form(app, partner, **values):
    form = app.get(ADD).forms["reviews-test-form"]
    form["partner_id"] = str(partner.id)
    form["visited_on"] = recent().isoformat()
    form["what"] = "Dîner pour deux"
    form["amount"] = "42,50"
    form["upload"] = Upload("ticket.pdf", PDF, "application/pdf")
    for key, value in values.items():
        form[key] = value
    return form


def a_test(dbsession, tester, partner, **values) -> models.Test:
    fields = dict(partner_id=partner.id, visited_on=recent(), what="Déjeuner",
                  amount_cents=0)
    fields.update(values)
    return tests.declare(dbsession, "/nonexistent", tester, tests.VisitInput(**fields))


def review_form(app, test_id: int, rating: str = "5", **values):
    form = app.get(f"/reviews/my/tests/{test_id}/review").forms["reviews-review-form"]
    form["rating"] = rating
    form["title"] = "Une adresse à garder"
    form["text"] = "Accueil chaleureux, cuisine du marché, terrasse à l'ombre."
    for key, value in values.items():
        form[key] = value
    return form


# --- the list -----------------------------------------------------------------------------


def test_my_space_asks_for_a_tester(testapp, reviews_on, login, tester):
    assert "/login" in testapp.get(MY, status=302).location  # anonymous: log in first
    login("editor")
    testapp.get(MY, status=403)


def test_an_account_with_the_permission_but_no_tester_row_is_told(admin_app, reviews_on):
    page = admin_app.get(MY)
    assert page.html.find(id="reviews-not-a-tester") is not None


def test_the_list_shows_my_tests_with_review_and_claim_status(
        app_as_tester, dbsession, tester, partner, make_partner):
    test = a_test(dbsession, tester, partner)
    reviews.write(dbsession, "/nonexistent", tester, test.id, reviews.ReviewInput(
        3, "Bof", "Un accueil froid et une attente bien longue.", "fr"), languages=["fr"])
    other = a_test(dbsession, tester, make_partner("le-gave"))
    other.claim_status = "approved"
    dbsession.flush()
    page = app_as_tester.get(MY)
    rows = {row["data-test"]: row for row in page.html.select("tr[data-test]")}
    assert rows[str(test.id)]["data-review-status"] == "private"
    assert rows[str(other.id)]["data-review-status"] == "none"
    assert rows[str(other.id)]["data-claim-status"] == "approved"
    assert "Claim approved" in rows[str(other.id)].text


def test_the_disabled_add_on_answers_404(app_as_tester, disable_addon, dbsession, tester,
                                         partner):
    test = a_test(dbsession, tester, partner)
    disable_addon("reviews")
    for url in (MY, ADD, f"/reviews/my/tests/{test.id}/review",
                f"/reviews/my/tests/{test.id}/receipt"):
        app_as_tester.get(url, status=404)


# --- declaring ----------------------------------------------------------------------------


def test_declaring_a_test_with_a_pdf_receipt(app_as_tester, dbsession, tester, partner):
    response = declare_form(app_as_tester, partner).submit("declare", status=302)
    (test,) = dbsession.scalars(select(models.Test)).all()
    assert response.location.endswith(f"/reviews/my/tests/{test.id}/review")
    assert (test.partner_id, test.amount_cents, test.season) == (
        partner.id, 4250, recent().year)
    receipt = app_as_tester.get(f"/reviews/my/tests/{test.id}/receipt")
    assert receipt.body == PDF and receipt.content_type == "application/pdf"
    assert "no-store" in receipt.headers["Cache-Control"]
    assert receipt.headers["Content-Disposition"].startswith("attachment")


def test_declaring_with_a_jpeg_receipt(app_as_tester, dbsession, partner):
    declare_form(app_as_tester, partner,
                 upload=Upload("ticket.jpg", jpeg_bytes(300, 400), "image/jpeg")
                 ).submit("declare", status=302)
    (test,) = dbsession.scalars(select(models.Test)).all()
    assert test.receipt_name.endswith(".jpg")
    receipt = app_as_tester.get(f"/reviews/my/tests/{test.id}/receipt")
    assert receipt.content_type == "image/jpeg"


def test_a_text_file_named_pdf_is_refused_on_the_form(app_as_tester, dbsession, partner):
    page = declare_form(app_as_tester, partner,
                        upload=Upload("ticket.pdf", b"I promise I paid.", "application/pdf")
                        ).submit("declare", status=400)
    assert "The receipt must be a photo (JPEG, PNG or WebP) or a PDF file." in page.text
    assert page.forms["reviews-test-form"]["what"].value == "Dîner pour deux"
    assert count(dbsession, models.Test) == 0


def test_form_mistakes_are_shown_again(app_as_tester, dbsession, partner):
    future = (tests.office_today() + dt.timedelta(days=2)).isoformat()
    page = declare_form(app_as_tester, partner, visited_on=future, amount="12 euros"
                        ).submit("declare", status=400)
    assert "Write an amount in euros" in page.text
    page = declare_form(app_as_tester, partner, visited_on=future).submit("declare",
                                                                         status=400)
    assert "The visit cannot be in the future." in page.text
    assert count(dbsession, models.Test) == 0


def test_conflict_of_interest_is_refused_on_the_form(app_as_tester, dbsession, users,
                                                     partner):
    partner_changes.set_members(dbsession, partner, [users["tester"]])
    page = declare_form(app_as_tester, partner).submit("declare", status=409)
    assert "conflict of interest" in page.text
    assert count(dbsession, models.Test) == 0


def test_a_second_test_of_the_place_this_season_is_refused(app_as_tester, dbsession,
                                                           tester, partner):
    a_test(dbsession, tester, partner)
    folder = receipts.folder(app_as_tester.app.registry.lanta_settings.uploads_dir)
    before = set(folder.glob("*"))
    page = declare_form(app_as_tester, partner).submit("declare", status=409)
    assert "one test per place and season" in page.text
    assert count(dbsession, models.Test) == 1
    assert set(folder.glob("*")) == before  # no receipt left behind


def test_an_ended_tester_gets_no_form(app_as_tester, tester, dbsession):
    tester.active = False
    dbsession.flush()
    page = app_as_tester.get(ADD, status=403)
    assert "reviews-test-form" not in page.forms
    assert page.html.find(id="reviews-refusal") is not None


# --- the review ---------------------------------------------------------------------------


def test_writing_a_five_sends_it_to_moderation(app_as_tester, dbsession, tester, partner):
    test = a_test(dbsession, tester, partner)
    form = review_form(app_as_tester, test.id)
    form.set("upload", Upload("terrasse.jpg", jpeg_bytes(800, 600), "image/jpeg"), index=0)
    form.set("alt", "La terrasse au soleil", index=0)
    (box,) = [f for f in form.fields["checkbox"] if f._value == "couples"]
    box.checked = True
    form.submit("send", status=302)
    review = reviews.review_of(dbsession, test)
    assert (review.status, review.rating, review.audiences) == ("pending", 5, ["couples"])
    assert [image.alt for _p, image in reviews.photos_of(dbsession, review)] == [
        "La terrasse au soleil"]
    page = app_as_tester.get(f"/reviews/my/tests/{test.id}/review")
    assert page.html.find(id="reviews-review-status")["data-status"] == "pending"


def test_writing_a_three_keeps_it_private(app_as_tester, dbsession, tester, partner):
    test = a_test(dbsession, tester, partner)
    review_form(app_as_tester, test.id, rating="3").submit("send", status=302)
    assert reviews.review_of(dbsession, test).status == "private"
    page = app_as_tester.get(f"/reviews/my/tests/{test.id}/review")
    assert "reviews-review-form" not in page.forms  # decided: no more changes


def test_the_threshold_setting_decides_on_the_page_too(app_as_tester, dbsession, tester,
                                                        partner):
    settings.set_threshold(dbsession, 5)
    test = a_test(dbsession, tester, partner)
    review_form(app_as_tester, test.id, rating="4").submit("send", status=302)
    assert reviews.review_of(dbsession, test).status == "private"


def test_review_mistakes_are_shown_again(app_as_tester, dbsession, tester, partner):
    test = a_test(dbsession, tester, partner)
    form = review_form(app_as_tester, test.id, title="")
    form.set("upload", Upload("x.jpg", b"not a picture", "image/jpeg"), index=0)
    form.set("alt", "Rien", index=0)
    page = form.submit("send", status=400)
    assert "The photo must be a JPEG, PNG or WebP picture" in page.text
    assert page.forms["reviews-review-form"]["text"].value.startswith("Accueil")
    form = review_form(app_as_tester, test.id, text="Trop court")
    assert "Write at least" in form.submit("send", status=400).text
    form = review_form(app_as_tester, test.id)
    form.set("upload", Upload("x.jpg", jpeg_bytes(), "image/jpeg"), index=1)
    page = form.submit("send", status=400)
    assert "Describe the photo in a few words." in page.text
    assert count(dbsession, models.Review) == 0


def test_another_testers_test_answers_404(app_as_tester, dbsession, partner):
    user = users_service.create(dbsession, "paul@example.org", "a-long-password-1",
                                "tester")
    paul = models.Tester(user_id=user.id, display_name="Paul", slug="paul",
                         kind="resident")
    dbsession.add(paul)
    dbsession.flush()
    theirs = tests.declare(dbsession, app_as_tester.app.registry.lanta_settings.uploads_dir,
                           paul, tests.VisitInput(partner.id, recent(), "Déjeuner", 500,
                                                  receipts.check(PDF)))
    app_as_tester.get(f"/reviews/my/tests/{theirs.id}/review", status=404)
    app_as_tester.get(f"/reviews/my/tests/{theirs.id}/receipt", status=404)
    app_as_tester.get("/reviews/my/tests/99999999999/review", status=404)
    page = app_as_tester.get(MY)
    assert page.html.select(f"tr[data-test='{theirs.id}']") == []


def test_title_and_text_are_escaped(app_as_tester, dbsession, tester, partner):
    test = a_test(dbsession, tester, partner, what="<b>menu</b>")
    reviews.write(dbsession, "/nonexistent", tester, test.id, reviews.ReviewInput(
        2, "<script>alert(1)</script>", "Pas terrible <img src=x onerror=alert(2)>.",
        "fr"), languages=["fr"])
    for url in (MY, f"/reviews/my/tests/{test.id}/review"):
        page = app_as_tester.get(url)
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "<b>menu</b>" not in page.text
    assert "<img src=x" not in page.text


"""Cost sharing's pages through the real application: the office's costs page, its
decisions, CSV and receipts; the tester's claim button; menu and dashboard."""
from __future__ import annotations

import datetime as dt
import secrets

import pytest

from lanta.services import users as users_service
from lanta.testing import jpeg_bytes
from lanta_reviews import models  # its Test and Tester, imported, would be collected
from lanta_reviews.services import claims, seasons

EN = {"Accept-Language": "en"}
YEAR = 2026
COSTS = "/admin/reviews/costs"


def add_test(dbsession, tester, partner, *, amount_cents=6000, receipt="",
             claim=False):
    """A test and its review (a claim needs one, whatever it says)."""
    row = models.Test(tester_id=tester.id, partner_id=partner.id,
                      visited_on=dt.date(YEAR, 6, 12), season=YEAR, what="Menu du marché",
                      amount_cents=amount_cents, receipt_name=receipt)
    dbsession.add(row)
    dbsession.flush()
    dbsession.add(models.Review(test_id=row.id, tester_id=tester.id, partner_id=partner.id,
                                rating=5, title="Parfait", text="Tout était parfait.",
                                language="fr", status="pending"))
    dbsession.flush()
    if claim:
        claims.claim(dbsession, row.id, tester.id)
    return row


@pytest.fixture
def receipt(app):
    """A real receipt file where the testing pages store them; its name."""
    folder = app.registry.lanta_settings.uploads_dir / "reviews-receipts"
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + ".jpg"  # as the testing pages name them
    (folder / name).write_bytes(jpeg_bytes())
    yield name
    (folder / name).unlink(missing_ok=True)


@pytest.fixture
def staff_app(login, reviews_on):
    return login("staff")


def _csrf(page) -> str:
    return page.html.select_one("input[name=csrf_token]")["value"]


# --- the office's page -----------------------------------------------------------------------


def test_the_office_saves_the_season_terms(staff_app, dbsession):
    # A season other than today's: the year must travel with the form.
    page = staff_app.get(COSTS, params={"season": "2031"}, headers=EN)
    assert page.html.select_one("#reviews-season-unsaved") is not None
    form = page.forms["reviews-season-form"]
    form["share_percent"] = "40"
    form["cap"] = "25,50"
    form["budget"] = "1 000"
    done = form.submit("save", headers=EN)
    assert done.status_int == 302
    row = dbsession.get(models.Season, 2031)
    assert (row.share_percent, row.cap_cents, row.budget_cents) == (40, 2550, 100000)
    shown = done.follow(headers=EN)
    assert "Season 2031 saved." in shown.text
    assert shown.html.select_one("[data-figure=budget]")["data-cents"] == "100000"


def test_bad_season_terms_are_shown_on_the_form(staff_app, dbsession):
    page = staff_app.get(COSTS, params={"season": str(YEAR)}, headers=EN)
    form = page.forms["reviews-season-form"]
    form["share_percent"] = "50"
    form["cap"] = "-3"
    form["budget"] = "100"
    shown = form.submit("save", headers=EN, status=400)
    assert "An amount cannot be negative." in shown.text
    assert dbsession.get(models.Season, YEAR) is None


def test_a_bad_season_in_the_address_is_a_400(staff_app):
    staff_app.get(COSTS, params={"season": "20x6"}, status=400)
    staff_app.get("/admin/reviews/costs.csv", params={"season": "1700"}, status=400)


def test_the_office_approves_then_marks_paid(staff_app, dbsession, tester, partner):
    seasons.update(dbsession, YEAR, share_percent=50, cap="30", budget="100")
    test = add_test(dbsession, tester, partner, amount_cents=5000, receipt="r.jpg",
                    claim=True)
    page = staff_app.get(COSTS, params={"season": str(YEAR)}, headers=EN)
    assert page.html.select_one(f"#claim-{test.id}")["data-status"] == "submitted"
    staff_app.post(f"/admin/reviews/claims/{test.id}/approve",
                   {"csrf_token": _csrf(page)}, status=302)
    assert (test.claim_status, test.office_share_cents) == ("approved", 2500)
    staff_app.post(f"/admin/reviews/claims/{test.id}/paid",
                   {"csrf_token": _csrf(page)}, status=302)
    assert test.claim_status == "paid"
    shown = staff_app.get(COSTS, params={"season": str(YEAR)}, headers=EN)
    assert shown.html.select_one("[data-figure=paid]")["data-cents"] == "2500"
    assert shown.html.select_one("[data-figure=remaining]")["data-cents"] == "7500"


def test_an_approval_beyond_the_budget_is_refused_on_the_page(
        staff_app, dbsession, tester, partner, make_partner):
    seasons.update(dbsession, YEAR, share_percent=50, cap="30", budget="40")
    first = add_test(dbsession, tester, partner, receipt="a.jpg", claim=True)
    second = add_test(dbsession, tester, make_partner("le-grand-large"), receipt="b.jpg",
                      claim=True)
    claims.approve(dbsession, first.id, None)
    page = staff_app.get(COSTS, params={"season": str(YEAR)}, headers=EN)
    shown = staff_app.post(f"/admin/reviews/claims/{second.id}/approve",
                           {"csrf_token": _csrf(page)}, headers=EN, status=409)
    error = shown.html.select_one(f"#claim-{second.id}-error")
    assert "cannot cover this claim: 30,00 € asked, 10,00 € left" in error.text
    assert second.claim_status == "submitted"


def test_refusing_without_a_reason_is_shown_on_the_page(staff_app, dbsession, tester,
                                                        partner):
    test = add_test(dbsession, tester, partner, receipt="a.jpg", claim=True)
    page = staff_app.get(COSTS, params={"season": str(YEAR)}, headers=EN)
    shown = staff_app.post(f"/admin/reviews/claims/{test.id}/refuse",
                           {"csrf_token": _csrf(page), "reason": "  "}, headers=EN,
                           status=400)
    assert shown.html.select_one(f"#claim-{test.id}-reason")["aria-invalid"] == "true"
    assert "Say why the claim is refused" in shown.text
    assert test.claim_status == "submitted"
    staff_app.post(f"/admin/reviews/claims/{test.id}/refuse",
                   {"csrf_token": _csrf(page), "reason": "Ticket d'un autre lieu"},
                   status=302)
    assert (test.claim_status, test.claim_reason) == ("refused", "Ticket d'un autre lieu")


def test_marking_paid_before_approval_is_refused(staff_app, dbsession, tester, partner):
    test = add_test(dbsession, tester, partner, receipt="a.jpg", claim=True)
    page = staff_app.get(COSTS, params={"season": str(YEAR)})
    staff_app.post(f"/admin/reviews/claims/{test.id}/paid", {"csrf_token": _csrf(page)},
                   status=409)
    assert test.claim_status == "submitted" and test.paid_at is None


def test_the_csv_matches_the_report(staff_app, dbsession, tester, partner, make_partner):
    seasons.update(dbsession, YEAR, share_percent=50, cap="30", budget="100")
    one = add_test(dbsession, tester, partner, amount_cents=4010, receipt="a.jpg",
                   claim=True)
    add_test(dbsession, tester, make_partner("le-grand-large"), amount_cents=1500,
             receipt="b.jpg", claim=True)
    claims.approve(dbsession, one.id, None)
    page = staff_app.get(COSTS, params={"season": str(YEAR)})
    link = page.html.select_one("#reviews-costs-csv")["href"]
    response = staff_app.get(link)
    assert response.content_type == "text/csv"
    assert "no-store" in response.headers["Cache-Control"]
    assert "reviews-claims-2026.csv" in response.headers["Content-Disposition"]
    lines = response.body.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0].startswith("test_id;visit_date;tester;partner")
    assert len(lines) == 1 + 2
    shares = [line.split(";")[6] for line in lines[1:]]
    assert sorted(shares) == ["", "20,05"]
    assert page.html.select_one("[data-figure=approved]")["data-cents"] == "2005"


# --- receipts --------------------------------------------------------------------------------


def test_the_office_downloads_a_claims_receipt(staff_app, dbsession, tester, partner,
                                               receipt):
    test = add_test(dbsession, tester, partner, receipt=receipt, claim=True)
    response = staff_app.get(f"/admin/reviews/claims/{test.id}/receipt")
    assert response.content_type == "image/jpeg"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.body == jpeg_bytes()


def test_a_missing_or_odd_receipt_is_a_404(staff_app, dbsession, tester, partner):
    gone = add_test(dbsession, tester, partner, receipt="gone.jpg")
    staff_app.get(f"/admin/reviews/claims/{gone.id}/receipt", status=404)
    gone.receipt_name = "../../secret.pdf"
    dbsession.flush()
    staff_app.get(f"/admin/reviews/claims/{gone.id}/receipt", status=404)
    staff_app.get("/admin/reviews/claims/99999999/receipt", status=404)


def test_a_tester_cannot_use_the_office_pages(login, reviews_on, dbsession, tester,
                                              partner, receipt):
    test = add_test(dbsession, tester, partner, receipt=receipt, claim=True)
    app = login("tester")
    app.get(f"/admin/reviews/claims/{test.id}/receipt", status=403)
    app.get(COSTS, status=403)
    app.get("/admin/reviews/costs.csv", status=403)


def test_an_editor_cannot_manage_costs(login, reviews_on):
    login("editor").get(COSTS, status=403)


# --- the tester's claim ----------------------------------------------------------------------


def _tester_csrf(app) -> str:
    return app.get("/account").html.select_one("input[name=csrf_token]")["value"]


def test_a_tester_claims_their_test(login, reviews_on, dbsession, tester, partner):
    test = add_test(dbsession, tester, partner, receipt="a.jpg")
    app = login("tester")
    done = app.post(f"/reviews/my/tests/{test.id}/claim", {"csrf_token": _tester_csrf(app)},
                    status=302)
    assert done.location.endswith("/reviews/my/")
    assert test.claim_status == "submitted"


def test_a_test_without_a_receipt_is_not_claimed(login, reviews_on, dbsession, tester,
                                                 partner):
    test = add_test(dbsession, tester, partner, receipt="")
    app = login("tester")
    app.post(f"/reviews/my/tests/{test.id}/claim", {"csrf_token": _tester_csrf(app)},
             status=302)
    assert test.claim_status == "none"


def test_a_tester_cannot_claim_another_testers_test(login, reviews_on, dbsession, tester,
                                                    partner):
    user = users_service.create(dbsession, "paul@example.org", "x" * 16, "tester",
                                display_name="Paul")
    other = models.Tester(user_id=user.id, display_name="Paul", slug="paul",
                          kind="resident")
    dbsession.add(other)
    dbsession.flush()
    theirs = add_test(dbsession, other, partner, receipt="a.jpg")
    app = login("tester")
    app.post(f"/reviews/my/tests/{theirs.id}/claim", {"csrf_token": _tester_csrf(app)},
             status=404)
    assert theirs.claim_status == "none"


# --- menu, dashboard, add-on off -------------------------------------------------------------


def test_menu_and_dashboard_widget(staff_app, dbsession, tester, partner):
    year = seasons.current_year()
    seasons.update(dbsession, year, share_percent=50, cap="30", budget="80")
    row = models.Test(tester_id=tester.id, partner_id=partner.id,
                      visited_on=dt.date(year, 1, 2), season=year, what="Visite",
                      amount_cents=2000, receipt_name="a.jpg")
    dbsession.add(row)
    dbsession.flush()
    dbsession.add(models.Review(test_id=row.id, tester_id=tester.id, partner_id=partner.id,
                                rating=2, title="Bof", text="Visite trop rapide.",
                                language="fr", status="private"))
    dbsession.flush()
    claims.claim(dbsession, row.id, tester.id)
    page = staff_app.get("/admin/", headers=EN)
    assert page.html.select_one(f"a[href$='{COSTS}']") is not None
    assert page.html.select_one("[data-reviews-waiting]")["data-reviews-waiting"] == "1"
    assert page.html.select_one("[data-reviews-remaining]")["data-reviews-remaining"] \
        == "80,00"


def test_the_pages_are_gone_when_the_addon_is_off(login, disable_addon):
    disable_addon("reviews")
    app = login("staff")
    app.get(COSTS, status=404)
    app.get("/admin/reviews/costs.csv", status=404)


# --- valid HTML ------------------------------------------------------------------------------


def test_the_costs_page_is_valid_html(staff_app, dbsession, tester, partner, make_partner,
                                      tmp_path):
    from lanta.testing import vnu_errors

    seasons.update(dbsession, YEAR, share_percent=50, cap="30", budget="40")
    tests = [add_test(dbsession, tester, make_partner(f"lieu-{n}"), receipt="a.jpg",
                      claim=True) for n in range(4)]
    claims.approve(dbsession, tests[0].id, None)
    claims.mark_paid(dbsession, tests[0].id, None)
    claims.refuse(dbsession, tests[1].id, "Ticket illisible", None)
    page = staff_app.get(COSTS, params={"season": str(YEAR)}, headers=EN)
    refused = staff_app.post(f"/admin/reviews/claims/{tests[2].id}/refuse",
                             {"csrf_token": _csrf(page), "reason": ""}, headers=EN,
                             status=400)
    empty = staff_app.get(COSTS, params={"season": str(YEAR + 1)}, headers=EN)
    assert vnu_errors({"full": page.text, "refused": refused.text, "empty": empty.text},
                      tmp_path) == []

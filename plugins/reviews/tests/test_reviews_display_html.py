"""The pages of this part are valid HTML (the Nu HTML checker), with hostile text in
every field a tester or a partner writes."""
from __future__ import annotations


from lanta.services import partner_changes
from lanta.testing import vnu_errors
from lanta_reviews import models
from lanta_reviews.services import moderation
from reviews_support import add_review

EVIL = '<script>alert("x")</script> & </p>'


def evil_review(dbsession, tester, partner, status, season, rating=5) -> models.Review:
    return add_review(dbsession, tester, partner, status, season, rating=rating,
                      title=f"Title {EVIL}", text=f"Line one {EVIL}\nLine two",
                      language="fr", audiences=["families"])


def test_pages_are_valid_html(testapp, login, reviews_on, dbsession, tester, partner,
                              users, tmp_path):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"
    tester.display_name = f"Eve {EVIL}"[:80]
    shown = evil_review(dbsession, tester, partner, "published", 2025)
    evil_review(dbsession, tester, partner, "pending", 2024)
    evil_review(dbsession, tester, partner, "private", 2023, rating=2)
    gone = evil_review(dbsession, tester, partner, "published", 2022)
    moderation.unpublish(dbsession, gone, users["editor"].id, f"Reason {EVIL}")
    partner_changes.set_members(dbsession, partner, [users["partner"]])
    moderation.report(dbsession, shown, users["partner"], f"Report {EVIL}")
    served = {}
    for url in (f"/en/partners/{partner.slug}", "/en/reviews/", f"/en/reviews/{shown.id}",
                "/en/reviews/about"):
        served[url] = testapp.get(url).text
    login("partner")
    served["partner"] = testapp.get(f"/partner/{partner.slug}/reviews").text
    login("admin")
    for url in ("/admin/reviews/", "/admin/reviews/feedback", "/admin/reviews/published",
                "/admin/reviews/reports", f"/admin/reviews/{gone.id}",
                "/admin/reviews/settings", "/admin/"):
        served[url] = testapp.get(url).text
    assert all("<script>alert" not in html for html in served.values())
    errors = vnu_errors(served, tmp_path)
    assert errors == [], "\n".join(map(str, errors))

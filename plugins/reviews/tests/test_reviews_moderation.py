"""Moderation by the office, private feedback passed on to partners, partners' reports
and the office's decisions on them."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from lanta.services import partner_changes
from lanta.services import users as users_service
from lanta.services.errors import InvalidField
from lanta.services.search_sync import PENDING
from lanta.testing import mail_text
from lanta_reviews import models
from lanta_reviews.services import moderation
from reviews_support import add_review

EN = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def events(dbsession, review) -> list[tuple[str, str]]:
    return [(e.action, e.reason) for e in moderation.history(dbsession, review)]


# --- the service -----------------------------------------------------------------------------


def test_approve_publishes_and_asks_for_the_partner_to_rank_again(dbsession, tester,
                                                                  partner, users):
    review = add_review(dbsession, tester, partner, "pending")
    dbsession.info.pop(PENDING, None)
    moderation.approve(dbsession, review, users["editor"].id)
    assert review.status == "published" and review.published_at is not None
    assert events(dbsession, review) == [("approved", "")]
    assert f"partner:{partner.id}" in dbsession.info[PENDING]
    with pytest.raises(moderation.WrongState):
        moderation.approve(dbsession, review, users["editor"].id)


def test_reject_needs_a_reason(dbsession, tester, partner, users):
    review = add_review(dbsession, tester, partner, "pending")
    with pytest.raises(InvalidField):
        moderation.reject(dbsession, review, users["editor"].id, "   ")
    assert review.status == "pending" and events(dbsession, review) == []
    moderation.reject(dbsession, review, users["editor"].id, "Names a waiter")
    assert review.status == "rejected"
    assert events(dbsession, review) == [("rejected", "Names a waiter")]


def test_a_private_feedback_can_never_be_published(dbsession, tester, partner, users):
    review = add_review(dbsession, tester, partner, "private", rating=2)
    for change in (lambda: moderation.approve(dbsession, review, None),
                   lambda: moderation.republish(dbsession, review, None),
                   lambda: moderation.unpublish(dbsession, review, None, "x")):
        with pytest.raises(moderation.WrongState) as refused:
            change()
        assert "never be published" in str(refused.value)
    assert review.status == "private" and review.published_at is None
    assert events(dbsession, review) == []


def test_unpublish_and_republish_keep_the_history(dbsession, tester, partner, users):
    review = add_review(dbsession, tester, partner, "published")
    with pytest.raises(InvalidField):
        moderation.unpublish(dbsession, review, users["editor"].id, "")
    moderation.unpublish(dbsession, review, users["editor"].id, "The place closed")
    moderation.republish(dbsession, review, users["staff"].id)
    assert review.status == "published"
    assert events(dbsession, review) == [("unpublished", "The place closed"),
                                         ("republished", "")]


def test_only_a_member_reports_a_published_review(dbsession, tester, partner, users):
    review = add_review(dbsession, tester, partner, "published")
    with pytest.raises(moderation.NotAMember):
        moderation.report(dbsession, review, users["partner"], "Unfair")
    partner_changes.set_members(dbsession, partner, [users["partner"]])
    with pytest.raises(InvalidField):
        moderation.report(dbsession, review, users["partner"], " ")
    report = moderation.report(dbsession, review, users["partner"], "Unfair")
    assert report.status == "open"
    with pytest.raises(moderation.Conflict):
        moderation.report(dbsession, review, users["partner"], "Again")
    pending = add_review(dbsession, tester, partner, "pending", season=2024)
    with pytest.raises(moderation.WrongState):
        moderation.report(dbsession, pending, users["partner"], "Unfair")


# --- the office's pages ----------------------------------------------------------------------


def test_the_queue_oldest_first_and_approval(testapp, login, reviews_on, dbsession, tester,
                                             make_partner):
    newer = add_review(dbsession, tester, make_partner("newer"), "pending", title="<b>Newer</b>",
                       created_at=dt.datetime(2025, 7, 2, tzinfo=dt.timezone.utc))
    older = add_review(dbsession, tester, make_partner("older"), "pending", title="Older",
                       created_at=dt.datetime(2025, 7, 1, tzinfo=dt.timezone.utc))
    add_review(dbsession, tester, make_partner("private-one"), "private", rating=2)
    login("editor")
    page = testapp.get("/admin/reviews/")
    order = [int(s["data-review"]) for s in page.html.find_all("section",
                                                               attrs={"data-review": True})]
    assert order == [older.id, newer.id]
    assert "<b>Newer</b>" not in page.text and "&lt;b&gt;Newer&lt;/b&gt;" in page.text
    done = page.forms[f"decide-{older.id}"].submit("action", value="approve")
    assert done.status_int == 302
    assert older.status == "published"
    assert testapp.get("/en/partners/older").html.find(
        attrs={"data-review": str(older.id)}) is not None


def test_a_rejection_without_reason_is_shown_and_writes_nothing(testapp, login, reviews_on,
                                                                dbsession, tester, partner):
    review = add_review(dbsession, tester, partner, "pending")
    login("editor")
    form = testapp.get("/admin/reviews/").forms[f"decide-{review.id}"]
    refused = form.submit("action", value="reject", status=400)
    assert refused.html.find(attrs={"data-error": str(review.id)}) is not None
    assert review.status == "pending" and events(dbsession, review) == []
    form = refused.forms[f"decide-{review.id}"]
    form["reason"] = "Off topic"
    form.submit("action", value="reject", status=302)
    assert review.status == "rejected"


def test_publishing_a_private_feedback_is_refused_on_the_web(testapp, login, reviews_on,
                                                             dbsession, tester, partner):
    review = add_review(dbsession, tester, partner, "private", rating=3)
    login("editor")
    page = testapp.get("/admin/reviews/feedback")
    form = page.forms[f"decide-{review.id}"]
    refused = testapp.post(f"/admin/reviews/{review.id}/decide",
                           {"csrf_token": form["csrf_token"].value, "action": "approve",
                            "back": "feedback", "seen": form["seen"].value},
                           status=409)
    assert "never be published" in refused.html.find(
        attrs={"data-error": str(review.id)}).get_text()
    assert review.status == "private"


def test_unpublish_keeps_the_reason_in_the_history(testapp, login, reviews_on, dbsession,
                                                   tester, partner, users):
    review = add_review(dbsession, tester, partner, "published")
    login("editor")
    form = testapp.get("/admin/reviews/published").forms[f"decide-{review.id}"]
    form["reason"] = "The tester <works> there"
    form.submit("action", value="unpublish", status=302)
    assert review.status == "unpublished"
    page = testapp.get(f"/en/partners/{partner.slug}")
    assert page.html.find(attrs={"data-review": str(review.id)}) is None
    history = testapp.get(f"/admin/reviews/{review.id}").html.find(id="review-history")
    row = history.find("tr", attrs={"data-action": "unpublished"})
    assert row.find(attrs={"data-reason": True}).get_text() == "The tester <works> there"
    assert "Editor" in row.get_text()
    testapp.get(f"/admin/reviews/{review.id}").forms[f"decide-{review.id}"].submit(
        "action", value="republish", status=302)
    assert review.status == "published"
    assert [e[0] for e in events(dbsession, review)] == ["unpublished", "republished"]


def test_forward_mails_the_partner(testapp, login, reviews_on, dbsession, tester, partner,
                                   users, outbox):
    partner.email = "contact@chez-germaine.example"
    review = add_review(dbsession, tester, partner, "private", rating=2,
                        text="The soup was cold.")
    login("staff")
    testapp.get("/admin/reviews/feedback").forms[f"decide-{review.id}"].submit(
        "action", value="forward", status=302)
    [mail] = outbox.new()
    assert mail["To"] == "contact@chez-germaine.example"
    assert "The soup was cold." in mail_text(mail)
    assert review.forwarded_at is not None
    assert [e[0] for e in events(dbsession, review)] == ["forwarded"]
    assert testapp.get("/admin/reviews/feedback").html.find(
        attrs={"data-forwarded": True}) is not None


def test_forward_goes_to_the_members_without_a_listing_address(dbsession, tester, partner,
                                                               users):
    review = add_review(dbsession, tester, partner, "private", rating=1)
    with pytest.raises(moderation.NoRecipient):
        moderation.forward(dbsession, review, None)
    assert review.forwarded_at is None
    partner_changes.set_members(dbsession, partner, [users["partner"]])
    assert moderation.forward(dbsession, review, None) == ["partner@example.org"]
    published = add_review(dbsession, tester, partner, "published", season=2024)
    with pytest.raises(moderation.WrongState):
        moderation.forward(dbsession, published, None)


def test_moderation_pages_need_the_permission(testapp, login, reviews_on, disable_addon):
    login("tester")
    for url in ("/admin/reviews/", "/admin/reviews/feedback", "/admin/reviews/published",
                "/admin/reviews/reports"):
        testapp.get(url, status=403)


def test_the_routes_answer_404_once_disabled(testapp, login, reviews_on, disable_addon,
                                             dbsession, tester, partner):
    review = add_review(dbsession, tester, partner, "pending")
    login("admin")
    testapp.get("/admin/reviews/", status=200)
    disable_addon("reviews")
    for url in ("/admin/reviews/", f"/admin/reviews/{review.id}", "/admin/reviews/reports",
                f"/partner/{partner.slug}/reviews"):
        testapp.get(url, status=404)


def test_dashboard_widget_counts(testapp, login, reviews_on, dbsession, tester, partner,
                                 users):
    add_review(dbsession, tester, partner, "pending")
    published = add_review(dbsession, tester, partner, "published", season=2024)
    partner_changes.set_members(dbsession, partner, [users["partner"]])
    moderation.report(dbsession, published, users["partner"], "Wrong dish")
    login("editor")
    page = testapp.get("/admin/")
    assert page.html.find(attrs={"data-reviews-pending": "1"}) is not None
    assert page.html.find(attrs={"data-reviews-reports": "1"}) is not None
    links = {a["href"].removeprefix("http://localhost") for a in page.html.find_all("a")}
    assert {"/admin/reviews/", "/admin/reviews/feedback", "/admin/reviews/published",
            "/admin/reviews/reports"} <= links
    assert "/admin/reviews/settings" not in links  # reviews.manage: staff and admin


# --- partners' reports -----------------------------------------------------------------------


def test_a_member_reports_and_the_office_upholds(testapp, login, reviews_on, dbsession,
                                                 tester, partner, users):
    review = add_review(dbsession, tester, partner, "published")
    partner_changes.set_members(dbsession, partner, [users["partner"]])
    login("partner")
    page = testapp.get(f"/partner/{partner.slug}/reviews")
    refused = page.forms[f"report-{review.id}"].submit(status=400)
    assert refused.html.find(attrs={"data-error": str(review.id)}) is not None
    form = refused.forms[f"report-{review.id}"]
    form["reason"] = "We never served trout"
    form.submit(status=302)
    [report] = dbsession.scalars(select(models.Report)).all()
    assert (report.reporter_id, report.reason, report.status) == \
        (users["partner"].id, "We never served trout", "open")

    login("editor")
    reports = testapp.get("/admin/reviews/reports")
    assert "We never served trout" in reports.text
    reports.forms[f"report-decision-{report.id}"].submit("decision", value="uphold",
                                                          status=302)
    assert report.status == "upheld" and review.status == "unpublished"
    assert events(dbsession, review)[-1] == ("unpublished", "We never served trout")
    assert "We never served trout" not in testapp.get("/admin/reviews/reports").text


def test_the_office_dismisses_a_report(testapp, login, reviews_on, dbsession, tester,
                                       partner, users):
    review = add_review(dbsession, tester, partner, "published")
    partner_changes.set_members(dbsession, partner, [users["partner"]])
    report = moderation.report(dbsession, review, users["partner"], "Too short")
    login("staff")
    testapp.get("/admin/reviews/reports").forms[f"report-decision-{report.id}"].submit(
        "decision", value="dismiss", status=302)
    assert report.status == "dismissed" and review.status == "published"
    with pytest.raises(moderation.WrongState):
        moderation.uphold(dbsession, report, None)


def test_another_account_cannot_report(testapp, login, reviews_on, dbsession, tester,
                                       partner, users, make_partner):
    review = add_review(dbsession, tester, partner, "published")
    partner_changes.set_members(dbsession, partner, [users["partner"]])
    stranger = users_service.create(dbsession, "other-partner@example.org",
                                    "a-long-password-1", "partner")
    mine = make_partner("my-own-place")
    partner_changes.set_members(dbsession, mine, [stranger])
    from lanta.testing import login_through_form
    login_through_form(testapp, "other-partner@example.org", "a-long-password-1")
    testapp.get(f"/partner/{partner.slug}/reviews", status=404)
    own = testapp.get(f"/partner/{mine.slug}/reviews")
    token = own.html.find("input", attrs={"name": "csrf_token"})
    token = token["value"] if token else testapp.cookies.get("csrf_token", "")
    testapp.post(f"/partner/{partner.slug}/reviews/{review.id}/report",
                 {"csrf_token": token, "reason": "x"}, status=404)
    # Its own listing's address with another place's review is refused too.
    testapp.post(f"/partner/{mine.slug}/reviews/{review.id}/report",
                 {"csrf_token": token, "reason": "x"}, status=404)
    assert dbsession.scalars(select(models.Report)).all() == []


def test_a_visitor_account_has_no_partner_space(testapp, login, reviews_on, partner):
    login("visitor")
    testapp.get(f"/partner/{partner.slug}/reviews", status=403)


def test_threshold_setting_page(testapp, login, reviews_on, dbsession):
    from lanta_reviews.services import settings
    login("staff")
    form = testapp.get("/admin/reviews/settings").forms["reviews-settings-form"]
    form["threshold"] = "9"
    refused = form.submit("save", status=400)
    assert refused.html.find(id="threshold-error") is not None
    form = refused.forms["reviews-settings-form"]
    form["threshold"] = "3"
    form.submit("save", status=302)
    assert settings.threshold(dbsession) == 3
    login("editor")
    testapp.get("/admin/reviews/settings", status=403)

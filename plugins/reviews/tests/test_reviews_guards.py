"""Guards of the rules: claims of ended testers and of tests without a review, the
threshold raised under a waiting review, a conflict of interest arising after the
declaration, stale decisions, an acceptance meeting an account made meanwhile, odd
numbers typed in addresses and forms, the profile of a deactivated partner tester, and
helpers defined once. The races between two writers are in test_reviews_races.py."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lanta.services import partner_changes
from lanta.services import users as users_service
from lanta.services.errors import Conflict, NotFound

from lanta_reviews import models
from lanta_reviews.services import (applications, claims, clock, membership, moderation,
                                    published, reviews, seasons, settings, testers, tests)
from reviews_support import add_review, review_of, write_review

TODAY = dt.date(2026, 7, 14)
HUGE = "9" * 5000  # int() refuses it: more than 4300 digits


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def declare(dbsession, tmp_path, tester, partner) -> models.Test:
    return tests.declare(dbsession, tmp_path, tester, tests.VisitInput(
        partner.id, TODAY - dt.timedelta(days=2), "Dîner pour deux", 0), today=TODAY)


def claimable(dbsession, tester, partner, *, reviewed=True) -> models.Test:
    test = models.Test(tester_id=tester.id, partner_id=partner.id,
                       visited_on=dt.date(2026, 5, 3), season=2026, what="Dîner",
                       amount_cents=4000, receipt_name="r-1.jpg")
    dbsession.add(test)
    dbsession.flush()
    if reviewed:
        review_of(dbsession, test, "private", rating=1, title="Bof", language="fr")
    return test


# --- 1. claims -------------------------------------------------------------------------------


def test_an_ended_tester_cannot_claim(dbsession, tester, partner):
    test = claimable(dbsession, tester, partner)
    tester.active = False
    with pytest.raises(tests.NotAllowed):
        claims.claim(dbsession, test.id, tester.id)
    assert test.claim_status == "none"


def test_a_claim_needs_the_review_whatever_it_says(dbsession, tester, partner,
                                                   make_partner):
    bare = claimable(dbsession, tester, partner, reviewed=False)
    with pytest.raises(claims.ClaimRefused) as refused:
        claims.claim(dbsession, bare.id, tester.id)
    assert "review" in refused.value.message
    assert bare.claim_status == "none"
    # A private feedback rated 1 is a review: the office shares that test's cost too.
    reviewed = claimable(dbsession, tester, make_partner("autre-table"))
    assert claims.claim(dbsession, reviewed.id, tester.id).claim_status == "submitted"


# --- 2. the threshold raised under a waiting review ------------------------------------------


def test_a_waiting_review_under_a_raised_threshold_is_never_published(
        dbsession, tester, partner, users):
    review = add_review(dbsession, tester, partner, "pending", rating=4)
    settings.set_threshold(dbsession, 5)
    with pytest.raises(moderation.WrongState) as refused:
        moderation.approve(dbsession, review, users["editor"].id)
    assert refused.value.status == 409
    assert "never published" in str(refused.value)
    assert review.status == "pending" and moderation.history(dbsession, review) == []
    moderation.reject(dbsession, review, users["editor"].id, "Under the new threshold")
    assert review.status == "rejected"


def test_the_queue_refuses_it_too_and_the_settings_page_says_so(
        testapp, login, reviews_on, dbsession, tester, partner):
    review = add_review(dbsession, tester, partner, "pending", rating=4)
    settings.set_threshold(dbsession, 5)
    login("staff")
    refused = testapp.get("/admin/reviews/").forms[f"decide-{review.id}"].submit(
        "action", value="approve", status=409)
    assert "never published" in refused.html.find(
        attrs={"data-error": str(review.id)}).get_text()
    assert review.status == "pending"
    help_text = testapp.get("/admin/reviews/settings").html.find(id="threshold-change")
    assert "decided at approval" in help_text.get_text()


# --- 3, 4, 5. odd numbers in addresses and forms ---------------------------------------------


@pytest.mark.parametrize("page", ["²", "١", HUGE, "0", "-1", " 1"])
def test_an_odd_page_number_is_not_found(testapp, reviews_on, page):
    testapp.get("/en/reviews/", {"page": page}, status=404)


@pytest.mark.parametrize("value", ["²", HUGE, "6", "4.5"])
def test_an_odd_threshold_is_refused_with_the_forms_message(testapp, login, reviews_on,
                                                            dbsession, value):
    login("staff")
    form = testapp.get("/admin/reviews/settings").forms["reviews-settings-form"]
    form["threshold"] = value
    refused = form.submit("save", status=400)
    assert "Enter a whole number from 1 to 5." in refused.html.find(
        id="threshold-error").get_text()
    assert settings.threshold(dbsession) == settings.DEFAULT_THRESHOLD


def test_ids_too_large_are_not_found_on_the_pages(testapp, login, reviews_on, dbsession,
                                                  tester, partner):
    add_review(dbsession, tester, partner, "pending")
    login("staff")
    token = testapp.get("/admin/reviews/applications").html.select_one(
        "input[name=csrf_token]")["value"]
    for huge in (HUGE, str(2**31), str(2**40)):
        testapp.post(f"/admin/reviews/applications/{huge}/accept", {"csrf_token": token},
                     status=404)
        testapp.post(f"/admin/reviews/applications/{huge}/decline",
                     {"csrf_token": token, "reason": "x"}, status=404)
        testapp.post(f"/admin/reviews/testers/{huge}/active",
                     {"csrf_token": token, "active": "0"}, status=404)
        testapp.get(f"/admin/reviews/{huge}", status=404)
        testapp.post(f"/admin/reviews/{huge}/decide",
                     {"csrf_token": token, "action": "approve", "seen": "0"}, status=404)
        testapp.post(f"/admin/reviews/reports/{huge}/decide",
                     {"csrf_token": token, "decision": "dismiss"}, status=404)
        testapp.get(f"/en/reviews/{huge}", status=404)


def test_ids_too_large_are_not_found_in_the_services(dbsession, tester):
    huge = 2**40
    for lookup in (lambda: moderation.get_review(dbsession, huge),
                   lambda: moderation.get_review(dbsession, huge, lock=True),
                   lambda: moderation.get_report(dbsession, huge),
                   lambda: published.get(dbsession, huge),
                   lambda: claims.get_test(dbsession, huge),
                   lambda: claims.claim(dbsession, huge, tester.id),
                   lambda: tests.own_test(dbsession, tester, huge),
                   lambda: testers.get(dbsession, huge),
                   lambda: applications.get(dbsession, huge),
                   lambda: applications.accept(dbsession, huge, None),
                   lambda: applications.decline(dbsession, huge, "No", None)):
        with pytest.raises(NotFound):
            lookup()


# --- 6. stale decisions ----------------------------------------------------------------------


def test_a_decision_on_a_review_edited_since_is_refused_and_shows_the_new_text(
        testapp, login, reviews_on, dbsession, tester, partner, tmp_path):
    test = declare(dbsession, tmp_path, tester, partner)
    review = write_review(dbsession, tmp_path, tester, test, title="Première version")
    login("editor")
    form = testapp.get("/admin/reviews/").forms[f"decide-{review.id}"]
    assert int(form["seen"].value) == moderation.latest_event(dbsession, review)
    write_review(dbsession, tmp_path, tester, test, title="Version corrigée")  # meanwhile
    refused = form.submit("action", value="approve", status=409)
    error = refused.html.find(attrs={"data-error": str(review.id)})
    assert "changed since" in error.get_text()
    assert "Version corrigée" in refused.text and "Première version" not in refused.text
    assert review.status == "pending"
    # The page shown carries the new state: deciding from it works.
    refused.forms[f"decide-{review.id}"].submit("action", value="approve", status=302)
    assert review.status == "published"


def test_a_decision_without_what_the_moderator_saw_is_a_bad_request(
        testapp, login, reviews_on, dbsession, tester, partner):
    review = add_review(dbsession, tester, partner, "pending")
    login("editor")
    form = testapp.get("/admin/reviews/").forms[f"decide-{review.id}"]
    for seen in (None, "", "²", HUGE):
        data = {"csrf_token": form["csrf_token"].value, "action": "approve",
                "back": "moderation"}
        if seen is not None:
            data["seen"] = seen
        testapp.post(f"/admin/reviews/{review.id}/decide", data, status=400)
    assert review.status == "pending"


def test_the_service_refuses_a_stale_decision(dbsession, tester, partner, users, tmp_path):
    test = declare(dbsession, tmp_path, tester, partner)
    review = write_review(dbsession, tmp_path, tester, test)
    seen = moderation.latest_event(dbsession, review)
    write_review(dbsession, tmp_path, tester, test, title="Changé")
    with pytest.raises(moderation.Stale):
        moderation.reject(dbsession, review, users["editor"].id, "Off topic", seen=seen)
    moderation.reject(dbsession, review, users["editor"].id, "Off topic",
                      seen=moderation.latest_event(dbsession, review))
    assert review.status == "rejected"


# --- 10. a conflict of interest arising after the declaration --------------------------------


def test_a_tester_who_joined_the_team_can_neither_write_nor_be_published(
        dbsession, tester, partner, users, tmp_path):
    test = declare(dbsession, tmp_path, tester, partner)
    review = write_review(dbsession, tmp_path, tester, test)
    partner_changes.set_members(dbsession, partner, [users["tester"]])
    with pytest.raises(Conflict) as refused:
        write_review(dbsession, tmp_path, tester, test, title="Encore mieux")
    assert "team" in str(refused.value)
    assert review.title == "Une belle table"
    with pytest.raises(moderation.WrongState) as refused:
        moderation.approve(dbsession, review, users["editor"].id)
    assert "team" in str(refused.value)
    assert review.status == "pending"


# --- 7. acceptances: a duplicate insert is a conflict ----------------------------------------


def test_an_account_made_meanwhile_turns_the_acceptance_into_a_conflict(
        dbsession, users, monkeypatch):
    application = applications.submit(dbsession, applications.ApplicationInput(
        name="Léa Martin", email="lea@example.org", kind="resident",
        languages=("fr",), consent=True))
    users_service.create(dbsession, "lea@example.org", "a-long-password-1", "visitor")
    # What another request's account, not committed yet, looks like: invisible.
    monkeypatch.setattr(users_service, "get_by_email", lambda *args: None)
    with pytest.raises(Conflict) as refused:
        applications.accept(dbsession, application.id, users["staff"].id)
    assert "same moment" in str(refused.value)
    monkeypatch.undo()
    assert application.status == "pending"
    assert dbsession.scalar(select(func.count()).select_from(models.Tester)) == 0


# --- 8. the profile of a deactivated partner tester ------------------------------------------


def test_a_deactivated_partner_tester_still_edits_the_profile(testapp, login, reviews_on,
                                                             dbsession, users):
    row = models.Tester(user_id=users["partner"].id, display_name="Zoé", slug="zoe",
                        kind="professional", active=False)
    dbsession.add(row)
    dbsession.flush()
    login("partner")
    form = testapp.get("/reviews/my/profile").forms["profile-form"]
    form["display_name"] = "Z."
    form["bio"] = ""
    form.submit("save", status=302)
    assert (row.display_name, row.slug) == ("Z.", "z")
    testapp.get("/reviews/my/", status=403)  # the rest stays closed


@pytest.mark.parametrize("role", ["partner", "visitor"])
def test_an_account_without_a_tester_row_has_no_profile(testapp, login, reviews_on, role):
    login(role)
    testapp.get("/reviews/my/profile", status=404)


# --- 11, 12. defined once --------------------------------------------------------------------


def test_helpers_are_defined_once():
    assert tests.is_member is moderation.is_member is membership.is_member
    assert tests.OFFICE_TZ is seasons.OFFICE_TZ is clock.OFFICE_TZ
    assert tests.office_today is clock.office_today
    assert not hasattr(reviews, "events_of")  # moderation.history is the one

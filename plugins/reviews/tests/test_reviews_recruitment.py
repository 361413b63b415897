"""Recruitment through the real application: the public application form (refusals
re-displayed with nothing stored, duplicates and testers refused, the bound on pending
applications), the office accepting (account, tester, mail with the password link; an
existing partner account keeps its role and gains ``reviews.write`` through the hook
``lanta_user_roles``) and declining (the reason mailed), and the disabled add-on."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from lanta.services import users as users_service
from lanta.testing import login_through_form, mail_text
from lanta_reviews.models import Application, Tester
from lanta_reviews.services import applications

EN = {"Accept-Language": "en"}
APPLY = "/en/reviews/apply"
OFFICE = "/admin/reviews/applications"
NEW_PASSWORD = "a brand new tester password"


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def application_count(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(Application))


def apply_form(app, **values):
    form = app.get(APPLY).forms["apply-form"]
    defaults = {"name": "Léa Martin", "email": "lea@example.org", "kind": "resident",
                "motivation": "I love the Ossau valley."}
    defaults.update(values)
    for key, value in defaults.items():
        if key in form.fields:
            form[key] = value
    return form


def tick(form, oid: str) -> None:
    (box,) = [f for f in form.fields["checkbox"] if f.id == oid]
    box.checked = True


def full_form(app, consent: bool = True, **values):
    form = apply_form(app, **values)
    tick(form, "interests-3")  # food
    if consent:
        form["consent"] = True
    return form


def field_error(response, field: str) -> str:
    item = response.html.select_one(f".item-{field}")
    return " ".join(e.get_text(" ", strip=True) for e in item.select(".invalid-feedback"))


def submit_application(dbsession, email_address: str, name: str = "Léa Martin",
                       user_id=None) -> Application:
    return applications.submit(dbsession, applications.ApplicationInput(
        name=name, email=email_address, kind="resident", interests=("food",),
        languages=("fr",), consent=True, user_id=user_id))


# --- the public form ----------------------------------------------------------------------


def test_apply_stores_a_pending_application_and_thanks(testapp, reviews_on, dbsession):
    form = full_form(testapp, email="  Lea@Example.org ")
    response = form.submit("send", status=302)
    assert response.location.endswith("/en/reviews/apply/thanks")
    assert response.follow().html.select_one("#apply-thanks")
    (row,) = dbsession.scalars(select(Application)).all()
    assert (row.name, row.email, row.kind, row.status) == (
        "Léa Martin", "lea@example.org", "resident", "pending")
    assert row.interests == ["food"] and row.languages == ["en"]
    assert row.user_id is None


def test_apply_refuses_missing_values_and_shows_them_again(testapp, reviews_on, dbsession):
    form = full_form(testapp, name="", email="not-an-address")
    response = form.submit("send", status=400)
    assert field_error(response, "name")
    assert "e-mail address like name@example.org" in field_error(response, "email")
    again = response.forms["apply-form"]
    assert again["email"].value == "not-an-address"
    assert again["motivation"].value == "I love the Ossau valley."
    assert application_count(dbsession) == 0


def test_apply_without_consent_is_refused(testapp, reviews_on, dbsession):
    response = full_form(testapp, consent=False).submit("send", status=400)
    assert "Without your consent" in field_error(response, "consent")
    assert application_count(dbsession) == 0


def test_apply_without_a_language_is_refused(testapp, reviews_on, dbsession):
    form = full_form(testapp)
    for box in form.fields["checkbox"]:
        if box.id.startswith("languages"):
            box.checked = False
    response = form.submit("send", status=400)
    assert "at least one language" in field_error(response, "languages")
    assert application_count(dbsession) == 0


def test_second_pending_application_from_the_same_address_is_refused(
        testapp, reviews_on, dbsession):
    submit_application(dbsession, "lea@example.org")
    response = full_form(testapp, email="LEA@example.org").submit("send", status=409)
    assert "already waiting" in field_error(response, "email")
    assert application_count(dbsession) == 1


def test_existing_tester_cannot_apply(testapp, reviews_on, dbsession, tester):
    response = full_form(testapp, email="tester@example.org").submit("send", status=409)
    assert "already one of the office's testers" in field_error(response, "email")
    assert application_count(dbsession) == 0


def test_declined_applicant_waits_before_applying_again(dbsession, reviews_on):
    first = submit_application(dbsession, "lea@example.org")
    applications.decline(dbsession, first.id, "Too few places near you.", None)
    with pytest.raises(applications.DomainError, match="answered less than"):
        submit_application(dbsession, "lea@example.org")
    later = dt.datetime.now(dt.timezone.utc) + applications.COOL_DOWN + dt.timedelta(days=1)
    again = applications.submit(dbsession, applications.ApplicationInput(
        name="Léa", email="lea@example.org", kind="resident", languages=("fr",),
        consent=True), now=later)
    assert again.status == "pending"


def test_pending_applications_are_bounded(dbsession, reviews_on, monkeypatch):
    monkeypatch.setattr(applications, "MAX_PENDING", 2)
    submit_application(dbsession, "one@example.org")
    submit_application(dbsession, "two@example.org")
    with pytest.raises(applications.DomainError, match="many applications"):
        submit_application(dbsession, "three@example.org")
    assert application_count(dbsession) == 2


def test_logged_in_applicant_is_prefilled_and_linked(login, reviews_on, dbsession, users):
    app = login("partner")
    page = app.get(APPLY)
    assert "partner@example.org" in page.html.select_one("#apply-account").text
    form = page.forms["apply-form"]
    assert "email" not in form.fields
    assert form["name"].value == "Partner"
    tick(form, "interests-4")
    form["kind"] = "professional"
    form["consent"] = True
    form.submit("send", status=302)
    (row,) = dbsession.scalars(select(Application)).all()
    assert (row.email, row.user_id) == ("partner@example.org", users["partner"].id)


def test_apply_in_a_language_the_site_does_not_offer_is_404(testapp, reviews_on):
    testapp.get("/zz/reviews/apply", status=404)


# --- the office ---------------------------------------------------------------------------


def test_office_lists_pending_first_and_escapes_the_applicant(login, reviews_on, dbsession):
    old = submit_application(dbsession, "old@example.org", name="Old One")
    applications.decline(dbsession, old.id, "No.", None)
    submit_application(dbsession, "evil@example.org", name="<script>alert(1)</script>")
    page = login("editor").get(OFFICE)
    rows = page.html.select("[data-application]")
    assert [r["data-status"] for r in rows] == ["pending", "declined"]
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert page.html.select_one("[data-pending]")["data-pending"] == "1"


def test_accept_creates_account_and_tester_and_mails_a_password_link(
        login, reviews_on, dbsession, users, outbox):
    row = submit_application(dbsession, "lea@example.org")
    app = login("staff")
    page = app.get(OFFICE)
    response = page.forms[f"accept-{row.id}"].submit(status=302)
    assert "is now a tester" in response.follow().text

    user = users_service.get_by_email(dbsession, "lea@example.org")
    assert (user.role, user.display_name) == ("tester", "Léa Martin")
    tester = dbsession.scalars(select(Tester).where(Tester.user_id == user.id)).one()
    assert (tester.display_name, tester.slug, tester.kind, tester.active) == (
        "Léa Martin", "lea-martin", "resident", True)
    assert tester.interests == ["food"] and tester.languages == ["fr"]
    assert (row.status, row.decided_by, row.user_id) == ("accepted", users["staff"].id,
                                                         user.id)

    (mail,) = outbox.new()
    assert mail["To"] == "lea@example.org"
    body = mail_text(mail)
    link = re.search(r"http://localhost(/password/reset/\S+)", body).group(1)

    app.reset()
    form = app.get(link).forms["reset-form"]
    form["password"] = form["password_again"] = NEW_PASSWORD
    form.submit("save", status=302)
    app.reset()
    login_through_form(app, "lea@example.org", NEW_PASSWORD)
    app.get("/reviews/my/profile", status=200)


def test_accept_twice_is_refused(login, reviews_on, dbsession):
    row = submit_application(dbsession, "lea@example.org")
    app = login("staff")
    form = app.get(OFFICE).forms[f"accept-{row.id}"]
    form.submit(status=302)
    response = form.submit(status=409)
    assert "already answered" in response.html.select_one("#application-problem").text
    assert dbsession.scalar(select(func.count()).select_from(Tester)) == 1


def test_hook_lanta_user_roles(testapp, login, reviews_on, dbsession, users, outbox,
                               disable_addon):
    """A partner account accepted as tester stays a partner and gains the tester's
    permission through the hook; deactivated, or with the add-on disabled, it loses
    it (its profile page stays open to it: only the tester row is needed)."""
    app = login("partner")
    app.get("/reviews/my/", status=403)
    app.get("/reviews/my/profile", status=404)  # no tester row: no profile
    row = submit_application(dbsession, "partner@example.org", name="Pat",
                             user_id=users["partner"].id)
    app.reset()
    login("staff").get(OFFICE).forms[f"accept-{row.id}"].submit(status=302)
    (mail,) = outbox.new()
    assert "/reviews/my/profile" in mail_text(mail)
    assert "/password/reset/" not in mail_text(mail)
    assert users["partner"].role == "partner"

    testapp.reset()
    login("partner").get("/reviews/my/profile", status=200)
    testapp.get("/reviews/my/", status=200)
    tester = dbsession.scalars(select(Tester).where(
        Tester.user_id == users["partner"].id)).one()
    tester.active = False
    dbsession.flush()
    testapp.get("/reviews/my/", status=403)
    testapp.get("/reviews/my/profile", status=200)  # still its own to change or empty
    tester.active = True
    dbsession.flush()
    testapp.get("/reviews/my/", status=200)
    disable_addon("reviews")
    testapp.get("/reviews/my/", status=404)
    testapp.get("/reviews/my/profile", status=404)


def test_decline_mails_the_reason(login, reviews_on, dbsession, outbox):
    row = submit_application(dbsession, "lea@example.org")
    app = login("editor")
    form = app.get(OFFICE).forms[f"decline-{row.id}"]
    form["reason"] = "We look for testers living near Laruns this year."
    response = form.submit(status=302)
    assert "told why" in response.follow().text
    assert (row.status, row.reason) == ("declined",
                                        "We look for testers living near Laruns this year.")
    (mail,) = outbox.new()
    assert mail["To"] == "lea@example.org"
    assert "We look for testers living near Laruns this year." in mail_text(mail)
    assert users_service.get_by_email(dbsession, "lea@example.org") is None


def test_decline_without_reason_changes_nothing(login, reviews_on, dbsession, outbox):
    row = submit_application(dbsession, "lea@example.org")
    form = login("staff").get(OFFICE).forms[f"decline-{row.id}"]
    form["reason"] = "   "
    response = form.submit(status=400)
    assert "Give the reason" in response.html.select_one("#application-problem").text
    assert row.status == "pending" and outbox.new() == []


def test_office_pages_need_the_moderation_permission(login, reviews_on, dbsession):
    row = submit_application(dbsession, "lea@example.org")
    app = login("tester")
    app.get(OFFICE, status=403)
    app.get("/admin/reviews/testers", status=403)
    assert row.status == "pending"


def test_dashboard_widget_counts_pending_applications(login, reviews_on, dbsession):
    submit_application(dbsession, "one@example.org")
    submit_application(dbsession, "two@example.org")
    page = login("editor").get("/admin/")
    assert page.html.select_one("[data-reviews-pending]")["data-reviews-pending"] == "2"


@pytest.mark.parametrize("url", [APPLY, "/en/reviews/apply/thanks", "/fr/reviews/testers/",
                                 "/fr/reviews/testers/manon-b", OFFICE,
                                 "/admin/reviews/testers", "/reviews/my/profile"])
def test_routes_answer_404_when_the_addon_is_disabled(login, dbsession, tester, url,
                                                      disable_addon):
    disable_addon("reviews")
    login("admin").get(url, status=404)


def test_a_tester_is_sent_to_the_profile_instead_of_the_form(login, reviews_on, tester):
    page = login("tester").get(APPLY)
    assert "apply-form" not in page.forms
    assert page.html.select_one("#apply-already a")["href"].endswith("/reviews/my/profile")


def test_menu_lists_the_office_pages_and_a_tester_own_profile(login, reviews_on, tester):
    page = login("editor").get("/admin/")
    assert page.html.select_one("a[href$='/admin/reviews/applications']")
    assert page.html.select_one("a[href$='/reviews/my/profile']") is None

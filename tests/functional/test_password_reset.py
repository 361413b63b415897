"""Forgotten passwords (mailed one-time links) and the account page."""
from __future__ import annotations

import datetime as dt
import email
import re

import pytest
from sqlalchemy import select
from webtest import TestApp

from lanta.models import PasswordResetToken
from lanta.services import passwords
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, mail_text

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def link_in(message: email.message.Message) -> str:
    match = re.search(r"http://localhost(/password/reset/[A-Za-z0-9_-]+)\s", mail_text(message))
    assert match, mail_text(message)
    return match.group(1)


def ask_for_link(app, address: str):
    form = app.get("/password/forgot").forms["forgot-form"]
    form["email"] = address
    return form.submit("send", status=302)


def choose_password(app, path: str, password: str, again: str | None = None, status="*"):
    form = app.get(path).forms["reset-form"]
    form["password"] = password
    form["password_again"] = password if again is None else again
    return form.submit("save", status=status)


def can_log_in(app, address: str, password: str) -> bool:
    form = app.get("/login").forms["login-form"]
    form["email"] = address
    form["password"] = password
    return form.submit("login", status="*").status_int == 302


# --- forgot and reset --------------------------------------------------------------------


def test_forgot_form_answers_the_same_for_known_and_unknown_addresses(testapp, users,
                                                                      outbox):
    known = ask_for_link(testapp, "editor@example.org")
    known_page = known.follow().text
    unknown = ask_for_link(testapp, "nobody@example.org")
    assert unknown.location == known.location
    assert unknown.follow().text == known_page
    assert "If an account uses this address, we have sent it a link" in known_page
    mails = outbox.new()
    assert [m["To"] for m in mails] == ["editor@example.org"]


def test_forgot_form_sends_nothing_for_a_deactivated_account(testapp, users, dbsession,
                                                             outbox):
    users_service.update(dbsession, users["editor"], active=False)
    ask_for_link(testapp, "editor@example.org")
    assert outbox.new() == []


def test_forgot_form_redisplays_an_invalid_address(testapp, outbox):
    form = testapp.get("/password/forgot").forms["forgot-form"]
    form["email"] = "not an address"
    response = form.submit("send", status=200)
    assert "forgot-form" in response.forms
    assert outbox.new() == []


def test_reset_link_from_mail_works_once(testapp, users, outbox):
    ask_for_link(testapp, "Editor@Example.org")
    (mail,) = outbox.new()
    assert mail["To"] == "editor@example.org"
    path = link_in(mail)
    page = testapp.get(path)
    assert "editor@example.org" in page.text
    assert page.headers["Referrer-Policy"] == "same-origin"

    response = choose_password(testapp, path, NEW_PASSWORD, status=302)
    assert response.location == "http://localhost/login"
    assert "Your password has been changed." in response.follow().text
    assert can_log_in(testapp, "editor@example.org", NEW_PASSWORD)

    again = testapp.get(path, status=400)
    assert "This reset link is invalid or has expired" in again.text
    assert "reset-form" not in again.forms


def test_reset_link_cannot_be_posted_twice(testapp, users, outbox):
    ask_for_link(testapp, "editor@example.org")
    path = link_in(outbox.new()[0])
    form = testapp.get(path).forms["reset-form"]
    form["password"] = form["password_again"] = NEW_PASSWORD
    form.submit("save", status=302)
    # The same page, submitted again (a second tab, a replay): refused.
    form["password"] = form["password_again"] = "yet another passphrase"
    assert form.submit("save", status="*").status_int == 400
    assert not can_log_in(testapp, "editor@example.org", "yet another passphrase")


def test_expired_reset_link_is_refused(testapp, users, dbsession):
    reset = users_service.start_password_reset(dbsession, "editor@example.org")
    row = dbsession.scalar(select(PasswordResetToken).where(
        PasswordResetToken.user_id == users["editor"].id))
    row.expires_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    dbsession.flush()
    response = testapp.get(f"/password/reset/{reset.token}", status=400)
    assert "This reset link is invalid or has expired" in response.text


def test_made_up_reset_token_is_refused(testapp, users):
    response = testapp.get("/password/reset/made-up-token", status=400)
    assert "Ask for a new link" in response.text


def test_reset_form_redisplays_short_password_and_keeps_the_old_one(testapp, users, outbox):
    ask_for_link(testapp, "editor@example.org")
    path = link_in(outbox.new()[0])
    response = choose_password(testapp, path, "short")
    assert response.status_int == 200
    assert "The password must have at least 10 characters." in response.text
    assert "reset-form" in response.forms
    assert can_log_in(testapp, "editor@example.org", TEST_PASSWORD)
    # The link still works for a better attempt.
    choose_password(testapp, path, NEW_PASSWORD, status=302)


def test_reset_form_refuses_two_different_passwords(testapp, users, outbox):
    ask_for_link(testapp, "editor@example.org")
    path = link_in(outbox.new()[0])
    response = choose_password(testapp, path, NEW_PASSWORD, again="a different passphrase")
    assert "The two passwords differ." in response.text
    assert can_log_in(testapp, "editor@example.org", TEST_PASSWORD)


def test_reset_stores_an_argon2id_hash(testapp, users, outbox, dbsession):
    ask_for_link(testapp, "editor@example.org")
    choose_password(testapp, link_in(outbox.new()[0]), NEW_PASSWORD, status=302)
    dbsession.refresh(users["editor"])
    assert users["editor"].password_hash.startswith("$argon2id$")
    assert passwords.verify_password(users["editor"].password_hash, NEW_PASSWORD)


def test_reset_lifts_the_login_throttle(testapp, users, outbox):
    for _ in range(users_service.MAX_FAILURES):
        can_log_in(testapp, "editor@example.org", "wrong guess")
    assert not can_log_in(testapp, "editor@example.org", TEST_PASSWORD)
    ask_for_link(testapp, "editor@example.org")
    choose_password(testapp, link_in(outbox.new()[0]), NEW_PASSWORD, status=302)
    assert can_log_in(testapp, "editor@example.org", NEW_PASSWORD)


def test_forgot_form_stops_mailing_after_three_open_links(testapp, users, outbox):
    for _ in range(users_service.MAX_OPEN_RESETS + 2):
        ask_for_link(testapp, "editor@example.org")
    assert len(outbox.new()) == users_service.MAX_OPEN_RESETS


def test_reset_mail_is_plain_text_naming_the_site_and_validity(testapp, users, outbox):
    ask_for_link(testapp, "editor@example.org")
    (mail,) = outbox.new()
    assert mail.get_content_type() == "text/plain"
    body = mail_text(mail)
    assert body.startswith("Hello Editor,")
    assert "The link works once, within 2 hours." in body
    assert "Office de tourisme" in mail["Subject"]


# --- the account page --------------------------------------------------------------------


def account_form(app):
    return app.get("/account").forms["account-form"]


def test_account_page_requires_login(testapp):
    assert testapp.get("/account", status=302).location.startswith(
        "http://localhost/login?came_from=")


def test_account_page_changes_name_and_language(login, users, dbsession):
    app = login("tester")
    form = account_form(app)
    form["display_name"] = "Camille"
    form["locale"] = "fr"
    response = form.submit("save", status=302).follow()
    dbsession.refresh(users["tester"])
    assert (users["tester"].display_name, users["tester"].locale) == ("Camille", "fr")
    # The user's preference now wins over the browser's English.
    assert re.search(r'<html\s+lang="fr"', response.text)


def test_account_page_changes_password_with_current_one(login, users, testapp):
    app = login("tester")
    before = app.cookies["lanta_session"]
    form = account_form(app)
    form["current_password"] = TEST_PASSWORD
    form["password"] = form["password_again"] = NEW_PASSWORD
    form.submit("save", status=302)
    assert app.cookies["lanta_session"] != before
    assert app.get("/account").status_int == 200  # still logged in, in the new session
    app.reset()
    assert can_log_in(testapp, "tester@example.org", NEW_PASSWORD)


def test_changing_the_password_ends_the_other_sessions(login, users, testapp):
    app = login("tester")
    elsewhere = TestApp(testapp.app, extra_environ=dict(testapp.extra_environ))
    assert can_log_in(elsewhere, "tester@example.org", TEST_PASSWORD)
    assert elsewhere.get("/account").status_int == 200
    form = account_form(app)
    form["current_password"] = TEST_PASSWORD
    form["password"] = form["password_again"] = NEW_PASSWORD
    form.submit("save", status=302)
    assert app.get("/account").status_int == 200  # the session that changed it goes on
    assert elsewhere.get("/account", status=302).location.startswith(
        "http://localhost/login")


def test_a_password_reset_ends_every_open_session(testapp, users, outbox):
    other = TestApp(testapp.app, extra_environ=dict(testapp.extra_environ))
    assert can_log_in(other, "editor@example.org", TEST_PASSWORD)
    ask_for_link(testapp, "editor@example.org")
    (mail,) = outbox.new()
    choose_password(testapp, link_in(mail), NEW_PASSWORD, status=302)
    assert other.get("/account", status=302).location.startswith("http://localhost/login")


def test_account_page_refuses_password_change_without_current_password(login, users,
                                                                        dbsession):
    app = login("tester")
    form = account_form(app)
    form["display_name"] = "Not saved"
    form["password"] = form["password_again"] = NEW_PASSWORD
    response = form.submit("save", status=200)
    assert "Enter your current password to change it." in response.text
    dbsession.refresh(users["tester"])
    assert users["tester"].display_name == "Tester"
    assert passwords.verify_password(users["tester"].password_hash, TEST_PASSWORD)


def test_account_page_refuses_wrong_current_password_and_keeps_everything(login, users,
                                                                          dbsession):
    app = login("tester")
    form = account_form(app)
    form["display_name"] = "Not saved"
    form["current_password"] = "wrong guess"
    form["password"] = form["password_again"] = NEW_PASSWORD
    response = form.submit("save", status=400)
    assert "The current password is wrong." in response.text
    assert response.forms["account-form"]["current_password"].value == ""
    dbsession.refresh(users["tester"])
    assert users["tester"].display_name == "Tester"
    assert passwords.verify_password(users["tester"].password_hash, TEST_PASSWORD)


def test_account_page_throttles_guessing_the_current_password(login, users):
    app = login("tester")
    for _ in range(users_service.MAX_FAILURES):
        form = account_form(app)
        form["current_password"] = "wrong guess"
        form["password"] = form["password_again"] = NEW_PASSWORD
        form.submit("save", status=400)
    form = account_form(app)
    form["current_password"] = TEST_PASSWORD
    form["password"] = form["password_again"] = NEW_PASSWORD
    response = form.submit("save", status=429)
    assert "Too many failed attempts." in response.text


def test_account_page_refuses_a_language_the_site_does_not_offer(login, users, dbsession):
    app = login("tester")
    form = account_form(app)
    form["locale"].force_value("xx")
    form.submit("save", status=200)
    dbsession.refresh(users["tester"])
    assert users["tester"].locale is None


def test_account_page_needs_csrf_token(login, users):
    app = login("tester")
    app.post("/account", {"display_name": "Forged", "save": "save"}, status=400)
    assert "Forged" not in app.get("/account").text


def test_over_https_the_reset_form_posts_with_the_origin_its_referrer_policy_sends(
        testapp, users, outbox):
    # Browsers send "Origin: null" on a form's POST under "Referrer-Policy: no-referrer",
    # and the CSRF origin check refuses that over HTTPS; "same-origin" sends the site's.
    ask_for_link(testapp, "editor@example.org")
    path = link_in(outbox.new()[0])
    https = {"wsgi.url_scheme": "https", "HTTP_HOST": "localhost"}
    page = testapp.get(path, extra_environ=https)
    assert page.headers["Referrer-Policy"] == "same-origin"
    form = page.forms["reset-form"]
    form["password"] = form["password_again"] = NEW_PASSWORD
    form.submit("save", status=400, extra_environ=https, headers={"Origin": "null"})
    # Refused without using the one-time link: the same form then goes through.
    saved = form.submit("save", status=302, extra_environ=https,
                        headers={"Origin": "https://localhost"})
    assert saved.location == "https://localhost/login"

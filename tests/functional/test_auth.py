"""Logging in and out: throttling, session cookie, session rotation, CSRF, redirects."""
from __future__ import annotations

import pytest
from webtest import TestApp

from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def submit_login(app, email, password, came_from=None):
    url = "/login" if came_from is None else f"/login?came_from={came_from}"
    form = app.get(url).forms["login-form"]
    form["email"] = email
    form["password"] = password
    return form.submit("login", status="*")


def session_cookie(response) -> str:
    cookies = [h for h in response.headerlist if h[0] == "Set-Cookie"
               and h[1].startswith("lanta_session=")]
    assert cookies, "no session cookie set"
    return cookies[-1][1]


def fresh_client(testapp, **environ) -> TestApp:
    """Another browser: no cookies, the same database session."""
    return TestApp(testapp.app, extra_environ={**testapp.extra_environ, **environ})


def is_logged_in(app) -> bool:
    return app.get("/account", status="*").status_int == 200


def test_login_sends_editor_to_admin_dashboard(testapp, users):
    response = submit_login(testapp, "editor@example.org", TEST_PASSWORD)
    assert response.status_int == 302
    assert response.location == "http://localhost/admin/"


def test_login_sends_partner_without_admin_access_to_account_page(testapp, users):
    response = submit_login(testapp, "PARTNER@example.org ", TEST_PASSWORD)
    assert response.location == "http://localhost/account"
    assert "partner@example.org" in response.follow().text


def test_wrong_password_redisplays_form_with_message(testapp, users):
    response = submit_login(testapp, "editor@example.org", "not the password")
    assert response.status_int == 400
    assert "Wrong e-mail or password." in response.text
    assert response.forms["login-form"]["email"].value == "editor@example.org"
    assert response.forms["login-form"]["password"].value == ""
    assert not is_logged_in(testapp)


def test_unknown_email_gets_the_same_message_as_wrong_password(testapp, users):
    response = submit_login(testapp, "nobody@example.org", "not the password")
    assert response.status_int == 400
    assert "Wrong e-mail or password." in response.text


def test_deactivated_user_cannot_log_in(testapp, users, dbsession):
    users_service.update(dbsession, users["editor"], active=False)
    response = submit_login(testapp, "editor@example.org", TEST_PASSWORD)
    assert response.status_int == 400
    assert not is_logged_in(testapp)


def test_login_throttled_after_five_failures_even_with_right_password(testapp, users):
    for _ in range(users_service.MAX_FAILURES):
        assert submit_login(testapp, "editor@example.org", "wrong guess").status_int == 400
    response = submit_login(testapp, "editor@example.org", TEST_PASSWORD)
    assert response.status_int == 429
    assert "Too many failed attempts. Wait 15 minutes before trying again." in response.text
    assert not is_logged_in(testapp)


def test_login_throttle_counts_across_sessions_and_addresses(testapp, users):
    for attempt in range(users_service.MAX_FAILURES):
        # Each failure from a new browser: the count lives in the database, not the cookie.
        client = fresh_client(testapp, REMOTE_ADDR=f"192.0.2.{attempt + 1}")
        assert submit_login(client, "editor@example.org", "wrong guess").status_int == 400
    other = fresh_client(testapp, REMOTE_ADDR="198.51.100.7")
    assert submit_login(other, "editor@example.org", TEST_PASSWORD).status_int == 429
    # Another account from another address is not affected.
    assert submit_login(other, "staff@example.org", TEST_PASSWORD).status_int == 302


def test_login_throttle_counts_failures_from_one_address_over_many_accounts(testapp, users):
    for n in range(users_service.MAX_FAILURES):
        submit_login(testapp, f"guess{n}@example.org", "wrong guess")
    response = submit_login(fresh_client(testapp), "admin@example.org", TEST_PASSWORD)
    assert response.status_int == 429


def test_session_cookie_is_httponly_and_samesite_lax(testapp, users):
    response = submit_login(testapp, "editor@example.org", TEST_PASSWORD)
    attributes = [part.strip().lower() for part in session_cookie(response).split(";")]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes


def test_login_rotates_session_cookie_and_csrf_token(testapp, users):
    page = testapp.get("/login")
    before_cookie = testapp.cookies["lanta_session"]
    before_token = page.forms["login-form"]["csrf_token"].value
    form = page.forms["login-form"]
    form["email"] = "editor@example.org"
    form["password"] = TEST_PASSWORD
    form.submit("login", status=302)
    assert testapp.cookies["lanta_session"] != before_cookie
    after_token = testapp.get("/account").forms["account-form"]["csrf_token"].value
    assert after_token != before_token


def test_session_cookie_from_before_login_stays_anonymous(testapp, users):
    testapp.get("/login")
    anonymous_cookie = testapp.cookies["lanta_session"]
    submit_login(testapp, "editor@example.org", TEST_PASSWORD)
    attacker = fresh_client(testapp)
    attacker.set_cookie("lanta_session", anonymous_cookie)
    assert not is_logged_in(attacker)
    assert is_logged_in(testapp)


def test_logout_refuses_get(login):
    app = login("editor")
    app.get("/logout", status=404)
    assert is_logged_in(app)


def test_logout_refuses_post_without_csrf_token(login):
    app = login("editor")
    app.post("/logout", status=400)
    assert is_logged_in(app)


def test_logout_with_csrf_token_ends_session(login):
    app = login("editor")
    page = app.get("/account")
    token = page.forms["account-form"]["csrf_token"].value
    response = app.post("/logout", {"csrf_token": token}, status=302)
    assert response.location == "http://localhost/"
    assert not is_logged_in(app)


def test_logout_button_in_layout_works(login):
    app = login("editor")
    page = app.get("/account")
    logout_form = next(f for f in page.forms.values() if f.action.endswith("/logout"))
    logout_form.submit(status=302)
    assert not is_logged_in(app)


def test_deactivating_a_user_ends_their_session(login, users, dbsession):
    app = login("editor")
    users_service.update(dbsession, users["editor"], active=False)
    assert not is_logged_in(app)


def test_anonymous_visitor_of_private_page_is_sent_to_login_and_back(testapp, users):
    response = testapp.get("/admin/users/", status=302)
    assert response.location.startswith("http://localhost/login?came_from=")
    form = response.follow().forms["login-form"]
    form["email"] = "admin@example.org"
    form["password"] = TEST_PASSWORD
    assert form.submit("login").location == "http://localhost/admin/users/"


@pytest.mark.parametrize("came_from", ["/account", "http://localhost/account"])
def test_came_from_on_this_site_is_followed(testapp, users, came_from):
    response = submit_login(testapp, "editor@example.org", TEST_PASSWORD, came_from=came_from)
    assert response.location == "http://localhost/account"


@pytest.mark.parametrize("came_from", [
    "https://evil.example/", "//evil.example/", "/\\evil.example/", "/\t/evil.example/",
    "http://localhost.evil.example/", "javascript:alert(1)", "http://localhost@evil.example/",
])
def test_came_from_to_another_site_is_refused(testapp, users, came_from):
    from urllib.parse import quote

    response = submit_login(testapp, "editor@example.org", TEST_PASSWORD,
                            came_from=quote(came_from, safe=""))
    assert response.status_int == 302
    assert response.location == "http://localhost/admin/"


def test_login_form_without_csrf_token_is_refused(testapp, users):
    testapp.post("/login", {"email": "editor@example.org", "password": TEST_PASSWORD,
                            "login": "login"}, status=400)
    assert not is_logged_in(testapp)

"""The user admin: who may use it, adding, editing, deactivating, the last admin."""
from __future__ import annotations

import email
import re

import pytest
from sqlalchemy import func, select

from lanta.models import User
from lanta.services import passwords
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def user_count(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(User))


def add_form(app):
    return app.get("/admin/users/add").forms["user-form"]


def fill_add_form(form, address, role="editor", send_link=False, password=NEW_PASSWORD):
    form["email"] = address
    form["display_name"] = "Dominique"
    form["role"] = role
    form["send_link"] = send_link
    form["password"] = password
    return form


def can_log_in(app, address: str, password: str) -> bool:
    form = app.get("/login").forms["login-form"]
    form["email"] = address
    form["password"] = password
    return form.submit("login", status="*").status_int == 302


# --- who may enter -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "staff", "partner", "tester", "visitor"])
def test_non_admin_gets_403_on_user_admin(login, role, users):
    app = login(role)
    app.get("/admin/users/", status=403)
    app.get("/admin/users/add", status=403)
    app.get(f"/admin/users/{users['admin'].id}", status=403)


def test_editor_cannot_post_to_user_admin(login, users, dbsession):
    app = login("editor")
    token = app.get("/account").forms["account-form"]["csrf_token"].value
    app.post(f"/admin/users/{users['editor'].id}",
             {"csrf_token": token, "display_name": "Boss", "role": "admin", "active": "true",
              "save": "save"}, status=403)
    dbsession.refresh(users["editor"])
    assert users["editor"].role == "editor"


def test_anonymous_is_sent_to_login_from_user_admin(testapp):
    assert testapp.get("/admin/users/", status=302).location.startswith(
        "http://localhost/login")


def test_users_link_in_admin_menu_only_for_admin(login):
    assert 'data-menu="admin.users"' not in login("editor").get("/admin/").text


# --- the list ----------------------------------------------------------------------------


def test_list_shows_each_user_with_role_and_state(admin_app, users, dbsession):
    users_service.update(dbsession, users["tester"], active=False)
    page = admin_app.get("/admin/users/")
    rows = {row["data-user"]: row for row in page.html.select("tr[data-user]")}
    assert set(rows) == {f"{role}@example.org" for role in users}
    assert rows["staff@example.org"].select_one("[data-role]").text == "Welcome staff"
    assert "Deactivated" in rows["tester@example.org"].text
    assert "Active" in rows["editor@example.org"].text
    assert rows["editor@example.org"].a["href"].endswith(f"/admin/users/{users['editor'].id}")


# --- adding ------------------------------------------------------------------------------


def test_add_user_with_initial_password(admin_app, users, dbsession):
    form = fill_add_form(add_form(admin_app), "New.Guide@Example.org", role="staff")
    response = form.submit("save", status=302)
    assert response.location == "http://localhost/admin/users/"
    assert "new.guide@example.org added." in response.follow().text
    user = users_service.get_by_email(dbsession, "new.guide@example.org")
    assert (user.role, user.display_name, user.active) == ("staff", "Dominique", True)
    assert user.password_hash.startswith("$argon2id$")
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)


def test_add_user_with_link_mails_an_invitation_that_sets_the_password(
        admin_app, users, dbsession, mail_dir):
    before = set(mail_dir.iterdir())
    form = fill_add_form(add_form(admin_app), "invited@example.org", send_link=True,
                         password="")
    response = form.submit("save", status=302)
    assert "an e-mail invites them to choose a password" in response.follow().text
    (path,) = set(mail_dir.iterdir()) - before
    mail = email.message_from_string(path.read_text())
    assert mail["To"] == "invited@example.org"
    body = mail.get_payload(decode=True).decode(mail.get_content_charset())
    assert "An account has been created for you" in body
    assert "within 7 days" in body
    link = re.search(r"http://localhost(/password/reset/\S+)", body).group(1)

    admin_app.reset()
    assert not can_log_in(admin_app, "invited@example.org", "")
    form = admin_app.get(link).forms["reset-form"]
    form["password"] = form["password_again"] = NEW_PASSWORD
    form.submit("save", status=302)
    assert can_log_in(admin_app, "invited@example.org", NEW_PASSWORD)


def test_add_user_with_duplicate_email_redisplays_and_stores_nothing(admin_app, users,
                                                                     dbsession):
    count = user_count(dbsession)
    form = fill_add_form(add_form(admin_app), "EDITOR@example.org", role="admin")
    response = form.submit("save", status=409)
    assert "A user with the e-mail editor@example.org already exists." in response.text
    assert response.forms["user-form"]["email"].value == "EDITOR@example.org"
    assert response.forms["user-form"]["password"].value == ""
    assert user_count(dbsession) == count
    dbsession.refresh(users["editor"])
    assert users["editor"].role == "editor"


def test_add_user_with_short_password_redisplays_and_stores_nothing(admin_app, users,
                                                                    dbsession):
    count = user_count(dbsession)
    form = fill_add_form(add_form(admin_app), "short@example.org", password="short")
    response = form.submit("save", status=200)
    assert "The password must have at least 10 characters." in response.text
    assert user_count(dbsession) == count


def test_add_user_without_password_or_email_link_redisplays(admin_app, users, dbsession):
    count = user_count(dbsession)
    form = fill_add_form(add_form(admin_app), "nopass@example.org", password="")
    response = form.submit("save", status=200)
    assert "Enter a password, or choose to send an e-mail." in response.text
    assert user_count(dbsession) == count


def test_add_user_with_unknown_role_redisplays_and_stores_nothing(admin_app, users,
                                                                  dbsession):
    count = user_count(dbsession)
    form = fill_add_form(add_form(admin_app), "root@example.org")
    form["role"].force_value("superuser")
    response = form.submit("save", status=200)
    assert "user-form" in response.forms
    assert '"superuser" is not one of' in response.text
    assert user_count(dbsession) == count


def test_add_user_without_csrf_token_is_refused(admin_app, users, dbsession):
    count = user_count(dbsession)
    admin_app.post("/admin/users/add", {
        "email": "forged@example.org", "role": "admin",
        "password": NEW_PASSWORD, "save": "save"}, status=400)
    assert user_count(dbsession) == count


# --- editing -----------------------------------------------------------------------------


def edit_form(app, user):
    return app.get(f"/admin/users/{user.id}").forms["user-form"]


def test_edit_user_changes_role_name_and_state(admin_app, users, dbsession):
    form = edit_form(admin_app, users["tester"])
    form["display_name"] = "Lou"
    form["role"] = "partner"
    form["active"] = False
    form.submit("save", status=302)
    dbsession.refresh(users["tester"])
    assert (users["tester"].display_name, users["tester"].role,
            users["tester"].active) == ("Lou", "partner", False)


def test_edit_user_refuses_unknown_role(admin_app, users, dbsession):
    form = edit_form(admin_app, users["tester"])
    form["role"].force_value("superuser")
    assert '"superuser" is not one of' in form.submit("save", status=200).text
    dbsession.refresh(users["tester"])
    assert users["tester"].role == "tester"


def test_edit_unknown_user_is_404(admin_app):
    admin_app.get("/admin/users/999999", status=404)


def state_form(page):
    return next(f for f in page.forms.values() if "state" in f.fields)


def test_deactivate_then_reactivate_user(admin_app, users, dbsession):
    page = admin_app.get(f"/admin/users/{users['editor'].id}")
    response = state_form(page).submit("state", status=302)
    assert "editor@example.org can no longer log in." in response.follow().text
    dbsession.refresh(users["editor"])
    assert users["editor"].active is False

    page = admin_app.get(f"/admin/users/{users['editor'].id}")
    state_form(page).submit("state", status=302)
    dbsession.refresh(users["editor"])
    assert users["editor"].active is True


def test_deactivated_user_is_logged_out_and_cannot_log_in(admin_app, users, app, testapp):
    from webtest import TestApp

    editor = TestApp(app, extra_environ=dict(testapp.extra_environ))
    assert can_log_in(editor, "editor@example.org", TEST_PASSWORD)
    page = admin_app.get(f"/admin/users/{users['editor'].id}")
    state_form(page).submit("state", status=302)
    assert editor.get("/account", status=302).location.startswith("http://localhost/login")
    assert not can_log_in(editor, "editor@example.org", TEST_PASSWORD)


def test_last_admin_cannot_be_demoted(admin_app, users, dbsession):
    form = edit_form(admin_app, users["admin"])
    form["role"] = "editor"
    response = form.submit("save", status=409)
    assert "The site must keep at least one active admin." in response.text
    dbsession.refresh(users["admin"])
    assert users["admin"].role == "admin"


def test_last_admin_cannot_be_deactivated(admin_app, users, dbsession):
    page = admin_app.get(f"/admin/users/{users['admin'].id}")
    response = state_form(page).submit("state", status=409)
    assert "The site must keep at least one active admin." in response.text
    form = edit_form(admin_app, users["admin"])
    form["active"] = False
    form.submit("save", status=409)
    dbsession.refresh(users["admin"])
    assert users["admin"].active is True


def test_admin_can_be_demoted_when_another_admin_remains(admin_app, users, dbsession):
    users_service.create(dbsession, "second.admin@example.org", TEST_PASSWORD, "admin")
    form = edit_form(admin_app, users["admin"])
    form["role"] = "editor"
    form.submit("save", status=302)
    dbsession.refresh(users["admin"])
    assert users["admin"].role == "editor"
    # The former admin has lost the user admin at once.
    admin_app.get("/admin/users/", status=403)

"""Every view that accepts an unsafe method refuses it without a CSRF token.

A logged-in admin (who holds every permission, so the permission check cannot be what
refuses) sends each unsafe request without a token: the answer is 400 and nothing in the
database, the mail folder or the session changed.
"""
from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from route_inventory import UNSAFE_METHODS, routes_of

from lanta.services import content as content_service

# Views that opt out of CSRF (``require_csrf=False``), by route name, with the reason.
# Only requests that no browser sends on a user's behalf may be listed here: bearer-token
# APIs, or answers that change nothing.
CSRF_EXEMPT: dict[str, str] = {
    "banner.api.current": "its unsafe methods only answer 405 with an Allow header; "
                          "nothing is read from the body and nothing is written",
    "vip.api.pair": "a till or tablet exchanges a one-time pairing code for its key: "
                    "no session cookie is read, the code is the credential",
    "vip.api.scan": "terminals authenticate with their own bearer key, never with the "
                    "session cookie a forged cross-site request would carry",
    "vip.api.redemptions": "the same bearer-key authentication as vip.api.scan",
    "chat.api.conversations": "starts a visitor's conversation from a JSON body only (any "
                              "other Content-Type gets 415), which no other site can make "
                              "a browser send without asking; no cookie is read",
    "chat.api.messages": "the conversation's secret travels in a custom header that no "
                         "other site can make a browser send; no cookie is read",
    "chat.api.rating": "the same custom-header secret as chat.api.messages",
    "chat.api.status": "its unsafe methods only answer 405 with an Allow header; "
                       "nothing is read from the body and nothing is written",
    "chat.api.suggestions": "its unsafe methods only answer 405 with an Allow header; "
                            "nothing is read from the body and nothing is written",
    "chat.messenger.webhook": "Meta's Messenger webhook: every call is signed with the app "
                              "secret (X-Hub-Signature-256); no browser session is read",
}
LANG = "fr"


def unsafe_routes(registry):
    """(route, methods) for every route with a view accepting an unsafe method."""
    found = []
    for route in routes_of(registry):
        views = [v for v in route.views if not v.exception]
        methods = [m for m in UNSAFE_METHODS if any(v.accepts(m) for v in views)]
        if methods:
            found.append((route, methods))
    return found


def paths_of(route, method: str, samples: dict[str, str], tree_path: str) -> list[str]:
    """The paths to try for a route: for the content tree's traversal route, each named
    view taking ``method`` on an existing folder; otherwise the route filled with sample
    values."""
    if route.name == "content":
        return sorted({f"/{LANG}{tree_path}/@@{v.name}" for v in route.views
                       if v.name and not v.exception and v.accepts(method)})
    path = fill(route, samples)
    return [path] if path else []


def fill(route, samples: dict[str, str]) -> str | None:
    """A path that the route matches, with sample values for its placeholders."""
    for fallback in ("1", "x", LANG):
        values = {name: samples.get(name, fallback) for name in route.placeholders}
        path = route.route.generate(values)
        if route.route.match(path) is not None:
            return path
    return None


def database_state(dbsession) -> dict[str, list]:
    connection = dbsession.connection()
    state = {}
    for table in sorted(inspect(connection).get_table_names()):
        if table == "alembic_version":
            continue
        rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()
        state[table] = sorted(repr(tuple(row)) for row in rows)
    return state


def test_every_csrf_opt_out_is_listed_with_a_reason(app):
    opted_out = sorted({r.name for r in routes_of(app.registry) for v in r.views
                        if v.require_csrf is False})
    unlisted = [name for name in opted_out if name not in CSRF_EXEMPT]
    assert not unlisted, ("views with require_csrf=False must be listed in CSRF_EXEMPT "
                          "with the reason: " + ", ".join(unlisted))
    stale = [name for name in CSRF_EXEMPT if name not in opted_out]
    assert not stale, "CSRF_EXEMPT lists routes that no longer opt out: " + ", ".join(stale)


def test_unsafe_requests_without_token_are_refused_and_change_nothing(
        app, admin_app, dbsession, users, mail_dir, enable_addon):
    for addon in app.registry.lanta_plugins.loaded_addons():
        enable_addon(addon.name)
    samples = {"lang": LANG, "id": str(users["editor"].id), "token": "x",
               "reference": "SPK-ABC234",
               "name": next((a.name for a in app.registry.lanta_plugins.loaded_addons()),
                            "x")}
    folder = content_service.create(
        dbsession, language=LANG, parent=None, type="folder", slug="dossier",
        texts=content_service.Texts(title="Dossier"), author=users["editor"])
    routes = unsafe_routes(app.registry)
    assert any(route.name == "auth.logout" for route, _methods in routes)
    database_before = database_state(dbsession)
    mail_before = sorted(p.name for p in mail_dir.rglob("*"))
    wrong = []
    for route, methods in routes:
        tries = [(path, m) for m in methods for path in paths_of(route, m, samples, folder.path)]
        if not tries:
            wrong.append(f"{route.name}: no sample value fits {route.pattern}; add one to "
                         "the samples of this test")
        for path, method in tries:
            response = admin_app.request(path, method=method, status="*",
                                         expect_errors=True,
                                         body=b"enabled=1&save=save",
                                         headers={"Content-Type":
                                                  "application/x-www-form-urlencoded"})
            if route.name not in CSRF_EXEMPT and response.status_int != 400:
                wrong.append(f"{method} {path} ({route.name}) without a CSRF token: "
                             f"{response.status}, expected 400")
    assert not wrong, "\n".join(wrong)
    assert database_state(dbsession) == database_before
    assert sorted(p.name for p in mail_dir.rglob("*")) == mail_before
    # Logging out without a token was refused too: the admin is still logged in.
    assert admin_app.get("/admin/").status_int == 200


def test_login_form_with_its_token_logs_in(testapp, users):
    page = testapp.get("/login")
    form = page.forms["login-form"]
    assert form["csrf_token"].value
    form["email"] = users["editor"].email
    form["password"] = "correct horse battery staple"
    response = form.submit("login")
    assert response.status_int == 302
    assert testapp.get("/admin/").status_int == 200


def test_login_with_a_wrong_token_is_refused(testapp, users):
    page = testapp.get("/login")
    form = page.forms["login-form"]
    form["csrf_token"] = "not-the-token"
    form["email"] = users["editor"].email
    form["password"] = "correct horse battery staple"
    response = form.submit("login", status=400)
    assert response.status_int == 400
    assert testapp.get("/admin/", status="*").status_int == 302


@pytest.mark.parametrize("method", UNSAFE_METHODS)
def test_views_without_method_predicate_count_as_accepting(method):
    from route_inventory import ViewInfo

    view = ViewInfo("x", "x", "view", None, None, False)
    assert view.accepts(method)

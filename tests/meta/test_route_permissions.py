"""Every view names a permission, and each role gets exactly what the ACL grants it.

The expected answer per role comes from the ACL itself (the ``lanta_permissions`` hook of
the core and of every add-on, evaluated without a request), never from a hand-kept table.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import transaction
from pyramid.authorization import ACLHelper
from pyramid.response import Response
from webtest import TestApp

from lanta import make_configurator
from lanta.security import Root, principals_for
from lanta.testing import ROLES, login_through_form
from route_inventory import routes_of, views_without_permission

LANG = "fr"


def unguarded_view(request):
    return Response("no permission named here")


def test_every_view_names_a_permission(app):
    assert views_without_permission(app.registry) == []


def test_static_views_are_checked_and_carry_a_permission(app):
    static = [r for r in routes_of(app.registry) if r.static]
    assert static, "the core's static view is missing from the inventory"
    assert all(v.permission == "view" for r in static for v in r.views)


def test_permission_check_reports_a_view_without_permission(app_settings):
    config = make_configurator(dict(app_settings))
    try:
        config.add_route("meta.unguarded", "/meta/unguarded")
        config.add_view(unguarded_view, route_name="meta.unguarded", request_method="GET")
        config.commit()
        missing = views_without_permission(config.registry)
    finally:
        config.registry.lanta_engine.dispose()
    assert len(missing) == 1
    assert "meta.unguarded" in missing[0]


def test_permission_check_reports_a_static_view_without_permission(app_settings):
    config = make_configurator(dict(app_settings))
    try:
        config.add_static_view("meta-static", "lanta:static")
        config.commit()
        missing = views_without_permission(config.registry)
    finally:
        config.registry.lanta_engine.dispose()
    assert [m for m in missing if "meta-static" in m]


def test_route_inventory_includes_addon_routes(app):
    loaded = [a.name for a in app.registry.lanta_plugins.loaded_addons()]
    if not loaded:
        pytest.skip("no add-on is installed")
    names = {r.name for r in routes_of(app.registry)}
    with_routes = [a for a in loaded if any(n.startswith(f"{a}.") for n in names)]
    assert with_routes, f"no route of the installed add-ons {loaded} in the inventory"


# --- what each role may request --------------------------------------------------------


def permitted(pm, enabled, user, permission: str) -> bool:
    """The root ACL's answer for ``user`` (None: anonymous), as the policy computes it."""
    root = Root(SimpleNamespace(hooks=pm.hooks_for(enabled)))
    return bool(ACLHelper().permits(root, principals_for(user), permission))


def gettable_routes(registry) -> list[tuple[str, str, str]]:
    """(route name, path, permission of its GET view) for routes with no placeholder but
    the language."""
    found = []
    for route in routes_of(registry):
        if route.static or route.placeholders - {"lang"}:
            continue
        views = [v for v in route.views if not v.exception and v.accepts("GET")]
        if not views:
            continue
        found.append((route.name, route.route.generate({"lang": LANG}), views[0].permission))
    return found


def client(app, dbsession) -> TestApp:
    # The same environment as the ``testapp`` fixture: requests share ``dbsession``.
    return TestApp(app, extra_environ={
        "HTTP_HOST": "localhost", "tm.active": True,
        "tm.manager": transaction.TransactionManager(explicit=True),
        "app.dbsession": dbsession, "REMOTE_ADDR": "127.0.0.1"})


@pytest.fixture
def all_addons_enabled(app, enable_addon) -> frozenset[str]:
    names = frozenset(a.name for a in app.registry.lanta_plugins.loaded_addons())
    for name in names:
        enable_addon(name)
    return names


@pytest.mark.parametrize("role", ("anonymous",) + ROLES)
def test_each_role_gets_what_the_acl_grants(role, app, dbsession, users,
                                            all_addons_enabled):
    pm = app.registry.lanta_plugins
    user = None if role == "anonymous" else users[role]
    browser = client(app, dbsession)
    if user is not None:
        login_through_form(browser, user.email)
    routes = gettable_routes(app.registry)
    assert any(name == "admin.dashboard" for name, _path, _perm in routes)
    wrong = []
    for name, path, permission in routes:
        response = browser.get(path, status="*", expect_errors=True)
        to_login = response.status_int in (302, 303) and "/login" in response.location
        if permitted(pm, all_addons_enabled, user, permission):
            if response.status_int == 403 or to_login:
                wrong.append(f"{name} {path}: {permission!r} is granted but got "
                             f"{response.status}")
        elif user is None:
            if not to_login and response.status_int != 403:
                wrong.append(f"{name} {path}: {permission!r} is not granted to anonymous "
                             f"visitors, but got {response.status}")
        elif response.status_int != 403:
            wrong.append(f"{name} {path}: {permission!r} is not granted to {role}, but got "
                         f"{response.status}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


def test_acl_evaluation_matches_the_security_policy(app, all_addons_enabled, users):
    pm = app.registry.lanta_plugins
    assert permitted(pm, all_addons_enabled, users["admin"], "anything.at.all")
    assert permitted(pm, all_addons_enabled, None, "view")
    assert not permitted(pm, all_addons_enabled, None, "admin.access")
    assert permitted(pm, all_addons_enabled, users["editor"], "admin.access")
    assert not permitted(pm, all_addons_enabled, users["visitor"], "admin.access")

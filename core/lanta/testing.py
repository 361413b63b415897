"""pytest fixtures for the core and for add-ons (registered as the pytest plugin ``lanta``).

Databases are built by the migrations, never by ``create_all``. Every test that uses the
database runs on SQLite, and on PostgreSQL too when ``LANTA_TEST_DATABASE_URL`` is set (a
throwaway database is created beside the one named, and dropped at the end).

Main fixtures:

- ``db_backend``: ``"sqlite"`` or ``"postgresql"`` (parametrises the tests using it);
  a test marked ``concurrent_writers`` races two writers and runs on PostgreSQL only,
  since SQLite lets one writer at a time in;
- ``engine``: a migrated database of that backend (one per test session);
- ``dbsession``: a session whose changes are rolled back after the test;
- ``app``: the WSGI application of that database; ``testapp``: a WebTest client sharing
  ``dbsession`` and ``search_index`` (a fresh search index in a temporary folder);
  ``reindex()`` fills that index from the test's session; ``api_schema``: the
  OpenAPI document for schemathesis, calling the app with the test's session;
  ``users``: one account per role; ``login``: logs a client in through the
  real form; ``admin_app``: a client logged in as the admin;
- ``enable_addon`` / ``disable_addon``: change the enabled add-ons for this test;
- ``mail_dir``: where the application writes its mails;
- ``live_server_factory``: real ``pserve`` processes on a shared, committed database;
- ``browser_page``: a Playwright page in Debian's Chromium.
"""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import transaction
from sqlalchemy.orm import Session

from . import models
# Helpers for add-ons' tests, public through this module.
from .testing_contract import check_every_operation  # noqa: F401
# Real files for add-ons' upload tests (their tests import only lanta.testing).
from .testing_files import (  # noqa: F401
    decompression_bomb, gps_exif, jpeg_bytes, jpeg_rotated, jpeg_with_gps, mp4_bytes,
    photo_like, png_bytes, truncated_jpeg, webp_bytes)
from .plugins import LantaPluginManager, build_plugin_manager
from .services import addons as addons_service
from .services import users as users_service
from .testing_db import (  # noqa: F401
    PG_ENV, backends, create_database, drop_database, migrated_database, run_blocked_by)
# Fixtures and hooks live beside, by what they hold; pytest finds them here.
from .testing_mail import Outbox, mail_text, outbox, read_mail  # noqa: F401
from .testing_live import (  # noqa: F401
    CHROMIUM, LiveServer, LiveSite, axe_script, browser_page, chromium_browser,
    live_site_factory, pytest_runtest_makereport, run_lanta, axe_violations, vnu_errors,
    WCAG_TAGS)


# pytest imports this plugin's distribution through its assertion-rewriting loader, which
# pkg_resources (used by Pyramid for asset specs) does not know: teach it.
def _register_rewrite_loader() -> None:
    import warnings

    from _pytest.assertion.rewrite import AssertionRewritingHook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        import pkg_resources
    pkg_resources.register_loader_type(AssertionRewritingHook, pkg_resources.DefaultProvider)


_register_rewrite_loader()

TEST_PASSWORD = "correct horse battery staple"
ROLES = ("admin", "editor", "reviewer", "staff", "partner", "tester", "visitor")


# --- databases -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def plugin_manager() -> LantaPluginManager:
    """Every installed add-on, loaded strictly (an add-on that fails to load fails the run)."""
    return build_plugin_manager(strict=True)


@pytest.fixture(scope="session", params=backends())
def db_backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def db_url(db_backend, tmp_path_factory, plugin_manager) -> Iterator[str]:
    url = migrated_database(db_backend, tmp_path_factory.mktemp(f"db-{db_backend}"),
                            plugin_manager)
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def engine(db_url):
    engine = models.get_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def dbsession(engine) -> Iterator[Session]:
    """A session on one connection whose outer transaction is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


# --- the application -------------------------------------------------------------------


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mail")


def app_settings_for(db_url: str, var_dir: Path, **extra: Any) -> dict[str, Any]:
    settings = {
        "sqlalchemy.url": db_url,
        "lanta.secret": secrets.token_urlsafe(48),
        "lanta.var_dir": str(var_dir),
        "lanta.mail.folder": str(var_dir / "mail"),
        "lanta.addons.strict": "true",
        "pyramid.default_locale_name": "fr",
        # Tests share one rolled-back transaction: a page kept from one test would be
        # served to the next. The cache has its own tests on committed databases.
        "lanta.page_cache": "false",
        # A worker thread would write through its own connection while a test's
        # uncommitted rows hold the database: tests run the work themselves.
        "lanta.background_workers": "false",
    }
    settings.update(extra)
    return settings


@pytest.fixture(scope="session")
def app_settings(db_url, tmp_path_factory, mail_dir) -> dict[str, Any]:
    var_dir = tmp_path_factory.mktemp("var")
    return app_settings_for(db_url, var_dir, **{"lanta.mail.folder": str(mail_dir)})


@pytest.fixture(scope="session")
def app(app_settings):
    from . import main

    wsgi_app = main({}, **app_settings)
    yield wsgi_app
    wsgi_app.registry.lanta_engine.dispose()


@pytest.fixture
def search_index(tmp_path):
    """A search index of this test's own, on disk in a temporary folder; ``testapp``'s
    requests search it. Fill it with ``SearchSync(search_index).rebuild(dbsession)``."""
    from .services.search import SearchIndex

    index = SearchIndex(tmp_path / "search-index")
    yield index
    index.close()


@pytest.fixture
def reindex(dbsession, search_index, plugin_manager) -> Callable[[], int]:
    """``reindex()`` rebuilds ``search_index`` from what ``dbsession`` holds, with the
    ``lanta_search_boosts`` of the add-ons enabled then: this test's rows are never
    committed, so the commit-time updates do not see them."""
    from .services import site_settings
    from .services.search_sync import SearchSync

    def _reindex() -> int:
        enabled = site_settings.load(dbsession).enabled_addons
        return SearchSync(search_index).rebuild(dbsession, plugin_manager.hooks_for(enabled))
    return _reindex


@pytest.fixture
def api_schema(app, dbsession, search_index):
    """The application's OpenAPI document loaded by schemathesis, calling the app in
    process with this test's ``dbsession`` (rolled back after the test), for
    ``schemathesis.pytest.from_fixture("api_schema")``."""
    import schemathesis

    tm = transaction.TransactionManager(explicit=True)

    def in_this_test(environ, start_response):
        environ.update({"tm.active": True, "tm.manager": tm, "app.dbsession": dbsession,
                        "lanta.search_index": search_index, "REMOTE_ADDR": "127.0.0.1"})
        return app(environ, start_response)

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", in_this_test)


@pytest.fixture
def testapp(app, dbsession, search_index):
    """A WebTest client whose requests use ``dbsession`` (rolled back after the test)
    and ``search_index``."""
    from webtest import TestApp

    tm = transaction.TransactionManager(explicit=True)
    return TestApp(app, extra_environ={
        "HTTP_HOST": "localhost", "tm.active": True, "tm.manager": tm,
        "app.dbsession": dbsession, "REMOTE_ADDR": "127.0.0.1",
        "lanta.search_index": search_index,
        # WebTest's body is in memory: without this, pyramid_retry copies large bodies
        # into a temporary file that is never closed (a ResourceWarning, an error here).
        "webob.is_body_seekable": True})


@pytest.fixture
def users(dbsession) -> dict[str, models.User]:
    """One active account per role, e-mail ``ROLE@example.org``, password TEST_PASSWORD."""
    return {role: users_service.create(dbsession, f"{role}@example.org", TEST_PASSWORD, role,
                                       display_name=role.title())
            for role in ROLES}


def login_through_form(testapp, email: str, password: str = TEST_PASSWORD):
    page = testapp.get("/login")
    form = page.forms["login-form"]
    form["email"] = email
    form["password"] = password
    response = form.submit("login")
    assert response.status_int == 302, f"login of {email} failed: {response.status}"
    return testapp


def log_in_browser(page, base_url: str, email: str, password: str = TEST_PASSWORD) -> None:
    """Log a Playwright ``page`` in through the login form, returning once the site has
    answered: the session cookie exists only then, so a page opened right after a bare
    click could still find nobody logged in."""
    page.goto(base_url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[name=login]")
    assert not page.url.endswith("/login"), f"login of {email} refused"


@pytest.fixture
def login(testapp, users) -> Callable[[str], Any]:
    """``login("editor")`` logs ``testapp`` in as that role through the real login form."""
    def _login(role: str):
        return login_through_form(testapp, users[role].email)
    return _login


@pytest.fixture
def admin_app(login):
    return login("admin")


@pytest.fixture
def enable_addon(dbsession) -> Callable[[str], None]:
    def _enable(name: str) -> None:
        addons_service.set_enabled(dbsession, name, True)
    return _enable


@pytest.fixture
def disable_addon(dbsession) -> Callable[[str], None]:
    def _disable(name: str) -> None:
        addons_service.set_enabled(dbsession, name, False)
    return _disable


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "concurrent_writers: races two database writers; PostgreSQL only")


def pytest_collection_modifyitems(config, items):
    """Deselect (not skip) the SQLite runs of ``concurrent_writers`` tests."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if item.get_closest_marker("concurrent_writers") and params.get("db_backend") != "postgresql":
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept

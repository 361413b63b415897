"""pytest fixtures for the core and for add-ons (registered as the pytest plugin ``lanta``).

Databases are built by the migrations, never by ``create_all``. Every test that uses the
database runs on SQLite, and on PostgreSQL too when ``LANTA_TEST_DATABASE_URL`` is set (a
throwaway database is created beside the one named, and dropped at the end).

Main fixtures:

- ``db_backend``: ``"sqlite"`` or ``"postgresql"`` (parametrises the tests using it);
- ``engine``: a migrated database of that backend (one per test session);
- ``dbsession``: a session whose changes are rolled back after the test;
- ``app``: the WSGI application of that database; ``testapp``: a WebTest client sharing
  ``dbsession``; ``users``: one account per role; ``login``: logs a client in through the
  real form; ``admin_app``: a client logged in as the admin;
- ``enable_addon`` / ``disable_addon``: change the enabled add-ons for this test;
- ``mail_dir``: where the application writes its mails;
- ``live_server_factory``: real ``pserve`` processes on a shared, committed database;
- ``browser_page``: a Playwright page in Debian's Chromium.
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import transaction
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from . import migrate, models
from .plugins import LantaPluginManager, build_plugin_manager
from .services import addons as addons_service
from .services import users as users_service

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

PG_ENV = "LANTA_TEST_DATABASE_URL"
CHROMIUM = os.environ.get("LANTA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TEST_PASSWORD = "correct horse battery staple"
ROLES = ("admin", "editor", "staff", "partner", "tester", "visitor")


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


# --- databases -----------------------------------------------------------------------------


def create_database(backend: str, directory: Path) -> str:
    """A new, empty database of ``backend``; returns its URL."""
    if backend == "sqlite":
        return f"sqlite:///{directory / f'lanta-{secrets.token_hex(4)}.sqlite'}"
    base = make_url(os.environ[PG_ENV])
    name = f"lanta_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return
    admin = create_engine(make_url(os.environ[PG_ENV]), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


def migrated_database(backend: str, directory: Path, pm: LantaPluginManager) -> str:
    url = create_database(backend, directory)
    engine = models.get_engine(url)
    migrate.quiet(migrate.upgrade, migrate.alembic_config(pm, engine=engine))
    engine.dispose()
    return url


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
def testapp(app, dbsession):
    """A WebTest client whose requests use ``dbsession`` (rolled back after the test)."""
    from webtest import TestApp

    tm = transaction.TransactionManager(explicit=True)
    return TestApp(app, extra_environ={
        "HTTP_HOST": "localhost", "tm.active": True, "tm.manager": tm,
        "app.dbsession": dbsession, "REMOTE_ADDR": "127.0.0.1",
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


# --- live servers and the browser ------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@dataclass
class LiveSite:
    """A committed database shared by one or more real server processes."""

    db_url: str
    directory: Path
    secret: str
    servers: list[LiveServer] = field(default_factory=list)
    engine: Any = field(default=None, repr=False)

    def ini(self) -> Path:
        path = self.directory / "site.ini"
        if not path.exists():
            path.write_text(_ini_text(self.db_url, self.directory, self.secret))
        return path

    def session(self) -> Session:
        if self.engine is None:
            self.engine = models.get_engine(self.db_url)
        return models.get_session_factory(self.engine)()

    def start_server(self) -> LiveServer:
        port = free_port()
        log_path = self.directory / f"server-{port}.log"
        with log_path.open("w") as handle:  # the child keeps its own descriptor
            process = subprocess.Popen(
                [sys.executable, "-m", "pyramid.scripts.pserve", str(self.ini()),
                 f"http_port={port}"],
                stdout=handle, stderr=subprocess.STDOUT, cwd=self.directory)
        server = LiveServer(f"http://127.0.0.1:{port}", process, log_path)
        self.servers.append(server)
        _wait_until_up(server)
        return server

    def stop(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
        for server in self.servers:
            server.process.terminate()
            try:
                server.process.wait(10)
            except subprocess.TimeoutExpired:
                server.process.kill()


def _ini_text(db_url: str, directory: Path, secret: str) -> str:
    return f"""[app:main]
use = egg:lanta
sqlalchemy.url = {db_url}
lanta.secret = {secret}
lanta.var_dir = {directory / 'var'}
lanta.mail.folder = {directory / 'mail'}
lanta.addons.strict = true

[server:main]
use = egg:waitress#main
listen = 127.0.0.1:%(http_port)s
threads = 4

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
formatter = generic

[formatter_generic]
format = %(levelname)s [%(name)s] %(message)s
"""


def _wait_until_up(server: LiveServer, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited at start:\n{server.log()}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {timeout} s:\n{server.log()}")


@pytest.fixture
def live_site_factory(tmp_path, plugin_manager, db_backend) -> Iterator[Callable[[], LiveSite]]:
    """``site = live_site_factory()`` gives a migrated, committed database; start servers
    on it with ``site.start_server()`` (each a real ``pserve`` process)."""
    sites: list[LiveSite] = []

    def _make() -> LiveSite:
        directory = tmp_path / f"site{len(sites)}"
        directory.mkdir()
        url = migrated_database(db_backend, directory, plugin_manager)
        site = LiveSite(url, directory, secrets.token_urlsafe(48))
        sites.append(site)
        return site

    yield _make
    for site in sites:
        site.stop()
        drop_database(site.db_url)


@pytest.fixture(scope="session")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run "
                    "'apt-get install -y chromium' (make test does it when it may).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium_browser, request):
    """A fresh browser context and page; a screenshot is kept when the test fails."""
    context = chromium_browser.new_context(locale="fr-FR", viewport={"width": 1280,
                                                                      "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        artifacts = Path(os.environ.get("LANTA_TEST_ARTIFACTS", "test-artifacts"))
        artifacts.mkdir(exist_ok=True)
        page.screenshot(path=str(artifacts / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def axe_script() -> Path | None:
    """axe-core's script when installed by ``make test`` (npm), else None."""
    for candidate in (Path(os.environ.get("LANTA_AXE", "")),
                      Path.cwd() / "node_modules/axe-core/axe.min.js",
                      Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"):
        if candidate.is_file():
            return candidate
    return None


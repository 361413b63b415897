"""Fixtures for real server processes and the browser (part of the ``lanta`` pytest plugin,
re-exported by :mod:`lanta.testing`)."""
from __future__ import annotations

import json
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
from sqlalchemy.orm import Session

from . import models
from .testing_db import drop_database, migrated_database

CHROMIUM = os.environ.get("LANTA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

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


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on ``page`` (a Playwright page) as it is
    now: rule id, help text and the first targets; ``[]`` when it passes."""
    script = axe_script()
    assert script is not None, "axe-core is missing: run 'make node-tools' (npm ci)"
    page.add_script_tag(path=str(script))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           WCAG_TAGS)
    return [{"id": v["id"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:3]} for v in result["violations"]]


def vnu_jar() -> Path:
    jar = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
    assert jar.is_file(), "the Nu HTML checker is missing: run 'make node-tools' (npm ci)"
    return jar


def vnu_errors(pages: dict[str, str], folder: Path) -> list[tuple]:
    """The Nu HTML checker's errors on ``pages`` (name → HTML as served), checked in one
    run of the checker: (name, line, message) each; ``[]`` when all are valid."""
    names = {}
    for index, (name, html) in enumerate(pages.items()):
        target = folder / f"page{index}.html"
        target.write_text(html, encoding="utf-8")
        names[str(target)] = name
    result = subprocess.run(["java", "-jar", str(vnu_jar()), "--format", "json", "--stdout",
                             *names], capture_output=True, text=True, timeout=180)
    errors = []
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "error":
            url = message.get("url", "")
            name = names.get(url.removeprefix("file:").replace("///", "/", 1), url)
            errors.append((name, message.get("lastLine"), message["message"]))
    return errors


@pytest.fixture
def run_lanta() -> Callable[..., subprocess.CompletedProcess]:
    """``run_lanta(site, "plugins", "list")``: the real ``lanta`` script on a live site
    (from :func:`live_site_factory`), its output captured as text."""
    script = Path(sys.executable).with_name("lanta")

    def _run(site: LiveSite, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(script), "-c", str(site.ini()), *args],
                              capture_output=True, text=True, cwd=site.directory,
                              timeout=120, env=dict(os.environ, LANTA_CONFIG=""))
    return _run

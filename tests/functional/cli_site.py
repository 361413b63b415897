"""Running the real ``lanta`` console script against a site of its own: an ini file on a
database, for the command-line tests."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from lanta import models
from lanta.testing import drop_database, migrated_database

SCRIPT = Path(sys.executable).with_name("lanta")
LANTA = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "lanta.cli"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANTA_CONFIG", "LANTA_DATABASE_URL", "LANTA_SECRET", "LANTA_DEBUG")}
    env.update(extra)
    return env


def ini_text(db_url: str, directory: Path) -> str:
    return f"""[app:main]
use = egg:lanta
sqlalchemy.url = {db_url}
lanta.secret = {secrets.token_urlsafe(48)}
lanta.var_dir = {directory / 'var'}
lanta.mail.folder = {directory / 'mail'}

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


def run(args: list[str], cwd: Path, input: str | None = None,
        **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(LANTA + args, cwd=cwd, env=clean_env(**env), input=input,
                          capture_output=True, text=True, timeout=120)


def one_sentence(result: subprocess.CompletedProcess, status: int = 1) -> str:
    """The single stderr line of a failed command (checked: status, no traceback)."""
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@dataclass
class Site:
    directory: Path
    db_url: str
    ini: Path

    def lanta(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        return run(["-c", str(self.ini), *args], self.directory, input=input)

    def ok(self, *args: str, input: str | None = None) -> list[str]:
        result = self.lanta(*args, input=input)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result.stdout.splitlines()

    def addon_state(self, name: str) -> str:
        """The state column of ``lanta plugins list`` for one add-on."""
        states = {line.split(" ")[0]: line.split(" ", 2)[2]
                  for line in self.ok("plugins", "list")}
        return states[name]

    def tables(self) -> set[str]:
        engine = models.get_engine(self.db_url)
        try:
            return set(inspect(engine).get_table_names())
        finally:
            engine.dispose()

    def count(self, model) -> int:
        engine = models.get_engine(self.db_url)
        try:
            with engine.connect() as connection:
                return connection.scalar(select(func.count()).select_from(model))
        finally:
            engine.dispose()

    def partners(self) -> list[models.Partner]:
        engine = models.get_engine(self.db_url)
        try:
            with models.get_session_factory(engine)() as dbsession:
                return list(dbsession.scalars(select(models.Partner)
                                              .order_by(models.Partner.slug)))
        finally:
            engine.dispose()

    def user_count(self) -> int:
        return self.count(models.User)


@pytest.fixture(name="site")
def migrated_site(db_backend, tmp_path, plugin_manager):
    """A migrated, empty site of the test's backend with its ini file (import it into a
    test module to use it as ``site``)."""
    url = migrated_database(db_backend, tmp_path, plugin_manager)
    ini = tmp_path / "site.ini"
    ini.write_text(ini_text(url, tmp_path))
    yield Site(tmp_path, url, ini)
    drop_database(url)

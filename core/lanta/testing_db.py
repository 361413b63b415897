"""Throwaway test databases, built by the migrations (part of the ``lanta`` pytest plugin)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from . import migrate, models
from .plugins import LantaPluginManager

PG_ENV = "LANTA_TEST_DATABASE_URL"


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


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

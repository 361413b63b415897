"""Throwaway test databases, built by the migrations (part of the ``lanta`` pytest plugin)."""
from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path
from typing import Any, Callable

import pytest

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

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


BLOCKED_BY = text("SELECT count(*) FROM pg_locks WHERE NOT granted "
                  "AND :pid = ANY(pg_blocking_pids(pid))")


@pytest.fixture
def run_blocked_by(engine):
    """``run_blocked_by(holder, work)`` starts ``work`` in a thread and returns once it
    waits on a lock held by the session ``holder`` (or has finished, which the test's
    assertions then catch): the race is then certain to happen, not left to the
    scheduler. PostgreSQL only (mark the test ``concurrent_writers``)."""
    def start(holder: Session, work: Callable[[], Any]) -> threading.Thread:
        holder_pid = holder.scalar(text("SELECT pg_backend_pid()"))
        thread = threading.Thread(target=work)
        thread.start()
        with engine.connect() as probe:
            while thread.is_alive() and not probe.scalar(BLOCKED_BY, {"pid": holder_pid}):
                probe.rollback()
                thread.join(0.05)
        return thread
    return start

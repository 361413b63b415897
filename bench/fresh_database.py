"""The throwaway database a benchmark runs on: a SQLite file in a temporary folder, or a
fresh PostgreSQL database beside a given one, dropped afterwards (not a benchmark)."""
from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def run_on_fresh_database(postgresql_url: str | None,
                          run: Callable[[Path, str], None]) -> None:
    """``run(folder, database_url)`` on a new SQLite file, or with ``postgresql_url`` on a
    new database beside that one; the folder and the database are gone afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        url, drop = f"sqlite:///{directory / 'lanta.sqlite'}", None
        if postgresql_url:
            url, drop = _fresh_postgresql(postgresql_url)
        try:
            run(directory, url)
        finally:
            if drop is not None:
                drop()


def _fresh_postgresql(url: str) -> tuple[str, Callable[[], None]]:
    name = f"lanta_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False), drop

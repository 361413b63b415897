"""The baseline of bench_throughput.py: a minimal Pyramid view that reads one row from
SQLite and renders a 5 KB Chameleon template, the floor a CMS page cannot go under."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from pyramid.config import Configurator

HERE = Path(__file__).resolve().parent
_local = threading.local()


def connection(path: str) -> sqlite3.Connection:
    if getattr(_local, "connection", None) is None:
        _local.connection = sqlite3.connect(path, check_same_thread=False)
    return _local.connection


def make_app(database: str):
    db = sqlite3.connect(database)
    db.execute("CREATE TABLE IF NOT EXISTS pages (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
    db.execute("INSERT OR REPLACE INTO pages VALUES (1, 'Office de tourisme', ?)",
               ("Bienvenue à Lanta. " * 40,))
    db.commit()
    db.close()

    def page(request):
        row = connection(database).execute(
            "SELECT title, body FROM pages WHERE id = 1").fetchone()
        return {"title": row[0], "body": row[1], "items": range(30)}

    with Configurator(settings={"pyramid.reload_templates": False}) as config:
        config.include("pyramid_chameleon")
        config.add_route("page", "/")
        config.add_view(page, route_name="page", renderer=str(HERE / "baseline.pt"))
        return config.make_wsgi_app()

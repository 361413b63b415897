"""Requests that may write say so before their transaction begins: on SQLite the write
lock is then taken at BEGIN (waiting its turn behind other writers) rather than at the
first write, where a concurrent commit makes it fail at once (see ``models.writing``).
PostgreSQL is not concerned."""
from __future__ import annotations

from pyramid.tweens import INGRESS

from .models import writing

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def write_intent_tween_factory(handler, registry):
    def tween(request):
        if request.method in SAFE_METHODS:
            return handler(request)
        with writing():
            return handler(request)
    return tween


def includeme(config) -> None:
    # Above pyramid_tm, whose transaction begins inside this tween.
    config.add_tween("lanta.write_intent.write_intent_tween_factory", under=INGRESS)

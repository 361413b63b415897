"""Fixtures of the banner add-on's tests (the core's come from ``lanta.testing``)."""
from __future__ import annotations

import datetime as dt

import pytest
from pyramid.request import Request
from pyramid.scripting import prepare

from lanta_banner import services

@pytest.fixture
def banner_on(enable_addon) -> None:
    enable_addon("banner")


@pytest.fixture
def add_notice(dbsession):
    """``add_notice(text_fr=…, hours_from=-1, hours_until=2, …)`` stores a notice."""
    def _add(text_fr: str = "Fermeture exceptionnelle du BIT le 25 décembre",
             level: str = "info", hours_from: float = -1, hours_until: float | None = 2,
             **fields):
        starts = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=hours_from)
        ends = None if hours_until is None else \
            dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=hours_until)
        return services.create(dbsession, services.NoticeInput(
            level=level, text_fr=text_fr, starts_at=starts, ends_at=ends, **fields))
    return _add


@pytest.fixture
def make_request(app, dbsession):
    """A real request of the application (registry, extensions, this test's session)."""
    closers = []

    def _make(path: str = "/fr/", lang: str = "fr") -> Request:
        request = Request.blank(path, environ={"app.dbsession": dbsession,
                                               "HTTP_HOST": "localhost"},
                                headers={"Accept-Language": lang})
        env = prepare(request=request, registry=app.registry)
        closers.append(env["closer"])
        return request

    yield _make
    for close in reversed(closers):
        close()


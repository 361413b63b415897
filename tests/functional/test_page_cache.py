"""The anonymous page cache on a real, committed database: pages are served again from
the cache, any commit that changes data is seen by the next request, nothing personal is
stored, and login bookkeeping does not empty the cache."""
from __future__ import annotations

import secrets

import pytest
from sqlalchemy import select
from webtest import TestApp

from lanta import main, models
from lanta.models import CacheGeneration
from lanta.services import content, users
from lanta.testing import (TEST_PASSWORD, app_settings_for, drop_database,
                           login_through_form, migrated_database)


@pytest.fixture
def site(tmp_path, plugin_manager, db_backend):
    url = migrated_database(db_backend, tmp_path, plugin_manager)
    wsgi = main({}, **app_settings_for(url, tmp_path, **{"lanta.page_cache": "true"}))
    factory = models.get_session_factory(wsgi.registry.lanta_engine)
    with factory() as dbsession:
        users.create(dbsession, "editor@example.org", TEST_PASSWORD, "editor")
        dbsession.commit()
    yield TestApp(wsgi, extra_environ={"HTTP_HOST": "localhost"}), factory
    wsgi.registry.lanta_page_cache.close()
    wsgi.registry.lanta_engine.dispose()
    drop_database(url)


def publish_news(factory, title):
    with factory() as dbsession:
        item = content.create(dbsession, language="fr", parent=None, type="news",
                              slug=content.slugify(title), texts=content.Texts(title),
                              author=None)
        content.transition(dbsession, item, "publish", can_review=True)
        dbsession.commit()


def generation(factory) -> int:
    with factory() as dbsession:
        return dbsession.scalar(select(CacheGeneration.value))


def test_pages_come_from_the_cache_until_a_commit_changes_data(site):
    app, factory = site
    first = app.get("/fr/news/")
    assert first.headers["X-Lanta-Cache"] == "miss"
    again = app.get("/fr/news/")
    assert again.headers["X-Lanta-Cache"] == "hit"
    assert again.body == first.body
    assert again.headers["X-Frame-Options"] == "SAMEORIGIN"  # headers added to hits too
    publish_news(factory, "Le marché de Noël")
    fresh = app.get("/fr/news/")
    assert fresh.headers["X-Lanta-Cache"] == "miss"
    assert "Le marché de Noël" in fresh.text


def test_logged_in_requests_bypass_the_cache_and_are_never_stored(site):
    app, factory = site
    publish_news(factory, "Fête")
    login_through_form(app, "editor@example.org")
    as_editor = app.get("/fr/fete")
    assert "X-Lanta-Cache" not in as_editor.headers
    assert as_editor.html.find(class_="editor-bar") is not None
    app.reset()
    anonymous = app.get("/fr/fete")
    assert anonymous.headers["X-Lanta-Cache"] == "miss"
    assert anonymous.html.find(class_="editor-bar") is None


def test_only_visitor_pages_with_a_200_are_kept(site):
    app, _factory = site
    assert app.get("/fr/nope", status=404).headers["X-Lanta-Cache"] == "miss"
    assert app.get("/fr/nope", status=404).headers["X-Lanta-Cache"] == "miss"
    assert "X-Lanta-Cache" not in app.get("/healthz").headers
    assert "X-Lanta-Cache" not in app.get("/api/v1/partners").headers


def test_failed_logins_do_not_empty_the_cache_but_real_changes_do(site):
    app, factory = site
    before = generation(factory)
    form = app.get("/login").forms["login-form"]
    form["email"], form["password"] = "editor@example.org", "wrong password"
    form.submit("login", status=400)
    assert generation(factory) == before
    with factory() as dbsession:
        with dbsession.begin_nested():  # an edit, then a refused step rolled back alone
            content.create(dbsession, language="fr", parent=None, type="page", slug="a",
                           texts=content.Texts("A"), author=None)
        savepoint = dbsession.begin_nested()
        savepoint.rollback()
        dbsession.commit()
    assert generation(factory) == before + 1
    with factory() as dbsession:
        content.create(dbsession, language="fr", parent=None, type="page", slug="b",
                       texts=content.Texts("B"), author=None)
        dbsession.rollback()
    assert generation(factory) == before + 1


def test_a_page_is_kept_no_longer_than_its_maximum_age(tmp_path, plugin_manager):
    url = migrated_database("sqlite", tmp_path, plugin_manager)
    wsgi = main({}, **app_settings_for(url, tmp_path, **{
        "lanta.page_cache": "true", "lanta.page_cache.max_age": "0"}))
    app = TestApp(wsgi, extra_environ={"HTTP_HOST": "localhost"})
    assert app.get("/fr/agenda").headers["X-Lanta-Cache"] == "miss"
    assert app.get("/fr/agenda").headers["X-Lanta-Cache"] == "miss"
    wsgi.registry.lanta_page_cache.close()
    wsgi.registry.lanta_engine.dispose()


def test_search_pages_are_not_cached(site):
    # Their results come from the index, written just after the commit: a page rendered
    # in between would be kept with the new generation and old results.
    app, _factory = site
    assert "X-Lanta-Cache" not in app.get("/fr/search?q=gave").headers


def test_an_answer_that_writes_the_session_is_never_kept(tmp_path, plugin_manager):
    # Whatever the view, an answer that sets a cookie is never kept (and so never shared).
    from pyramid.config import Configurator
    from pyramid.response import Response
    from pyramid.session import SignedCookieSessionFactory

    from lanta.page_cache import PageCache, PageCacheMiddleware

    url = migrated_database("sqlite", tmp_path, plugin_manager)
    engine = models.get_engine(url)

    def remembers(request):
        request.session["seen"] = True
        return Response("<!DOCTYPE html><p>hi</p>", content_type="text/html")

    with Configurator() as config:
        config.set_session_factory(SignedCookieSessionFactory(secrets.token_hex(32)))
        config.add_route("page", "/fr/page")
        config.add_view(remembers, route_name="page")
        cache = PageCache(engine)
        wsgi = PageCacheMiddleware(config.make_wsgi_app(), cache)
    app = TestApp(wsgi)
    for _ in range(2):
        response = app.get("/fr/page")
        app.reset()  # a new visitor each time, without the cookie
        assert response.headers["X-Lanta-Cache"] == "miss"
        assert "Set-Cookie" in response.headers
    cache.close()
    engine.dispose()

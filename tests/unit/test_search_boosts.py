"""The ``lanta_search_boosts`` hook: add-ons raise some of the core's documents in the
ranking, at rebuilds and at the commits that index them again."""
from __future__ import annotations

import datetime as dt
import types

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lanta import models
from lanta.addon_api import hookimpl
from lanta.models import Partner
from lanta.plugins import build_plugin_manager
from lanta.services import addons as addons_service
from lanta.services import partners as partners_service
from lanta.services.search_sync import MAX_BOOST, SearchSync, reindex_after_commit

NOW = dt.datetime(2026, 7, 14, 10, 0, tzinfo=dt.timezone.utc)


def listing(slug: str) -> dict:
    # Two listings alike in every word: only a boost tells them apart.
    return {"slug": slug, "category": "restaurant", "name": {"fr": "Auberge du Gave"},
            "summary": {"fr": "Cuisine du terroir au bord du gave"}}


def boosting_addon(factors: dict[str, float]) -> types.ModuleType:
    """An add-on whose boosts are ``factors``, read at each call (tests change it)."""
    module = types.ModuleType("lanta_boosty")
    asked: list = []

    @hookimpl
    def lanta_search_boosts(dbsession, keys):
        asked.append(keys)
        return dict(factors)

    module.lanta_search_boosts = lanta_search_boosts
    module.asked = asked
    return module


def ranked(index, words: str = "auberge gave") -> list[str]:
    return [hit.id.rsplit(":", 1)[0] for hit in index.search(words, "fr", now=NOW).hits]


def test_hook_lanta_search_boosts_at_a_rebuild(dbsession, search_index):
    first = partners_service.create(dbsession, listing("boost-premier"))
    second = partners_service.create(dbsession, listing("boost-second"))
    factors: dict[str, float] = {}
    addon = boosting_addon(factors)
    pm = build_plugin_manager(discover=False, extra={"boosty": addon})
    sync = SearchSync(search_index)

    sync.rebuild(dbsession, pm.hooks_for({"boosty"}))
    assert ranked(search_index) == [f"partner:{first.id}", f"partner:{second.id}"]
    assert addon.asked == [None]  # a rebuild asks for every key at once

    factors[f"partner:{second.id}"] = 1.5
    sync.rebuild(dbsession, pm.hooks_for({"boosty"}))
    assert ranked(search_index) == [f"partner:{second.id}", f"partner:{first.id}"]

    # A disabled add-on boosts nothing; factors of 1.0 or less are ignored.
    sync.rebuild(dbsession, pm.hooks_for(set()))
    assert ranked(search_index)[0] == f"partner:{first.id}"
    factors[f"partner:{second.id}"] = 0.1
    factors[f"partner:{first.id}"] = 1.0
    sync.rebuild(dbsession, pm.hooks_for({"boosty"}))
    assert ranked(search_index)[0] == f"partner:{first.id}"


def test_factors_of_several_addons_multiply_up_to_the_bound(dbsession):
    partner = partners_service.create(dbsession, listing("boost-borne"))
    key = f"partner:{partner.id}"
    pm = build_plugin_manager(discover=False, extra={
        "boosty": boosting_addon({key: 3.0}), "other": boosting_addon({key: 2.0})})
    documents = list(SearchSync(None).documents_for(dbsession, [key],
                                                    pm.hooks_for({"boosty", "other"})))
    assert documents and {d.boost for d in documents} == {MAX_BOOST}
    documents = list(SearchSync(None).documents_for(dbsession, [key],
                                                    pm.hooks_for({"other"})))
    assert {d.boost for d in documents} == {2.0}


@pytest.fixture
def committed(engine):
    """Rows and the enabled add-ons a test commits are put back at the end."""
    with Session(engine) as before:
        from lanta.services import site_settings
        enabled = list(site_settings.load(before).enabled_addons)
    yield
    with Session(engine) as cleanup:
        cleanup.execute(delete(Partner).where(Partner.slug.like("boost-%")))
        from lanta.services import site_settings
        site_settings.save(cleanup, enabled_addons=enabled)
        cleanup.commit()


def test_reindex_after_commit_applies_a_changed_boost(engine, committed, search_index):
    factors: dict[str, float] = {}
    pm = build_plugin_manager(discover=False, extra={"boosty": boosting_addon(factors)})
    factory = models.get_session_factory(engine)
    sync = SearchSync(search_index, plugins=pm)
    sync.install(factory)
    try:
        with factory() as session:
            addons_service.set_enabled(session, "boosty", True)
            first = partners_service.create(session, listing("boost-premier"))
            second = partners_service.create(session, listing("boost-second"))
            session.commit()
            assert ranked(search_index) == [f"partner:{first.id}", f"partner:{second.id}"]

            # The add-on's own data changed (a review published): nothing of the
            # partner's row did, so only an explicit request indexes it again.
            factors[f"partner:{second.id}"] = 2.0
            session.commit()
            assert ranked(search_index)[0] == f"partner:{first.id}"
            reindex_after_commit(session, [f"partner:{second.id}"])
            session.commit()
            assert ranked(search_index) == [f"partner:{second.id}", f"partner:{first.id}"]

            # Asked within a transaction that is rolled back: forgotten.
            factors[f"partner:{first.id}"] = 3.0
            session.execute(select(Partner.id))  # (a transaction begins)
            reindex_after_commit(session, [f"partner:{first.id}"])
            session.rollback()
            session.commit()
            assert ranked(search_index)[0] == f"partner:{second.id}"
    finally:
        sync.uninstall(factory)

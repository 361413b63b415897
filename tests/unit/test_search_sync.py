"""The search index follows the database's commits: a commit re-indexes what it changed,
a rollback nothing; of two writers, the index keeps the last committed text; a full
rebuild takes every source and the enabled add-ons' documents."""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import types

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lanta import models
from lanta.addon_api import SearchDocument, hookimpl
from lanta.models import Partner
from lanta.plugins import build_plugin_manager
from lanta.services import partners as partners_service
from lanta.services.search import SearchIndex
from lanta.services.search_sync import PENDING, SearchSync

NOW = dt.datetime(2026, 7, 14, 10, 0, tzinfo=dt.timezone.utc)


def listing(slug: str, name: str, **extra) -> dict:
    return {"slug": slug, "category": "restaurant", "name": {"fr": name, "en": name},
            "summary": {"fr": "Cuisine du terroir", "en": "Local food"}, **extra}


def found(index: SearchIndex, words: str, lang: str = "fr") -> list[str]:
    return [hit.id for hit in index.search(words, lang, now=NOW).hits]


@pytest.fixture
def committed(engine):
    """What a test commits is real (partners with a ``sync-`` slug): deleted at the end."""
    yield
    with Session(engine) as cleanup:
        cleanup.execute(delete(Partner).where(Partner.slug.like("sync-%")))
        cleanup.commit()


@pytest.fixture
def factory(engine, search_index, committed):
    """Sessions on the test database whose commits update ``search_index``."""
    factory = models.get_session_factory(engine)
    sync = SearchSync(search_index)
    sync.install(factory)
    yield factory
    sync.uninstall(factory)


@pytest.fixture
def synced(factory):
    with factory() as session:
        yield session


def test_a_commit_indexes_a_new_partner_in_every_language(synced, search_index):
    partner = partners_service.create(synced, listing("sync-auberge-du-pic", "Auberge du Pic"))
    assert found(search_index, "auberge") == []  # flushed, not committed
    synced.commit()
    assert found(search_index, "auberge") == [f"partner:{partner.id}:fr"]
    hit = search_index.search("auberge", "en", now=NOW).hits[0]
    assert (hit.url, hit.summary, hit.category) == (
        "/en/partners/sync-auberge-du-pic", "Local food", "restaurant")


def test_an_edit_is_found_by_its_new_words_right_after_the_commit(synced, search_index):
    partner = partners_service.create(synced, listing("sync-auberge-du-pic", "Auberge du Pic",
                                                      envies=["food"]))
    synced.commit()
    partners_service.update(partner, {"name": {"fr": "Relais du Col"}, "envies": ["nature"]})
    synced.commit()
    assert found(search_index, "auberge") == []
    assert found(search_index, "relais") == [f"partner:{partner.id}:fr"]
    assert search_index.search("", "fr", now=NOW).facets["tags"] == {"nature": 1}


def test_a_rollback_indexes_nothing_and_forgets_its_changes(synced, search_index):
    partner = partners_service.create(synced, listing("sync-auberge-du-pic", "Auberge du Pic"))
    synced.commit()
    partners_service.update(partner, {"name": {"fr": "Relais du Col"}})
    synced.flush()
    assert synced.info[PENDING] == {f"partner:{partner.id}"}
    synced.rollback()
    assert PENDING not in synced.info
    assert found(search_index, "relais") == []
    assert found(search_index, "auberge") == [f"partner:{partner.id}:fr"]


def test_unpublishing_or_deleting_takes_a_partner_out(synced, search_index):
    kept = partners_service.create(synced, listing("sync-bistrot", "Bistrot du Gave"))
    hidden = partners_service.create(synced, listing("sync-auberge", "Auberge du Gave"))
    gone = partners_service.create(synced, listing("sync-table", "Table du Gave"))
    synced.commit()
    assert len(found(search_index, "gave")) == 3
    partners_service.update(hidden, {"published": False})
    synced.delete(gone)
    synced.commit()
    assert found(search_index, "gave") == [f"partner:{kept.id}:fr"]
    assert search_index.doc_count() == 2  # the kept one, in French and English


def test_a_commit_that_changes_no_partner_touches_no_index(synced, search_index):
    partners_service.create(synced, listing("sync-bistrot", "Bistrot du Gave"))
    synced.commit()
    generation = search_index._current()[0].reader().generation()
    synced.commit()
    assert search_index._current()[0].reader().generation() == generation


def test_an_index_failure_after_a_commit_is_logged_and_the_data_kept(engine, committed,
                                                                     search_index, caplog):
    factory = models.get_session_factory(engine)
    impatient = SearchSync(SearchIndex(search_index.directory, lock_timeout=0.05))
    impatient.install(factory)
    try:
        with factory() as session:
            partner = partners_service.create(session, listing("sync-bistrot", "Bistrot"))
            with search_index.writing(), caplog.at_level(logging.ERROR):
                session.commit()  # the index stays locked: the update cannot happen
    finally:
        impatient.uninstall(factory)
        impatient.index.close()
    with Session(engine) as reader:
        assert reader.get(Partner, partner.id).slug == "sync-bistrot"
        assert "run 'lanta reindex'" in caplog.text and f"partner:{partner.id}" in caplog.text
        assert found(search_index, "bistrot") == []
        SearchSync(search_index).rebuild(reader)
    assert found(search_index, "bistrot") == [f"partner:{partner.id}:fr"]


def tips_addon(**documents: str) -> types.ModuleType:
    module = types.ModuleType("lanta_tips")

    @hookimpl
    def lanta_search_documents(dbsession):
        return [SearchDocument(id=f"tips:{n}:fr", type="tip", title=title, text="",
                               url=f"/fr/tips/{n}") for n, title in documents.items()]

    module.lanta_search_documents = lanta_search_documents
    return module


def test_a_full_rebuild_takes_the_partners_and_the_enabled_addons(dbsession, search_index):
    listed = partners_service.create(dbsession, listing("sync-bistrot", "Bistrot du Gave"))
    partners_service.create(dbsession, listing("sync-brouillon", "Brouillon du Gave",
                                               published=False))
    pm = build_plugin_manager(discover=False, extra={"tips": tips_addon(a="Gave à pied")})
    progress = []
    sync = SearchSync(search_index)
    assert sync.rebuild(dbsession, pm.hooks_for({"tips"}),
                        lambda done, total: progress.append((done, total))) == 3
    assert progress[-1] == (3, 3)
    assert sorted(found(search_index, "gave")) == [f"partner:{listed.id}:fr", "tips:a:fr"]
    # A disabled add-on is skipped: its documents leave at the next rebuild.
    assert sync.rebuild(dbsession, pm.hooks_for(set())) == 2
    assert found(search_index, "gave") == [f"partner:{listed.id}:fr"]


# --- two writers ---------------------------------------------------------------------


@pytest.fixture
def shared_partner(factory):
    """A committed partner, and the factory of sessions that index their commits."""
    with factory() as setup:
        partner_id = partners_service.create(setup, listing("sync-race", "Auberge")).id
        setup.commit()
    return factory, partner_id


def rename(session: Session, partner_id: int, name: str) -> None:
    partners_service.update(session.get(Partner, partner_id), {"name": {"fr": name}})


def committed_name(engine, partner_id: int) -> str:
    with Session(engine) as reader:
        return reader.scalar(select(Partner.name).where(Partner.id == partner_id))["fr"]


def wait_until(condition, threads: list[threading.Thread]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "the writer did not commit"
        time.sleep(0.02)
    assert all(t.is_alive() for t in threads), "a writer indexed while the index was locked"


def committing(factory, partner_id: int, name: str) -> threading.Thread:
    def work():
        with factory() as session:
            rename(session, partner_id, name)
            session.commit()
    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_two_writers_in_turn_the_index_keeps_the_last_committed(engine, shared_partner,
                                                               search_index):
    factory, partner_id = shared_partner
    # Both commits land while the index is locked: the first writer to index then may
    # be the one that committed first. Each re-reads the row once it holds the lock.
    with search_index.writing():
        first = committing(factory, partner_id, "Auberge Alpha")
        wait_until(lambda: committed_name(engine, partner_id) == "Auberge Alpha", [first])
        second = committing(factory, partner_id, "Auberge Bravo")
        wait_until(lambda: committed_name(engine, partner_id) == "Auberge Bravo",
                   [first, second])
    first.join(10)
    second.join(10)
    assert found(search_index, "bravo") == [f"partner:{partner_id}:fr"]
    assert found(search_index, "alpha") == []


def test_a_writer_that_waited_for_the_index_writes_what_is_committed_by_then(
        engine, shared_partner, search_index):
    factory, partner_id = shared_partner
    with search_index.writing():
        waiting = committing(factory, partner_id, "Auberge Alpha")
        wait_until(lambda: committed_name(engine, partner_id) == "Auberge Alpha", [waiting])
        # Another writer commits meanwhile, through a session the index does not follow.
        with Session(engine) as other:
            rename(other, partner_id, "Auberge Bravo")
            other.commit()
    waiting.join(10)
    assert found(search_index, "bravo") == [f"partner:{partner_id}:fr"]
    assert found(search_index, "alpha") == []


@pytest.mark.concurrent_writers
def test_two_writers_racing_on_one_partner_the_index_keeps_the_last_committed(
        engine, db_backend, shared_partner, search_index, run_blocked_by):
    factory, partner_id = shared_partner
    first = factory()
    try:
        with search_index.writing():
            rename(first, partner_id, "Auberge Alpha")
            first.flush()  # holds the row: the second writer waits for the first's commit
            second = run_blocked_by(first, lambda: _commit_rename(factory, partner_id,
                                                                  "Auberge Bravo"))
            committer = threading.Thread(target=first.commit)
            committer.start()
            wait_until(lambda: committed_name(engine, partner_id) == "Auberge Bravo",
                       [committer, second])
        committer.join(10)
        second.join(10)
    finally:
        first.close()
    assert found(search_index, "bravo") == [f"partner:{partner_id}:fr"]
    assert found(search_index, "alpha") == []


def _commit_rename(factory, partner_id: int, name: str) -> None:
    with factory() as session:
        rename(session, partner_id, name)
        session.commit()


@pytest.fixture
def content_cleanup(engine):
    from lanta.models import ContentItem

    yield
    with Session(engine) as cleanup:
        cleanup.execute(delete(ContentItem).where(ContentItem.slug.like("sync-%")))
        cleanup.commit()


def test_a_savepoint_is_not_a_commit_and_a_deleted_folder_takes_its_pages(
        factory, search_index, content_cleanup):
    from lanta.services import content

    def publish(session, slug, title, parent=None, kind="page"):
        item = content.create(session, language="fr", parent=parent, type=kind, slug=slug,
                              texts=content.Texts(title), author=None)
        content.transition(session, item, "publish", can_review=True)
        return item

    with factory() as session:
        with session.begin_nested():  # released here: still nothing committed
            folder = publish(session, "sync-archives", "Archives", kind="folder")
            publish(session, "sync-vieux", "Vieilles affiches", parent=folder)
        assert found(search_index, "affiches") == []
        session.commit()
    assert found(search_index, "affiches") != []
    with factory() as session:
        content.delete(session, session.get(type(folder), folder.id))
        session.commit()
    assert found(search_index, "affiches") == [] and found(search_index, "archives") == []

"""A request's session commits and aborts with its transaction manager (pyramid_tm's),
while other sessions of the same factory (commands, worker threads) commit themselves."""
from __future__ import annotations

import pytest
import transaction
from sqlalchemy import delete, select

from lanta import models
from lanta.models import SiteSetting

KEY = "test.request_sessions"


@pytest.fixture
def factory(engine):
    factory = models.get_session_factory(engine)
    yield factory
    with factory() as cleanup:
        cleanup.execute(delete(SiteSetting).where(SiteSetting.key == KEY))
        cleanup.commit()


def stored(factory):
    with factory() as dbsession:
        return dbsession.scalar(select(SiteSetting.value).where(SiteSetting.key == KEY))


def test_a_request_session_commits_with_its_manager(factory):
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    dbsession = models.get_tm_session(factory, manager)
    dbsession.add(SiteSetting(key=KEY, value="committed", revision=1))
    dbsession.flush()
    manager.commit()
    assert stored(factory) == "committed"


def test_a_request_session_aborted_by_its_manager_leaves_nothing(factory):
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    dbsession = models.get_tm_session(factory, manager)
    dbsession.add(SiteSetting(key=KEY, value="aborted", revision=1))
    dbsession.flush()
    manager.abort()
    assert stored(factory) is None


def test_a_request_session_refuses_a_commit_of_its_own(factory):
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    dbsession = models.get_tm_session(factory, manager)
    dbsession.add(SiteSetting(key=KEY, value="bypassed", revision=1))
    with pytest.raises(AssertionError, match="transaction manager"):
        dbsession.commit()
    manager.abort()
    assert stored(factory) is None


def test_two_requests_each_keep_to_their_own_manager(factory):
    first, second = (transaction.TransactionManager(explicit=True) for _ in range(2))
    first.begin()
    second.begin()
    kept = models.get_tm_session(factory, first)
    dropped = models.get_tm_session(factory, second)
    dropped.add(SiteSetting(key=KEY + ".dropped", value=1, revision=1))
    dropped.flush()
    second.abort()
    kept.add(SiteSetting(key=KEY, value="first", revision=1))
    kept.flush()
    first.commit()
    assert stored(factory) == "first"
    with factory() as check:
        assert check.get(SiteSetting, KEY + ".dropped") is None


def test_a_session_without_a_manager_commits_itself(factory):
    with factory() as dbsession:
        dbsession.add(SiteSetting(key=KEY, value="by itself", revision=1))
        dbsession.commit()
    assert stored(factory) == "by itself"

"""Work waiting for the end of a session's transaction (files written or deleted for
rows) runs once, on the outcome it was registered for, and never at a savepoint."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from lanta import models
from lanta.services.transaction_end import when_transaction_ends


@pytest.fixture
def session(tmp_path):
    engine = models.get_engine(f"sqlite:///{tmp_path / 'ends.sqlite'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    session = models.get_session_factory(engine)()
    yield session
    session.close()
    engine.dispose()


def test_a_commit_runs_the_committed_actions_once(session):
    seen = []
    session.execute(text("INSERT INTO t VALUES (1)"))
    when_transaction_ends(session, committed=lambda: seen.append("kept"),
                          rolled_back=lambda: seen.append("undone"))
    session.commit()
    session.execute(text("INSERT INTO t VALUES (2)"))
    session.commit()
    assert seen == ["kept"]


def test_a_rollback_runs_the_rolled_back_actions(session):
    seen = []
    session.execute(text("INSERT INTO t VALUES (1)"))
    when_transaction_ends(session, committed=lambda: seen.append("kept"),
                          rolled_back=lambda: seen.append("undone"))
    session.rollback()
    assert seen == ["undone"]


def test_a_savepoint_is_not_the_end(session):
    seen = []
    session.execute(text("INSERT INTO t VALUES (1)"))
    with session.begin_nested():
        session.execute(text("INSERT INTO t VALUES (2)"))
        when_transaction_ends(session, committed=lambda: seen.append("kept"))
    assert seen == []
    session.commit()
    assert seen == ["kept"]


def test_one_failing_action_does_not_stop_the_others(session, caplog):
    seen = []

    def fails():
        raise OSError("disk gone")

    when_transaction_ends(session, committed=fails)
    when_transaction_ends(session, committed=lambda: seen.append("kept"))
    session.commit()
    assert seen == ["kept"]
    assert "disk gone" in caplog.text

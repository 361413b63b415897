"""SQLite lets one writer in at a time. A transaction that reads, then writes after
another writer committed, fails at once ("database is locked"); one begun with the intent
to write (``models.writing``) waits its turn instead and reads the other's commit. The
writers of one engine wait on a lock of the process, so each starts as soon as the one
before it ends (SQLite's busy handler would poll with sleeps of up to 100 ms)."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from lanta import models


@pytest.fixture
def engine(tmp_path):
    engine = models.get_engine(f"sqlite:///{tmp_path / 'counter.sqlite'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (n INTEGER)"))
        connection.execute(text("INSERT INTO counter VALUES (0)"))
    yield engine
    engine.dispose()


def add_one_slowly(engine, intent: bool, errors: list) -> None:
    """Read the counter, wait, write it back plus one: a read-modify-write."""
    try:
        if intent:
            with models.writing():
                _read_then_write(engine)
        else:
            _read_then_write(engine)
    except OperationalError as exc:
        errors.append(exc)


def _read_then_write(engine) -> None:
    with engine.begin() as connection:
        value = connection.execute(text("SELECT n FROM counter")).scalar_one()
        time.sleep(0.2)
        connection.execute(text("UPDATE counter SET n = :n"), {"n": value + 1})


def race(engine, intent: bool) -> tuple[int, list]:
    errors: list = []
    threads = [threading.Thread(target=add_one_slowly, args=(engine, intent, errors))
               for _ in range(2)]
    threads[0].start()
    time.sleep(0.05)  # the second reads while the first still holds its transaction
    threads[1].start()
    for thread in threads:
        thread.join()
    with engine.connect() as connection:
        return connection.execute(text("SELECT n FROM counter")).scalar_one(), errors


def test_writers_that_say_so_wait_their_turn_and_lose_no_update(engine):
    assert race(engine, intent=True) == (2, [])


def test_without_the_intent_the_second_writer_fails_at_once(engine):
    value, errors = race(engine, intent=False)
    assert value == 1
    assert len(errors) == 1 and "locked" in str(errors[0])


@pytest.mark.parametrize(("method", "intended"), [("GET", False), ("HEAD", False),
                                                  ("POST", True), ("DELETE", True)])
def test_unsafe_requests_begin_with_the_intent_to_write(method, intended):
    from pyramid.testing import DummyRequest

    from lanta.write_intent import write_intent_tween_factory

    seen = []
    tween = write_intent_tween_factory(lambda request: seen.append(models.write_intended()),
                                       None)
    tween(DummyRequest(method=method))
    assert seen == [intended] and models.write_intended() is False


# --- the writers of one process queue on a lock, not in SQLite's busy handler ---------


def write_once(engine, value: int) -> None:
    with models.writing():
        with engine.begin() as connection:
            connection.execute(text("UPDATE counter SET n = n + :v"), {"v": value})


def test_the_writers_lock_is_held_for_the_transaction_and_given_back_at_its_end(engine):
    writers = engine.lanta_sqlite_writers
    with models.writing():
        with engine.begin() as connection:
            connection.execute(text("UPDATE counter SET n = 5"))
            assert writers.locked()
    assert not writers.locked()
    session = models.get_session_factory(engine)()
    with models.writing():
        session.execute(text("UPDATE counter SET n = 6"))
        assert writers.locked()
        session.rollback()
    assert not writers.locked()
    with models.writing():
        session.execute(text("UPDATE counter SET n = 7"))
        session.close()  # given back to the pool unfinished: rolled back, lock freed
    assert not writers.locked()
    with pytest.raises(OperationalError):
        with models.writing():
            with engine.begin() as connection:
                connection.execute(text("UPDATE nowhere SET n = 1"))
    assert not writers.locked()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM counter")).scalar_one() == 5


def test_readers_never_take_the_writers_lock(engine):
    with engine.begin() as connection:
        connection.execute(text("SELECT n FROM counter")).scalar_one()
        assert not engine.lanta_sqlite_writers.locked()


def test_a_second_writer_waits_on_the_lock_then_goes_on_when_the_first_commits(engine):
    began = threading.Event()
    second = threading.Thread(target=lambda: (began.set(), write_once(engine, 10)))
    with models.writing():
        with engine.begin() as connection:
            connection.execute(text("UPDATE counter SET n = n + 1"))
            second.start()
            began.wait()
            second.join(0.3)
            # Still waiting behind this transaction, and not inside SQLite's lock.
            assert second.is_alive()
    second.join(5)
    assert not second.is_alive()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM counter")).scalar_one() == 11


def test_many_writers_at_once_all_write(engine):
    threads = [threading.Thread(target=write_once, args=(engine, 1)) for _ in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM counter")).scalar_one() == 24
    assert not engine.lanta_sqlite_writers.locked()


def test_a_writer_of_another_engine_still_waits_in_sqlite(engine):
    """Another process has its own lock: SQLite's busy timeout serves between them."""
    other = models.get_engine(str(engine.url))
    try:
        thread = threading.Thread(target=write_once, args=(other, 100))
        with models.writing():
            with engine.begin() as connection:
                connection.execute(text("UPDATE counter SET n = n + 1"))
                thread.start()
                thread.join(0.2)
                # It holds its own engine's lock and waits in SQLite's busy handler.
                assert thread.is_alive() and other.lanta_sqlite_writers.locked()
        thread.join(5)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT n FROM counter")).scalar_one() == 101
    finally:
        other.dispose()


def test_a_connection_writing_twice_keeps_its_place_until_it_goes_back(engine):
    """Given back with the connection, after its COMMIT: never before it."""
    writers = engine.lanta_sqlite_writers
    connection = engine.connect()
    with models.writing():
        for value in (1, 2):
            connection.begin()
            connection.execute(text("UPDATE counter SET n = n + :v"), {"v": value})
            connection.commit()
            assert writers.locked()
    connection.close()
    assert not writers.locked()
    with engine.connect() as reader:
        assert reader.execute(text("SELECT n FROM counter")).scalar_one() == 3

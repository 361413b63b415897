"""SQLite lets one writer in at a time. A transaction that reads, then writes after
another writer committed, fails at once ("database is locked"); one begun with the intent
to write (``models.writing``) waits its turn instead and reads the other's commit."""
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

"""Helpers for the tests that race two PostgreSQL writers."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

BLOCKED_BY = text("SELECT count(*) FROM pg_locks WHERE NOT granted "
                  "AND :pid = ANY(pg_blocking_pids(pid))")


@pytest.fixture
def run_blocked_by(engine):
    """Start ``work`` in a thread and return once it waits on a lock held by ``holder``
    (or has finished, which the test's assertions then catch): the race is then certain
    to happen, not left to the scheduler."""
    def start(holder: Session, work) -> threading.Thread:
        holder_pid = holder.scalar(text("SELECT pg_backend_pid()"))
        thread = threading.Thread(target=work)
        thread.start()
        with engine.connect() as probe:
            while thread.is_alive() and not probe.scalar(BLOCKED_BY, {"pid": holder_pid}):
                probe.rollback()
                thread.join(0.05)
        return thread
    return start

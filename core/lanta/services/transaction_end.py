"""Work that must wait for the end of a session's transaction: files above all.

A file written for a row must go if the row's transaction is rolled back, and a file
whose row is deleted may go only once the deletion has committed (a rolled-back change
must find its files again). The database says how the transaction ended; the disk does
not take part in it, so the caller registers what to do in either case.

SQLAlchemy's session events serve every caller alike: the command line and add-ons'
hooks commit a plain session, and a web request's session is joined to ``transaction``
by zope.sqlalchemy, which commits or rolls back the session too. Savepoints do not count:
only the end of the outer transaction runs the actions.
"""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

PENDING = "lanta.transaction_end"


def when_transaction_ends(dbsession: Session, *,
                          committed: Callable[[], None] | None = None,
                          rolled_back: Callable[[], None] | None = None) -> None:
    """Run ``committed`` once the session's current transaction has committed, or
    ``rolled_back`` once it has been rolled back."""
    pending = dbsession.info.get(PENDING)
    if pending is None:
        # Listeners cannot be removed while they run: one pair per session, for good.
        pending = dbsession.info[PENDING] = {"actions": [], "committed": False}
        event.listen(dbsession, "after_commit", _note_commit)
        event.listen(dbsession, "after_transaction_end", _run_pending)
    pending["actions"].append((committed, rolled_back))


def _note_commit(dbsession: Session) -> None:
    if not dbsession.in_nested_transaction():  # a savepoint's commit is not the end
        dbsession.info[PENDING]["committed"] = True


def _run_pending(dbsession: Session, ended) -> None:
    if ended.parent is not None:
        return  # a savepoint, or a transaction within: the outer one goes on
    pending = dbsession.info[PENDING]
    actions, was_committed = pending["actions"], pending["committed"]
    pending["actions"], pending["committed"] = [], False
    for committed, rolled_back in actions:
        action = committed if was_committed else rolled_back
        if action is None:
            continue
        try:
            action()
        except Exception:  # the transaction is over: tell, and let the others run
            log.exception("an action after the end of a transaction failed")

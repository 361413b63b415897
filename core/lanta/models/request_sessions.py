"""Sessions joined to the transaction manager of a request (pyramid_tm commits or aborts
them) through zope.sqlalchemy.

``zope.sqlalchemy.register(session)`` sets up seven event listeners on every new session,
which at each request costs more than some of its queries. Here one set of listeners is
set up on the session factory, once; each passes its event on to zope.sqlalchemy's own
handlers kept in the session's ``info``, and does nothing for a session without them
(those of commands and worker threads, which commit themselves).
"""
from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker
from zope.sqlalchemy.datamanager import ZopeTransactionEvents

_HANDLERS = "lanta.zope_transaction_events"

# The events zope.sqlalchemy.register listens to, each with how to find its session.
_EVENTS: dict[str, Callable[..., Session]] = {
    "after_begin": lambda session, *_rest: session,
    "after_attach": lambda session, *_rest: session,
    "after_flush": lambda session, *_rest: session,
    "after_bulk_update": lambda context: context.session,
    "after_bulk_delete": lambda context: context.session,
    "before_commit": lambda session: session,
    "do_orm_execute": lambda state: state.session,
}


def _passing_on(name: str, session_of: Callable[..., Session]) -> Callable[..., None]:
    def listener(*args: Any) -> None:
        handlers = session_of(*args).info.get(_HANDLERS)
        if handlers is not None:
            getattr(handlers, name)(*args)
    return listener


def listen_for_request_sessions(session_factory: sessionmaker[Session]) -> None:
    """Set up, once per factory, what :func:`request_session` relies on."""
    for name, session_of in _EVENTS.items():
        event.listen(session_factory, name, _passing_on(name, session_of))


def request_session(session_factory: sessionmaker[Session], transaction_manager: Any,
                    request: Any = None) -> Session:
    """A session of ``session_factory`` (prepared by :func:`listen_for_request_sessions`)
    joined to ``transaction_manager``."""
    handlers = ZopeTransactionEvents(transaction_manager=transaction_manager)
    return session_factory(info={"request": request, _HANDLERS: handlers})

"""One counter that every commit changing the site's data increases: the anonymous page
cache of every server process compares it to decide that a stored page is still fresh
(see :mod:`lanta.page_cache`).

The increase is made by session events on every SQLAlchemy session (web requests, the
command line, add-ons), inside the committing transaction itself: the new data and the new
generation become visible together. Rows that never show on a visitor page (failed logins,
reset tokens, what add-ons name with :func:`never_on_visitor_pages`) do not count. Statements that bypass the ORM (bulk ``UPDATE``) call
:func:`mark_changed`.
"""
from __future__ import annotations

from sqlalchemy import Integer, event, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .meta import Base
from .user import LoginAttempt, PasswordResetToken

CHANGED = "lanta.cache_generation.changed"
_unseen_models: tuple[type, ...] = (LoginAttempt, PasswordResetToken)


def never_on_visitor_pages(*models: type) -> None:
    """Changes to rows of ``models`` leave the anonymous page cache as it is: for an
    add-on's busy rows that no cached page shows (chat messages, terminal scans), whose
    every commit would otherwise make all processes render every page afresh."""
    global _unseen_models
    _unseen_models = tuple(dict.fromkeys((*_unseen_models, *models)))


class CacheGeneration(Base):
    __tablename__ = "cache_generation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


def mark_changed(session: Session) -> None:
    """Count ``session``'s transaction as changing what visitors may see."""
    session.info[CHANGED] = True


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _flush_context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, _unseen_models):
            session.info[CHANGED] = True
            return


@event.listens_for(Session, "before_commit")
def _increase(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the counter moves with the real commit only
    # before_commit comes before the commit's own flush: flush now to see its changes.
    session.flush()
    if session.info.pop(CHANGED, False):
        session.execute(update(CacheGeneration).where(CacheGeneration.id == 1)
                        .values(value=CacheGeneration.value + 1))


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous) -> None:
    # A savepoint rolled back leaves the changes made before it: only the whole
    # transaction's rollback forgets them.
    if previous.parent is None:
        session.info.pop(CHANGED, None)

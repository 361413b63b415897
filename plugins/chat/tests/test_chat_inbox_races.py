"""Two staff members acting on one conversation at once, from two server processes
(PostgreSQL): one wins, the other is told; no event is written twice."""
from __future__ import annotations

import secrets

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lanta.models import User
from lanta.services import users as users_service
from lanta.services.errors import Conflict
from lanta_chat.models import Conversation, Message
from lanta_chat.services import inbox, messages


@pytest.fixture
def committed(engine):
    """Two committed staff accounts and a waiting conversation, deleted afterwards."""
    with Session(engine) as setup:
        members = [users_service.create(setup, f"chat-{secrets.token_hex(4)}@example.org",
                                        "a-long-password-1", "staff") for _ in range(2)]
        conversation = messages.start(setup, token=messages.new_token())
        messages.add_message(setup, conversation.id, kind="visitor", body="Bonjour")
        setup.commit()
        ids = {"a": members[0].id, "b": members[1].id, "conversation": conversation.id}
    yield ids
    with Session(engine) as cleanup:
        cleanup.execute(delete(Conversation).where(Conversation.id == ids["conversation"]))
        cleanup.execute(delete(User).where(User.id.in_([ids["a"], ids["b"]])))
        cleanup.commit()


def other_session(engine, outcome: list, work):
    def run() -> None:
        with Session(engine) as other:
            try:
                outcome.append(work(other))
                other.commit()
            except Conflict as exc:
                outcome.append(exc)
                other.rollback()
    return run


@pytest.mark.concurrent_writers
def test_two_members_taking_at_once_one_wins(engine, db_backend, run_blocked_by,
                                            committed):
    conversation_id, outcome = committed["conversation"], []
    second = other_session(engine, outcome, lambda other: inbox.take(
        other, conversation_id, committed["b"]))
    first = Session(engine)
    try:
        inbox.take(first, conversation_id, committed["a"])
        thread = run_blocked_by(first, second)  # waits on the conversation's lock
        first.commit()
        thread.join()
        assert isinstance(outcome[0], Conflict)
        with Session(engine) as check:
            assert check.get(Conversation, conversation_id).assignee_id == committed["a"]
            assert list(check.scalars(select(Message.body).where(
                Message.conversation_id == conversation_id, Message.kind == "event"))) == [
                f"taken:{committed['a']}"]
    finally:
        first.close()


@pytest.mark.concurrent_writers
def test_closing_twice_at_once_writes_one_event(engine, db_backend, run_blocked_by,
                                                committed):
    conversation_id, outcome = committed["conversation"], []
    second = other_session(engine, outcome, lambda other: inbox.close(
        other, conversation_id, committed["b"]))
    first = Session(engine)
    try:
        inbox.close(first, conversation_id, committed["a"])
        thread = run_blocked_by(first, second)
        first.commit()
        thread.join()
        with Session(engine) as check:
            assert check.get(Conversation, conversation_id).state == "closed"
            assert list(check.scalars(select(Message.body).where(
                Message.conversation_id == conversation_id, Message.kind == "event"))) == [
                f"closed:{committed['a']}"]
    finally:
        first.close()

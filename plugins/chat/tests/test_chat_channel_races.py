"""A channel's message that arrives while a staff member closes the sender's
conversation (PostgreSQL, two sessions): it is never lost, it opens a new conversation;
a redelivery after the close is stored once."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lanta_chat.models import Conversation, Message
from lanta_chat.services import messages

SENDER = "psid-race-close"


@pytest.fixture
def open_conversation(engine):
    with Session(engine) as setup:
        conversation, _message, _new = messages.receive(
            setup, channel="messenger", external_id=SENDER, body="Bonjour", client_id="m.1")
        setup.commit()
        conversation_id = conversation.id
    yield conversation_id
    with Session(engine) as cleanup:
        cleanup.execute(delete(Conversation).where(Conversation.external_id == SENDER))
        cleanup.commit()


@pytest.mark.concurrent_writers
def test_a_message_arriving_while_its_conversation_closes_opens_a_new_one(
        engine, run_blocked_by, open_conversation):
    stored = []

    def deliver() -> None:
        with Session(engine) as webhook:
            conversation, message, new = messages.receive(
                webhook, channel="messenger", external_id=SENDER, body="Encore moi",
                client_id="m.2")
            webhook.commit()
            stored.append((conversation.id, message.seq, new))

    with Session(engine) as staff:
        closing = messages.lock(staff, open_conversation)  # the staff's close holds it
        thread = run_blocked_by(staff, deliver)
        closing.state = "closed"
        staff.commit()
    thread.join(10)
    [(conversation_id, seq, new)] = stored
    assert conversation_id != open_conversation and (seq, new) == (1, True)
    # Meta sends the same message again: it is not stored a second time.
    with Session(engine) as webhook:
        _c, message, new = messages.receive(webhook, channel="messenger",
                                            external_id=SENDER, body="Bonjour",
                                            client_id="m.1")
        assert (message.conversation_id, new) == (open_conversation, False)
        assert webhook.scalar(select(func.count()).select_from(Message).where(
            Message.client_id == "m.1")) == 1

"""Messages are numbered in order within their conversation and stored once."""
from __future__ import annotations

import pytest

from lanta.services.errors import Conflict, InvalidField
from lanta_chat.services import messages


def test_messages_are_numbered_and_a_retry_is_stored_once(dbsession):
    conversation = messages.start(dbsession, token=messages.new_token())
    first, new = messages.add_message(dbsession, conversation.id, kind="visitor",
                                      body=" Bonjour ", client_id="a1")
    again, new_again = messages.add_message(dbsession, conversation.id, kind="visitor",
                                            body="Bonjour", client_id="a1")
    reply, _ = messages.add_message(dbsession, conversation.id, kind="staff", body="Oui ?")
    note, _ = messages.add_message(dbsession, conversation.id, kind="note", body="interne")
    assert (first.seq, new, again.id, new_again) == (1, True, first.id, False)
    assert first.body == "Bonjour"
    assert conversation.last_seq == 3 and conversation.last_visitor_seq == 1
    assert conversation.first_response_at == reply.created_at
    visible = messages.messages_after(dbsession, conversation.id, 0)
    assert [m.seq for m in visible] == [1, 2]
    assert [m.seq for m in messages.messages_after(dbsession, conversation.id, 1,
                                                    staff=True)] == [2, 3]
    assert note.kind == "note"


def test_a_closed_conversation_refuses_messages_and_empty_ones_are_refused(dbsession):
    conversation = messages.start(dbsession)
    with pytest.raises(InvalidField):
        messages.add_message(dbsession, conversation.id, kind="visitor", body="   ")
    conversation.state = "closed"
    with pytest.raises(Conflict):
        messages.add_message(dbsession, conversation.id, kind="visitor", body="Allô")


def test_a_channel_sender_keeps_one_open_conversation(dbsession):
    first, m1, _ = messages.receive(dbsession, channel="messenger", external_id="psid-1",
                                    body="Bonjour", client_id="mid.1")
    same, m2, _ = messages.receive(dbsession, channel="messenger", external_id="psid-1",
                                   body="Vous êtes là ?", client_id="mid.2")
    again, m3, new = messages.receive(dbsession, channel="messenger", external_id="psid-1",
                                      body="Vous êtes là ?", client_id="mid.2")
    assert first.id == same.id == again.id and (m2.id, new) == (m3.id, False)
    first.state = "closed"
    dbsession.flush()
    later, _, _ = messages.receive(dbsession, channel="messenger", external_id="psid-1",
                                   body="Encore moi", client_id="mid.3")
    assert later.id != first.id

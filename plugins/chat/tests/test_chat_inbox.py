"""The staff inbox's rules: taking, passing on, closing, replying, notes, the "new"
marker (the services), and the counts for the dashboard."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.services import users as users_service
from lanta.services.errors import Conflict, InvalidField
from lanta.testing import TEST_PASSWORD
from lanta_chat.models import Message, utcnow
from lanta_chat.services import inbox, messages


def visitor_writes(dbsession, body="Bonjour, où se garer ?", **start):
    conversation = messages.start(dbsession, token=messages.new_token(), **start)
    messages.add_message(dbsession, conversation.id, kind="visitor", body=body)
    return conversation


def events(dbsession, conversation) -> list[str]:
    return [m.body for m in messages.messages_after(dbsession, conversation.id, 0,
                                                    staff=True) if m.kind == "event"]


def test_take_opens_a_waiting_conversation_and_refuses_a_second_taker(dbsession, users):
    conversation = visitor_writes(dbsession)
    staff, admin = users["staff"].id, users["admin"].id
    inbox.take(dbsession, conversation.id, staff)
    assert (conversation.state, conversation.assignee_id) == ("open", staff)
    inbox.take(dbsession, conversation.id, staff)  # one's own again: nothing more
    with pytest.raises(Conflict):
        inbox.take(dbsession, conversation.id, admin)
    assert conversation.assignee_id == staff
    assert events(dbsession, conversation) == [f"taken:{staff}"]


def test_transfer_goes_only_to_an_active_member_who_answers(dbsession, users):
    conversation = visitor_writes(dbsession)
    staff, admin = users["staff"].id, users["admin"].id
    inbox.take(dbsession, conversation.id, staff)
    for refused in (users["editor"].id, users["partner"].id, 999999, None, staff):
        with pytest.raises(InvalidField):
            inbox.transfer(dbsession, conversation.id, refused, staff)
    retired = users_service.create(dbsession, "former@example.org", TEST_PASSWORD, "staff")
    retired.active = False
    with pytest.raises(InvalidField):
        inbox.transfer(dbsession, conversation.id, retired.id, staff)
    inbox.transfer(dbsession, conversation.id, admin, staff)
    assert conversation.assignee_id == admin
    # Held by the admin now: passing it to herself would be taking it.
    with pytest.raises(Conflict):
        inbox.transfer(dbsession, conversation.id, staff, staff)
    assert conversation.assignee_id == admin
    assert events(dbsession, conversation) == [f"taken:{staff}",
                                               f"transferred:{staff}:{admin}"]
    assert inbox.parse_event(f"transferred:{staff}:{admin}") == inbox.Event(
        "transferred", (staff, admin))


def test_close_is_idempotent_and_refuses_replies_and_takers(dbsession, users):
    conversation = visitor_writes(dbsession)
    staff = users["staff"].id
    inbox.close(dbsession, conversation.id, staff)
    closed_at = conversation.closed_at
    inbox.close(dbsession, conversation.id, staff)
    assert conversation.state == "closed" and conversation.closed_at == closed_at
    assert events(dbsession, conversation) == [f"closed:{staff}"]
    for change in (lambda: inbox.take(dbsession, conversation.id, staff),
                   lambda: inbox.reply(dbsession, conversation.id, staff, "Encore là ?"),
                   lambda: inbox.transfer(dbsession, conversation.id, users["admin"].id,
                                          staff)):
        with pytest.raises(Conflict):
            change()
    # The team may still write down what happened.
    assert inbox.note(dbsession, conversation.id, staff, "Rappeler demain").kind == "note"


def test_a_reply_takes_a_waiting_conversation_and_sets_the_first_response(dbsession,
                                                                        users):
    conversation = visitor_writes(dbsession)
    staff = users["staff"].id
    with pytest.raises(InvalidField):
        inbox.reply(dbsession, conversation.id, staff, "   ")
    assert conversation.state == "waiting" and events(dbsession, conversation) == []
    reply = inbox.reply(dbsession, conversation.id, staff, "Parking place du marché.",
                        "c-1")
    again = inbox.reply(dbsession, conversation.id, staff, "Parking place du marché.",
                        "c-1")
    assert again.id == reply.id
    assert (conversation.state, conversation.assignee_id) == ("open", staff)
    assert conversation.first_response_at == reply.created_at
    later = inbox.reply(dbsession, conversation.id, users["admin"].id, "Et gratuit.")
    assert reply.created_at is not None
    assert conversation.first_response_at == reply.created_at  # the first reply's
    assert conversation.assignee_id == staff and later.kind == "staff"


def test_notes_and_events_never_reach_the_visitor(dbsession, users):
    conversation = visitor_writes(dbsession)
    staff = users["staff"].id
    inbox.take(dbsession, conversation.id, staff)
    inbox.note(dbsession, conversation.id, staff, "Client régulier")
    inbox.reply(dbsession, conversation.id, staff, "Bonjour !")
    inbox.close(dbsession, conversation.id, staff)
    seen = messages.messages_after(dbsession, conversation.id, 0, staff=False)
    assert [m.kind for m in seen] == ["visitor", "staff"]
    every = messages.messages_after(dbsession, conversation.id, 0, staff=True)
    assert [m.kind for m in every] == ["visitor", "event", "note", "staff", "event"]


def test_unread_marker_follows_the_assignee_reading(dbsession, users):
    conversation = visitor_writes(dbsession)
    staff, admin = users["staff"].id, users["admin"].id
    assert inbox.is_unread(conversation)
    inbox.take(dbsession, conversation.id, staff)
    assert inbox.mark_read(conversation, admin) is False  # not theirs: still new
    assert inbox.is_unread(conversation)
    assert inbox.mark_read(conversation, staff) is True
    assert not inbox.is_unread(conversation)
    assert inbox.mark_read(conversation, staff) is False  # nothing more to write
    messages.add_message(dbsession, conversation.id, kind="visitor", body="Merci")
    assert inbox.is_unread(conversation)


def test_counts_and_lists(dbsession, users):
    staff, admin = users["staff"].id, users["admin"].id
    first, second, third = (visitor_writes(dbsession) for _ in range(3))
    inbox.take(dbsession, second.id, staff)
    inbox.take(dbsession, third.id, admin)
    inbox.mark_read(third, admin)
    found = inbox.counts(dbsession, staff)
    assert (found.waiting, found.open, found.mine, found.unread) == (1, 2, 1, 2)
    assert [c.id for c in inbox.listing(dbsession, "waiting")] == [first.id]
    assert [c.id for c in inbox.listing(dbsession, "open", assignee_id=staff)] == [second.id]
    inbox.close(dbsession, first.id, staff, now=utcnow() - dt.timedelta(minutes=5))
    inbox.close(dbsession, second.id, staff, now=utcnow())
    assert [c.id for c in inbox.listing(dbsession, "closed")][:2] == [second.id, first.id]
    assert inbox.count_closed(dbsession) >= 2
    assert dbsession.query(Message).filter_by(conversation_id=first.id).count() == 2

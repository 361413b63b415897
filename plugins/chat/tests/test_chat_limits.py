"""The widget's rate limits hold: the message past the limit is refused with 429 and
Retry-After, and nothing of it is stored."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lanta_chat.models import Conversation, Message, utcnow
from lanta_chat.services import hours, presence, visitor
from lanta_chat.services.limits import Limits, RateLimited, address_hash

ALWAYS = {day: [["00:00", "24:00"]] for day in hours.DAY_KEYS}


@pytest.fixture(autouse=True)
def office_online(dbsession, users, chat_on, testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"
    hours.save(dbsession, ALWAYS)
    presence.heartbeat(dbsession, users["staff"].id)


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


def start(testapp, n: int, status: int = 201):
    return testapp.post_json("/api/v1/chat/conversations", {
        "message": f"Question {n}", "client_id": f"start-{n}", "language": "fr"},
        status=status)


def test_the_message_past_the_minute_limit_is_refused_and_not_stored(testapp, dbsession):
    token = start(testapp, 0).json["token"]
    headers = {"X-Chat-Token": token}
    for n in range(11):  # the first message and these: 12 in the minute
        testapp.post_json("/api/v1/chat/messages", {"body": f"m{n}", "client_id": f"m{n}"},
                          headers=headers, status=201)
    refused = testapp.post_json("/api/v1/chat/messages", {"body": "one more",
                                                          "client_id": "m-over"},
                                headers=headers, status=429)
    assert refused.content_type == "application/problem+json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "wait" in refused.json["detail"]
    assert count(dbsession, Message) == 12
    # A retry of a message already stored is not a new message: still answered.
    testapp.post_json("/api/v1/chat/messages", {"body": "m3", "client_id": "m3"},
                      headers=headers, status=200)


def test_the_hour_limit_counts_messages_older_than_a_minute(dbsession):
    limits = Limits(messages_per_minute=100, messages_per_hour=3)
    earlier = utcnow() - dt.timedelta(minutes=30)
    started = visitor.start(dbsession, message="a", client_id="1", language="fr",
                            now=earlier, limits=limits)
    conversation = started.conversation
    visitor.write(dbsession, conversation, body="b", client_id="2", now=earlier,
                  limits=limits)
    visitor.write(dbsession, conversation, body="c", client_id="3", limits=limits)
    with pytest.raises(RateLimited) as refused:
        visitor.write(dbsession, conversation, body="d", client_id="4", limits=limits)
    assert 29 * 60 <= refused.value.retry_after <= 30 * 60 + 1
    assert conversation.last_seq == 3 and count(dbsession, Message) == 3


def test_an_address_starts_twenty_conversations_an_hour(testapp, dbsession, app):
    for n in range(20):
        start(testapp, n)
    refused = start(testapp, 20, status=429)
    assert int(refused.headers["Retry-After"]) > 60
    assert count(dbsession, Conversation) == 20 and count(dbsession, Message) == 20
    # Another address is not held back by this one.
    testapp.extra_environ["REMOTE_ADDR"] = "192.0.2.7"
    start(testapp, 21)
    secret = app.registry.lanta_settings.secret
    hashes = set(dbsession.scalars(select(Conversation.ip_hash)))
    assert hashes == {address_hash("127.0.0.1", secret), address_hash("192.0.2.7", secret)}


def test_too_many_waiting_conversations_refuse_new_ones(dbsession):
    limits = Limits(waiting_at_once=2)
    for n in range(2):
        visitor.start(dbsession, message="hi", client_id="c", language="fr",
                      ip_hash=f"address-{n}", limits=limits)
    with pytest.raises(RateLimited) as refused:
        visitor.start(dbsession, message="hi", client_id="c", language="fr",
                      ip_hash="address-9", limits=limits)
    assert refused.value.retry_after > 0
    assert count(dbsession, Conversation) == 2
    # A closed one no longer waits.
    dbsession.scalars(select(Conversation)).first().state = "closed"
    dbsession.flush()
    visitor.start(dbsession, message="hi", client_id="c", language="fr",
                  ip_hash="address-9", limits=limits)
    assert count(dbsession, Conversation) == 3

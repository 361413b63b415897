"""The widget's JSON API through the real application (WebTest): starting a
conversation online and offline, the token, the cursor, retries, closed conversations,
the rating, the office's status, and its absence while the add-on is disabled."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lanta_chat.models import Conversation, Message
from lanta_chat.services import hours, messages, presence

PROBLEM = "application/problem+json"
ALWAYS = {day: [["00:00", "24:00"]] for day in hours.DAY_KEYS}


@pytest.fixture(autouse=True)
def english(testapp):
    """The sentences below are the English ones; the site speaks French by default."""
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def office_online(dbsession, users, chat_on):
    hours.save(dbsession, ALWAYS)
    presence.heartbeat(dbsession, users["staff"].id)
    return users["staff"]


@pytest.fixture
def office_closed(dbsession, chat_on):
    hours.save(dbsession, {})


def start(testapp, status=201, **fields):
    body = {"message": "Bonjour, where can I park?", "client_id": "c-1", "language": "en"}
    body.update(fields)
    return testapp.post_json("/api/v1/chat/conversations", body, status=status)


def token(value: str) -> dict:
    return {"X-Chat-Token": value}


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


def test_start_online_gives_a_token_and_the_first_message(testapp, dbsession,
                                                          office_online):
    response = start(testapp, name="Léa", page_url="/en/partners/x", page_title="X")
    data = response.json
    assert response.headers["Cache-Control"] == "no-store"
    assert data["conversation"]["state"] == "waiting"
    assert data["conversation"]["offline"] is False
    assert data["cursor"] == 1
    assert [(m["seq"], m["kind"], m["body"]) for m in data["messages"]] == [
        (1, "visitor", "Bonjour, where can I park?")]
    conversation = messages.by_token(dbsession, data["token"])
    assert conversation.id == data["conversation"]["id"]
    assert (conversation.channel, conversation.visitor_name, conversation.language,
            conversation.page_url) == ("web", "Léa", "en", "/en/partners/x")
    assert conversation.ip_hash and "127.0.0.1" not in conversation.ip_hash


def test_offline_needs_an_email_and_leaves_a_message_for_mail(testapp, dbsession,
                                                              office_closed):
    refused = start(testapp, status=422)
    assert refused.content_type == PROBLEM
    assert refused.json["field"] == "email"
    assert "e-mail" in refused.json["detail"]
    bad = start(testapp, status=422, email="not an address")
    assert bad.json["field"] == "email"
    assert count(dbsession, Conversation) == 0 and count(dbsession, Message) == 0
    data = start(testapp, email="lea@example.org").json
    assert data["conversation"]["offline"] is True
    conversation = messages.by_token(dbsession, data["token"])
    assert (conversation.channel, conversation.offline, conversation.visitor_email) == (
        "email", True, "lea@example.org")


def test_refusals_name_the_field_and_store_nothing(testapp, dbsession, office_online):
    assert start(testapp, status=422, message="   ").json["field"] == "body"
    assert start(testapp, status=422, client_id=None).json["field"] == "client_id"
    assert start(testapp, status=422, name="x" * 81).json["field"] == "name"
    assert start(testapp, status=422, language=3).json["field"] == "language"
    not_json = testapp.post("/api/v1/chat/conversations", "message=hi",
                            content_type="application/x-www-form-urlencoded", status=415)
    assert not_json.content_type == PROBLEM
    testapp.post("/api/v1/chat/conversations", "[1]", content_type="application/json",
                 status=400)
    assert count(dbsession, Conversation) == 0


def test_an_unknown_token_is_not_found(testapp, office_online):
    start(testapp)
    for headers in ({}, token("nope")):
        assert testapp.get("/api/v1/chat/messages", headers=headers,
                           status=404).content_type == PROBLEM
        testapp.post_json("/api/v1/chat/messages", {"body": "hi", "client_id": "x"},
                          headers=headers, status=404)
        testapp.post_json("/api/v1/chat/rating", {"rating": 5}, headers=headers,
                          status=404)


def test_the_cursor_gives_staff_replies_once_and_never_notes(testapp, dbsession, users,
                                                             office_online):
    users["staff"].display_name = "Camille Durand"
    data = start(testapp).json
    conversation_id = data["conversation"]["id"]
    messages.add_message(dbsession, conversation_id, kind="staff", body="Hello!",
                         author_id=users["staff"].id)
    messages.add_message(dbsession, conversation_id, kind="note", body="internal")
    messages.add_message(dbsession, conversation_id, kind="event", body="taken")
    polled = testapp.get("/api/v1/chat/messages?after=1", headers=token(data["token"])).json
    assert [(m["seq"], m["kind"], m["body"], m["author"]) for m in polled["messages"]] == [
        (2, "staff", "Hello!", "Camille")]
    # Past the note and the event, which the visitor never sees.
    assert polled["cursor"] == 4
    assert (polled["state"], polled["online"], polled["rating"], polled["poll_ms"]) == (
        "waiting", True, None, 1500)
    again = testapp.get(f"/api/v1/chat/messages?after={polled['cursor']}",
                        headers=token(data["token"])).json
    assert again["messages"] == [] and again["cursor"] == 4
    everything = testapp.get("/api/v1/chat/messages", headers=token(data["token"])).json
    assert [m["seq"] for m in everything["messages"]] == [1, 2]
    testapp.get("/api/v1/chat/messages?after=-1", headers=token(data["token"]), status=400)


def test_the_same_client_id_is_stored_once(testapp, dbsession, office_online):
    data = start(testapp).json
    send = {"body": "Are you there?", "client_id": "c-2", "page_url": "/en/agenda"}
    first = testapp.post_json("/api/v1/chat/messages", send, headers=token(data["token"]),
                              status=201).json
    again = testapp.post_json("/api/v1/chat/messages", send, headers=token(data["token"]),
                              status=200).json
    assert first == again and first["seq"] == 2
    assert count(dbsession, Message) == 2
    assert messages.by_token(dbsession, data["token"]).page_url == "/en/agenda"


def test_a_closed_conversation_refuses_messages_and_takes_one_changeable_rating(
        testapp, dbsession, office_online):
    data = start(testapp).json
    headers = token(data["token"])
    testapp.post_json("/api/v1/chat/rating", {"rating": 5}, headers=headers, status=409)
    conversation = messages.by_token(dbsession, data["token"])
    conversation.state = "closed"
    dbsession.flush()
    refused = testapp.post_json("/api/v1/chat/messages", {"body": "hi", "client_id": "c-9"},
                                headers=headers, status=409)
    assert "closed" in refused.json["detail"]
    # A retry of a message stored before the close still gets its message back.
    testapp.post_json("/api/v1/chat/messages", {"body": "x", "client_id": "c-1"},
                      headers=headers, status=200)
    assert testapp.post_json("/api/v1/chat/rating", {"rating": 2},
                             headers=headers).json == {"rating": 2}
    assert testapp.post_json("/api/v1/chat/rating", {"rating": 4},
                             headers=headers).json == {"rating": 4}
    for bad in (0, 6, "5", True, None):
        assert testapp.post_json("/api/v1/chat/rating", {"rating": bad}, headers=headers,
                                 status=422).json["field"] == "rating"
    polled = testapp.get("/api/v1/chat/messages", headers=headers).json
    assert (polled["state"], polled["rating"], polled["poll_ms"]) == ("closed", 4, 60000)
    assert count(dbsession, Message) == 1


def test_message_text_travels_as_inert_text(testapp, office_online):
    attack = '<img src=x onerror="alert(1)"> & <script>alert(2)</script>'
    response = start(testapp, message=attack)
    assert "<script>" not in response.text and "<img" not in response.text
    assert response.json["messages"][0]["body"] == attack


def test_status_says_online_and_gives_the_week_in_the_language(testapp, office_online):
    data = testapp.get("/api/v1/chat/status?lang=fr").json
    assert data["online"] is True and data["opens_at"] is None
    assert data["hours"][0]["day"] == "lundi"
    assert data["hours"][0]["slots"] == ["00:00\u201324:00"]
    assert len(data["hours"]) == 7
    assert testapp.get("/api/v1/chat/status?lang=en").json["hours"][6]["day"] == "Sunday"


def test_status_offline_outside_hours_says_when_the_office_opens(testapp, dbsession,
                                                                 chat_on):
    hours.save(dbsession, {"mon": [["09:30", "12:30"], ["14:00", "18:00"]]})
    data = testapp.get("/api/v1/chat/status?lang=en").json
    assert data["hours"][0]["slots"] == ["09:30\u201312:30", "14:00\u201318:00"]
    assert data["hours"][1]["slots"] == []
    # Nobody's inbox is open: offline even within the hours.
    assert data["online"] is False


def test_nobody_present_means_offline_even_within_the_hours(testapp, dbsession, chat_on):
    hours.save(dbsession, ALWAYS)
    assert testapp.get("/api/v1/chat/status").json["online"] is False
    data = start(testapp, email="a@example.org").json
    assert data["conversation"]["offline"] is True


def test_other_methods_answer_405_with_allow(testapp, office_online):
    response = testapp.delete("/api/v1/chat/messages", status=405)
    assert response.headers["Allow"] == "GET, POST"
    assert testapp.get("/api/v1/chat/rating", status=405).headers["Allow"] == "POST"
    assert testapp.post_json("/api/v1/chat/status", {}, status=405).headers["Allow"] == "GET"


def test_a_disabled_add_on_answers_404(testapp, dbsession, disable_addon, office_online):
    data = start(testapp).json
    disable_addon("chat")
    testapp.get("/api/v1/chat/status", status=404)
    start(testapp, status=404)
    testapp.get("/api/v1/chat/messages", headers=token(data["token"]), status=404)
    testapp.get("/api/v1/chat/suggestions?q=x", status=404)
    document = testapp.get("/api/v1/openapi.json").json
    assert not [p for p in document["paths"] if p.startswith("/api/v1/chat/")]


def test_the_document_lists_the_widget_api(testapp, chat_on):
    document = testapp.get("/api/v1/openapi.json").json
    assert {p for p in document["paths"] if p.startswith("/api/v1/chat/")} == {
        "/api/v1/chat/status", "/api/v1/chat/conversations", "/api/v1/chat/messages",
        "/api/v1/chat/rating", "/api/v1/chat/suggestions"}

"""Starting a conversation again with the widget's own secret returns the one it started
(once, counted once); the visitor's page is kept only as a path of this site; the
cursor takes ASCII digits only."""
from __future__ import annotations

import secrets

import pytest
from sqlalchemy import func, select

from lanta_chat.models import Conversation, Message
from lanta_chat.services import hours, messages, presence, visitor
from lanta_chat.services.limits import Limits

ALWAYS = {day: [["00:00", "24:00"]] for day in hours.DAY_KEYS}
OTHER_SITES = ["/\\evil.example/login", "https://evil.example/", "//evil",
               "/\t/evil.example", "javascript:alert(1)", "/a b", "/" + "a" * 500]


@pytest.fixture(autouse=True)
def office_online(dbsession, users, chat_on, testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"
    hours.save(dbsession, ALWAYS)
    presence.heartbeat(dbsession, users["staff"].id)


def widget_token() -> str:
    return secrets.token_urlsafe(32)


def start(testapp, status=201, **fields):
    body = {"message": "Bonjour", "client_id": "c-1", "language": "en"}
    body.update(fields)
    return testapp.post_json("/api/v1/chat/conversations", body, status=status)


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


def test_a_start_sent_again_with_its_token_returns_the_same_conversation(testapp,
                                                                        dbsession):
    chosen = widget_token()
    first = start(testapp, token=chosen, page_url="/en/agenda?day=2")
    assert first.json["token"] == chosen
    conversation = messages.by_token(dbsession, chosen)
    assert conversation.id == first.json["conversation"]["id"]
    assert conversation.page_url == "/en/agenda?day=2"
    again = start(testapp, status=200, token=chosen)
    assert again.json == first.json
    assert count(dbsession, Conversation) == 1 and count(dbsession, Message) == 1
    # Without a token, an API client still gets one made by the server.
    made = start(testapp, client_id="c-2").json["token"]
    assert made != chosen and messages.by_token(dbsession, made) is not None


def test_a_token_that_is_not_43_base64url_characters_is_refused(testapp, dbsession):
    for bad in ("short", widget_token() + "x", "+" * 43, "é" * 43, 43, ["x"]):
        refused = start(testapp, status=422, token=bad)
        assert refused.content_type == "application/problem+json"
        assert refused.json["field"] == "token"
    assert count(dbsession, Conversation) == 0


def test_a_retried_start_counts_against_no_limit(dbsession):
    limits = Limits(conversations_per_address_per_hour=1)
    chosen = widget_token()
    first = visitor.start(dbsession, message="hi", client_id="c", language="fr",
                          ip_hash="shared", token=chosen, limits=limits)
    for _n in range(3):
        again = visitor.start(dbsession, message="hi", client_id="c", language="fr",
                              ip_hash="shared", token=chosen, limits=limits)
        assert (again.conversation.id, again.created) == (first.conversation.id, False)
    assert count(dbsession, Conversation) == 1


def test_the_address_limit_is_twenty_an_hour_by_default():
    assert Limits().conversations_per_address_per_hour == 20


@pytest.mark.parametrize("page_url", OTHER_SITES)
def test_a_page_of_another_site_is_not_kept(testapp, dbsession, page_url):
    data = start(testapp, page_url=page_url).json
    assert messages.by_token(dbsession, data["token"]).page_url == ""
    headers = {"X-Chat-Token": data["token"]}
    testapp.post_json("/api/v1/chat/messages", {"body": "and?", "client_id": "c-2",
                                                "page_url": page_url}, headers=headers)
    assert messages.by_token(dbsession, data["token"]).page_url == ""


def test_a_page_that_is_not_text_is_refused_naming_the_field(testapp):
    assert start(testapp, status=422, page_url=3).json["field"] == "page_url"


@pytest.mark.parametrize("after", ["²", "١", "1²", "", " 1", "1e3", "0x1", "9" * 10])
def test_the_cursor_takes_ascii_digits_only(testapp, after):
    data = start(testapp).json
    refused = testapp.get("/api/v1/chat/messages", {"after": after},
                          headers={"X-Chat-Token": data["token"]}, status=400)
    assert refused.content_type == "application/problem+json"
    assert "whole number" in refused.json["detail"]

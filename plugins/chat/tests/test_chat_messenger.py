"""Meta's webhook: the signature check, the recorded payloads landing in the inbox, the
subscription handshake."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lanta_chat.models import Conversation, Message
from lanta_chat.services import channel_settings, messenger

DATA = Path(__file__).parent / "data"
URL = "/chat/channels/messenger"
SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
VERIFY = "marche-de-noel-2026"
PAGE = "104857600123456"


@pytest.fixture
def messenger_set(dbsession, chat_on):
    channel_settings.save_messenger(dbsession, page_id=PAGE, app_secret=SECRET,
                                    verify_token=VERIFY)


def recorded(name: str) -> bytes:
    return (DATA / name).read_bytes()


def post(testapp, body: bytes, signature: str | None, status: int = 200):
    headers = {"X-Hub-Signature-256": signature} if signature is not None else {}
    return testapp.post(URL, params=body, content_type="application/json",
                        headers=headers, status=status)


def post_signed(testapp, name: str, status: int = 200):
    body = recorded(name)
    return post(testapp, body, messenger.sign(SECRET, body), status)


def counts(dbsession) -> tuple[int, int]:
    return (dbsession.scalar(select(func.count()).select_from(Conversation)),
            dbsession.scalar(select(func.count()).select_from(Message)))


def test_a_forged_or_missing_signature_is_refused_and_nothing_stored(testapp, dbsession,
                                                                     messenger_set):
    body = recorded("messenger_text.json")
    post(testapp, body, messenger.sign("another-app-secret-0000", body), status=403)
    post(testapp, body, None, status=403)
    post(testapp, body, "sha256=", status=403)
    tampered = body.replace(b"dimanche", b"lundi")
    post(testapp, tampered, messenger.sign(SECRET, body), status=403)
    post(testapp, body, messenger.sign(SECRET, body).upper().replace("SHA256", "sha256")
         + "é", status=403)
    assert counts(dbsession) == (0, 0)


def test_without_an_app_secret_every_call_is_refused(testapp, dbsession, chat_on):
    channel_settings.save_messenger(dbsession, verify_token=VERIFY)
    body = recorded("messenger_text.json")
    post(testapp, body, messenger.sign("", body), status=403)
    assert counts(dbsession) == (0, 0)


def test_a_recorded_message_lands_in_the_inbox_waiting(testapp, dbsession, messenger_set):
    answer = post_signed(testapp, "messenger_text.json")
    assert answer.content_type == "text/plain" and answer.text == "EVENT_RECEIVED"
    conversation = dbsession.scalars(select(Conversation)).one()
    assert (conversation.channel, conversation.state, conversation.external_id) == \
        ("messenger", "waiting", "6543210987654321")
    assert conversation.token_hash is None and conversation.language == "fr"
    message = dbsession.scalars(select(Message)).one()
    assert (message.kind, message.seq) == ("visitor", 1)
    assert message.body == "Bonjour, le marché de Noël est-il ouvert dimanche ?"
    assert message.client_id.startswith("m_8Hx2kQ0v")
    assert conversation.last_visitor_seq == 1


def test_a_redelivered_message_is_stored_once(testapp, dbsession, messenger_set):
    post_signed(testapp, "messenger_text.json")
    post_signed(testapp, "messenger_text.json")
    assert counts(dbsession) == (1, 1)


def test_two_messages_of_one_sender_make_one_conversation_in_order(testapp, dbsession,
                                                                    messenger_set):
    post_signed(testapp, "messenger_two_messages.json")
    conversation = dbsession.scalars(select(Conversation)).one()
    bodies = [m.body for m in dbsession.scalars(
        select(Message).where(Message.conversation_id == conversation.id)
        .order_by(Message.seq))]
    assert bodies == ["Hello, do you rent bikes?", "Electric ones, for two adults."]


def test_echoes_and_receipts_store_nothing(testapp, dbsession, messenger_set):
    assert post_signed(testapp, "messenger_echo.json").text == "EVENT_RECEIVED"
    post_signed(testapp, "messenger_receipts.json")
    assert counts(dbsession) == (0, 0)


def test_an_attachment_alone_is_stored_as_a_note_to_open_messenger(testapp, dbsession,
                                                                  messenger_set):
    post_signed(testapp, "messenger_attachment.json")
    message = dbsession.scalars(select(Message)).one()
    assert "Meta Business Suite" in message.body
    assert "fbcdn" not in message.body


def test_a_message_to_another_page_is_left_out(testapp, dbsession, messenger_set):
    post_signed(testapp, "messenger_other_page.json")
    assert counts(dbsession) == (0, 0)


def test_a_signed_body_that_is_not_a_payload_is_a_400(testapp, dbsession, messenger_set):
    for body in (b"{not json", b'{"object": "page", "entry": {"id": 1}}', b"[1, 2]",
                 b'\xff\xfe{}'):
        post(testapp, body, messenger.sign(SECRET, body), status=400)
    assert counts(dbsession) == (0, 0)


def test_another_object_than_a_page_is_acknowledged_and_ignored(testapp, dbsession,
                                                                 messenger_set):
    data = json.loads(recorded("messenger_text.json"))
    data["object"] = "instagram"
    body = json.dumps(data).encode()
    assert post(testapp, body, messenger.sign(SECRET, body)).text == "EVENT_RECEIVED"
    assert counts(dbsession) == (0, 0)


def test_the_subscription_handshake_echoes_the_challenge_for_the_right_token(
        testapp, messenger_set):
    answer = testapp.get(URL, params={"hub.mode": "subscribe", "hub.verify_token": VERIFY,
                                      "hub.challenge": "1158201444"})
    assert (answer.text, answer.content_type) == ("1158201444", "text/plain")
    testapp.get(URL, params={"hub.mode": "subscribe", "hub.verify_token": "guess-guess",
                             "hub.challenge": "1158201444"}, status=403)
    testapp.get(URL, params={"hub.mode": "unsubscribe", "hub.verify_token": VERIFY,
                             "hub.challenge": "1"}, status=400)
    testapp.get(URL, status=400)
    testapp.get(URL, params={"hub.mode": "subscribe", "hub.verify_token": VERIFY,
                             "hub.challenge": "<script>"}, status=400)


def test_the_handshake_is_refused_while_no_verify_token_is_stored(testapp, chat_on):
    testapp.get(URL, params={"hub.mode": "subscribe", "hub.verify_token": "",
                             "hub.challenge": "1"}, status=403)


def test_the_webhook_answers_404_while_the_addon_is_disabled(testapp, dbsession):
    channel_settings.save_messenger(dbsession, app_secret=SECRET, verify_token=VERIFY)
    body = recorded("messenger_text.json")
    post(testapp, body, messenger.sign(SECRET, body), status=404)
    testapp.get(URL, params={"hub.mode": "subscribe", "hub.verify_token": VERIFY,
                             "hub.challenge": "1"}, status=404)
    assert counts(dbsession) == (0, 0)


def test_a_long_message_id_is_kept_as_its_digest_the_same_each_time():
    mid = "m_" + "x" * 150
    assert messenger.client_id_of(mid) == messenger.client_id_of(mid)
    assert len(messenger.client_id_of(mid)) <= 100 and messenger.client_id_of("") is None

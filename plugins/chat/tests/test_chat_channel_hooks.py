"""The core's chat hooks: another add-on brings a channel (here an SMS gateway) without
importing the chat add-on; its messages land in the inbox and staff replies go back
through it."""
from __future__ import annotations

import types

import pytest

import lanta_chat
from lanta.addon_api import ChatChannel, ChatDelivery, InboundChatMessage, hookimpl
from lanta.testing import build_plugin_manager
from lanta.services.errors import InvalidField
from lanta_chat.channels import channels
from lanta_chat.models import Conversation, Message


def sms_addon(sent: list) -> types.ModuleType:
    module = types.ModuleType("lanta_sms")

    def deliver(request, conversation, message):
        sent.append((conversation.external_id, message.body))
        return ChatDelivery("sent")

    @hookimpl
    def lanta_chat_channels(request):
        return [ChatChannel("sms", "SMS", deliver=deliver),
                ChatChannel("web", "not the chat's")]

    module.lanta_chat_channels = lanta_chat_channels
    return module


def request_for(pm, enabled, dbsession):
    return types.SimpleNamespace(hooks=pm.hooks_for(enabled), dbsession=dbsession,
                                 registry=types.SimpleNamespace(settings={}))


@pytest.fixture
def pm():
    sent: list = []
    manager = build_plugin_manager(discover=False,
                                   extra={"chat": lanta_chat, "sms": sms_addon(sent)})
    manager.sent = sent
    return manager


def test_hook_lanta_chat_channels_adds_a_channel_whose_replies_leave_through_it(pm, dbsession):
    request = request_for(pm, {"chat", "sms"}, dbsession)
    found = channels(request)
    assert {"web", "email", "messenger", "sms"} <= set(found)
    conversation = Conversation(channel="sms", external_id="+33600000000", language="fr")
    reply = Message(body="Bonjour, oui.")
    assert found["sms"].deliver(request, conversation, reply) == ChatDelivery("sent")
    assert pm.sent == [("+33600000000", "Bonjour, oui.")]
    # Without the SMS add-on its channel is gone; without the chat, nobody asks.
    assert "sms" not in channels(request_for(pm, {"chat"}, dbsession))
    assert pm.hooks_for({"sms"}).lanta_chat_channels(request=request)[0][0].name == "sms"


def test_a_channel_name_must_be_a_short_lower_case_word():
    with pytest.raises(ValueError, match="lower case"):
        ChatChannel("Mon Canal", "x")


def test_hook_lanta_chat_inbound_puts_a_channel_message_in_the_inbox_once(pm, dbsession):
    request = request_for(pm, {"chat", "sms"}, dbsession)
    message = InboundChatMessage(channel="sms", sender_id="+33600000000", body="Horaires ?",
                                 message_id="sms-1", sender_name="Anne", language="en")
    [first] = request.hooks.lanta_chat_inbound(request=request, message=message)
    [again] = request.hooks.lanta_chat_inbound(request=request, message=message)
    conversation = dbsession.get(Conversation, first)
    assert again == first
    assert (conversation.channel, conversation.state, conversation.visitor_name,
            conversation.language, conversation.last_seq) == ("sms", "waiting", "Anne", "en", 1)
    with pytest.raises(InvalidField):
        request.hooks.lanta_chat_inbound(request=request, message=InboundChatMessage(
            channel="sms", sender_id="+33600000000", body="  "))
    # With the chat add-on disabled nothing takes the message.
    assert request_for(pm, {"sms"}, dbsession).hooks.lanta_chat_inbound(
        request=request, message=message) == []

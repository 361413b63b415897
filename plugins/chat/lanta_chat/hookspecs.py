"""The hook the chat add-on declares for other add-ons (see ``HOOKSPECS`` in
:mod:`lanta_chat`): more channels feeding the same inbox.

An add-on that brings a channel (WhatsApp, an SMS gateway, another web widget):

1. implements ``lanta_chat_channels`` to name its channel and how a staff reply leaves;
2. hands each incoming message to :func:`lanta_chat.services.messages.receive`, from its
   own webhook view, with the channel's name and the sender's id in that channel.

The chat add-on's own Messenger and e-mail channels are built the same way.
"""
from __future__ import annotations

from typing import Any

from lanta.addon_api import hookspec


@hookspec
def lanta_chat_channels(request: Any) -> list[Any] | None:
    """Channels whose conversations land in the chat inbox.

    When: when the inbox shows a conversation's channel, when a staff member replies in
    a conversation of that channel (to send the reply), and for the figures by channel.
    Called inside the request's transaction; disabled add-ons are skipped.

    Return a list of :class:`lanta_chat.channels.ChatChannel`. ``name`` is what
    :func:`lanta_chat.services.messages.receive` was given for the conversation; the
    names ``web`` and ``email`` belong to the chat add-on. ``deliver(request,
    conversation, message)`` sends a staff reply to the visitor and returns a
    :class:`lanta_chat.channels.Delivery`; it must not raise for a network failure
    (return ``Delivery("failed", "why")``): the reply is kept and shown as not delivered.
    """

"""The channels that the enabled add-ons bring, by name.

A channel is where a conversation came from and where staff replies go back: the site's
widget (``web``: the visitor's browser asks for new messages, nothing is sent), a message
left outside hours (``email``: replies go by mail), Messenger, or any channel another
add-on declares through the core's hook ``lanta_chat_channels`` (its incoming messages
come through ``lanta_chat_inbound``, which this add-on implements).
"""
from __future__ import annotations

from lanta.addon_api import ChatChannel, ChatDelivery

# The names this add-on's modules use.
Delivery = ChatDelivery

__all__ = ["ChatChannel", "Delivery", "channels"]


def channels(request) -> dict[str, ChatChannel]:
    """The channels of the enabled add-ons by name (the chat's own included); the first
    of a name wins."""
    found: dict[str, ChatChannel] = {}
    for batch in request.hooks.lanta_chat_channels(request=request):
        for channel in batch or ():
            found.setdefault(channel.name, channel)
    return found

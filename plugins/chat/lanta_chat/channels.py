"""What a chat channel is, and the channels that the enabled add-ons bring.

A channel is where a conversation came from and where staff replies go back: the site's
widget (``web``: the visitor's browser asks for new messages, nothing is sent), a message
left outside hours (``email``: replies go by mail), Messenger, or any channel another
add-on declares with the hook ``lanta_chat_channels`` (see :mod:`.hookspecs`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class Delivery:
    """How sending a reply went: ``state`` is ``sent``, ``failed`` (``error`` says why,
    in a sentence for the staff) or ``off`` (the channel's sending is switched off)."""

    state: str
    error: str = ""


@dataclass(frozen=True)
class ChatChannel:
    """``name``: stored with each conversation (lower case, at most 32 characters).
    ``label``: a translation string shown in the inbox and the figures.
    ``deliver(request, conversation, message) -> Delivery``: sends a staff reply; None
    for a channel whose visitors fetch replies themselves (the widget)."""

    name: str
    label: Any
    deliver: Callable[[Any, Any, Any], Delivery] | None = None

    def __post_init__(self) -> None:
        if not NAME.match(self.name):
            raise ValueError(f"A chat channel's name must be lower case letters, digits, "
                             f"'-' or '_' (at most 32): {self.name!r}.")


def channels(request) -> dict[str, ChatChannel]:
    """The channels of the enabled add-ons by name (the chat's own included)."""
    found: dict[str, ChatChannel] = {}
    for batch in request.hooks.lanta_chat_channels(request=request):
        for channel in batch or ():
            found.setdefault(channel.name, channel)
    return found

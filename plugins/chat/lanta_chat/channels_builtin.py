"""The chat add-on's own channels, declared through its hook like any other add-on's:
the site's widget (``web``), the messages left by e-mail outside hours (``email``) and
Facebook Messenger (``messenger``)."""
from __future__ import annotations

from . import channel_email, messenger
from .channels import ChatChannel
from .i18n import _


def builtin_channels(request) -> list[ChatChannel]:
    return [ChatChannel("web", _("Website")),
            ChatChannel("email", _("Message left by e-mail"), deliver=channel_email.deliver),
            ChatChannel("messenger", _("Facebook Messenger"), deliver=messenger.deliver)]

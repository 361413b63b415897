"""The Messenger channel: its webhook, its settings page and how staff replies leave.

Routes:
``/chat/channels/messenger`` (``view``): Meta's webhook; GET is the subscription
handshake, POST brings messages (signed by Meta with the app's secret, so without CSRF
token: no browser session is involved);
``/admin/chat/messenger`` (``chat.channels``, the admin): the page id, the secrets and
the "send replies" switch. The views live in :mod:`.messenger_views`.

The Send API's address comes from the ini setting ``lanta.chat.messenger_api_url``
(default ``https://graph.facebook.com/v19.0``), so that a test or a staging site talks
to its own server.
"""
from __future__ import annotations

from lanta.addon_api import AdminMenuEntry

from .channels import Delivery
from .i18n import ADMIN_SECTION, _
from .services import channel_settings
from .services import messenger as service

CHANNELS = "chat.channels"
API_URL_SETTING = "lanta.chat.messenger_api_url"
DEFAULT_API_URL = "https://graph.facebook.com/v19.0"


def includeme(config) -> None:
    config.add_route("chat.messenger.webhook", "/chat/channels/messenger")
    config.add_route("chat.messenger.settings", "/admin/chat/messenger")
    config.scan(".messenger_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Chat: Facebook Messenger"),
                           request.route_url("chat.messenger.settings"), CHANNELS,
                           order=86, name="chat.messenger.settings", section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list:
    return []


def api_url(request) -> str:
    return (request.registry.settings.get(API_URL_SETTING) or DEFAULT_API_URL).strip()


def deliver(request, conversation, message) -> Delivery:
    """Send a staff reply to the Messenger user of ``conversation`` when the setting
    "send replies" is on; never raises for a network failure."""
    settings = channel_settings.messenger(request.dbsession)
    if not settings.send_replies:
        return Delivery("off")
    translate = request.localizer.translate
    if not settings.page_token:
        return Delivery("failed", translate(_(
            "No page access token is set: the admin gives it on the Messenger page.")))
    if not conversation.external_id:
        return Delivery("failed", translate(_(
            "This conversation has no Messenger user to answer.")))
    outcome = service.send_text(api_url(request), settings.page_token,
                                conversation.external_id, message.body)
    if outcome.ok:
        return Delivery("sent")
    if outcome.reason == "window":
        return Delivery("failed", translate(_(
            "Messenger accepts replies within 24 hours of the visitor's last message "
            "only: answer from Meta Business Suite.")))
    if outcome.reason == "refused":
        return Delivery("failed", translate(_(
            "Messenger refused the reply (${detail}).", mapping={"detail": outcome.detail})))
    return Delivery("failed", translate(_(
        "Messenger could not be reached: the reply is kept here, send it again later "
        "or from Meta Business Suite.")))

"""Lanta add-on ``chat``: live chat between visitors and the office, with a duty rota.

Visitors write from a widget on every visitor page, without an account; the staff member
on duty answers from the inbox. Outside the office's hours, or when nobody on duty is
present, the widget takes a message with an e-mail address for the answer. Messages
from other channels (Messenger, or any channel another add-on declares with the core's
hooks ``lanta_chat_channels`` and ``lanta_chat_inbound``) land in the same inbox.

This module holds the hook implementations; the logic lives in :mod:`.services`, the
pages in the modules of ``PAGES``.
"""
from __future__ import annotations

from pathlib import Path

from lanta.addon_api import PermissionGrant, from_page_modules, hookimpl

ANSWER = "chat.answer"
MANAGE = "chat.manage"
CHANNELS = "chat.channels"
MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"
# The modules holding the add-on's pages; each has ``includeme``, ``menu_entries``
# and ``dashboard_widgets``.
PAGES = ("widget", "inbox", "rota", "figures", "messenger")


@hookimpl
def lanta_configure(config) -> None:
    """The add-on's pages (gated: 404 while the add-on is disabled) and translations."""
    config.add_translation_dirs("lanta_chat:locale")
    for pages in PAGES:
        config.include(f".{pages}")


@hookimpl
def lanta_migration_locations() -> str:
    """The branch ``chat`` (first revision ``chat_0001``, depends on ``core_0001``)."""
    return str(MIGRATIONS)


@hookimpl
def lanta_permissions() -> list[PermissionGrant]:
    """``chat.answer``: the inbox, replies, notes, the rota (staff).
    ``chat.manage``: the rota's pattern and swaps, saved answers, the office's hours,
    the figures' export (staff). ``chat.channels``: the Messenger page's secrets (the
    admin only, who holds every permission)."""
    return [PermissionGrant(ANSWER, ("staff",)),
            PermissionGrant(MANAGE, ("staff",)),
            PermissionGrant(CHANNELS, ())]


@hookimpl
def lanta_admin_menu(request):
    return from_page_modules(__name__, PAGES, "menu_entries", request)


@hookimpl
def lanta_dashboard_widgets(request):
    return from_page_modules(__name__, PAGES, "dashboard_widgets", request)


@hookimpl
def lanta_page_slot(request, slot):
    """The chat widget on visitor pages (its stylesheet in ``head``, the widget in
    ``footer``)."""
    from .widget import page_slot

    return page_slot(request, slot)


@hookimpl
def lanta_openapi_paths(request):
    """The widget's endpoints under ``/api/v1/chat/``."""
    from .widget_openapi import paths

    return paths(request)


@hookimpl
def lanta_chat_channels(request):
    """The chat's own channels: the widget, messages left by e-mail, Messenger."""
    from .channels_builtin import builtin_channels

    return builtin_channels(request)


@hookimpl
def lanta_chat_inbound(request, message):
    """A message from another add-on's channel: into the sender's open conversation."""
    from .services.messages import receive

    conversation, _message, _new = receive(
        request.dbsession, channel=message.channel, external_id=message.sender_id,
        body=message.body, client_id=message.message_id, name=message.sender_name,
        language=message.language)
    return conversation.id


@hookimpl
def lanta_demo(dbsession, site_settings):
    """The office's hours, a rota of the demo staff, saved answers, and a few
    conversations for the inbox and the figures."""
    from .services.demo import load_demo

    return load_demo(dbsession)


@hookimpl
def lanta_purge(dbsession) -> None:
    """Every row of the add-on and its settings in the core's table."""
    from .services.demo import purge

    purge(dbsession)

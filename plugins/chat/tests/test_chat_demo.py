"""The add-on's demo and its purge."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from lanta.models import SiteSetting, User
from lanta.services import site_settings
from lanta_chat.models import (Conversation, Message, Presence, RotaMember, RotaSwap,
                               SavedAnswer, utcnow)
from lanta_chat.services import hours, inbox, presence, rota
from lanta_chat.services.clock import office_day

CHAT_MODELS = (Conversation, Message, SavedAnswer, RotaMember, RotaSwap, Presence)


def load(plugin_manager, dbsession, tmp_path) -> list[str]:
    [told] = plugin_manager.hooks_for(["chat"]).lanta_demo(
        dbsession=dbsession, site_settings=site_settings.load(dbsession),
        uploads_dir=tmp_path)
    return told


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


def test_hook_lanta_demo_loads_hours_rota_answers_and_conversations(plugin_manager,
                                                                    dbsession, users, tmp_path):
    told = load(plugin_manager, dbsession, tmp_path)
    today = office_day(utcnow())
    assert hours.closed_days(dbsession) == [dt.date(today.year, 12, 25),
                                            dt.date(today.year + 1, 1, 1)]
    assert hours.weekly(dbsession)["mon"] == hours.DEFAULT_WEEKLY["mon"]
    # The staff and the admin take turns; the first of them is on duty from today.
    assert sorted(rota.members(dbsession)) == sorted([users["staff"].id, users["admin"].id])
    first = rota.members(dbsession)[0]
    assert rota.start(dbsession) == today
    assert dbsession.get(User, first).email in told[1] and "/admin/chat/" in told[0]
    languages = dbsession.scalars(select(SavedAnswer.language)).all()
    assert languages.count("fr") >= 4 and languages.count("en") >= 4
    conversations = dbsession.scalars(select(Conversation).order_by(Conversation.id)).all()
    closed, offline, waiting = conversations
    assert (closed.state, closed.rating, closed.assignee_id) == ("closed", 5, first)
    assert closed.first_response_at is not None and closed.closed_at > closed.created_at
    kinds = [m.kind for m in dbsession.scalars(select(Message).where(
        Message.conversation_id == closed.id).order_by(Message.seq))]
    assert kinds == ["visitor", "event", "staff", "visitor", "event"]
    assert not inbox.is_unread(closed)
    assert (offline.channel, offline.offline, offline.state, offline.language) == (
        "email", True, "waiting", "en")
    assert "@" in offline.visitor_email and offline.last_visitor_seq == 1
    assert (waiting.channel, waiting.offline, waiting.state) == ("web", False, "waiting")


def test_the_demo_loads_on_a_site_without_staff_accounts(plugin_manager, dbsession, tmp_path):
    told = load(plugin_manager, dbsession, tmp_path)
    assert rota.members(dbsession) == [] and len(told) == 1
    closed = dbsession.scalars(select(Conversation).where(
        Conversation.state == "closed")).one()
    assert closed.rating == 5 and closed.first_response_at is not None
    assert count(dbsession, Conversation) == 3


def test_hook_lanta_purge_leaves_no_chat_row_and_no_chat_setting(plugin_manager, dbsession,
                                                                 users, tmp_path):
    load(plugin_manager, dbsession, tmp_path)
    rota.set_swap(dbsession, office_day(utcnow()), users["staff"].id)
    presence.heartbeat(dbsession, users["staff"].id)
    dbsession.add(SiteSetting(key="chat.messenger.page_id", value="123", revision=1))
    dbsession.add(SiteSetting(key="chatty", value="not ours", revision=1))
    dbsession.flush()
    assert all(count(dbsession, model) for model in CHAT_MODELS)
    plugin_manager.hooks_for(["chat"]).lanta_purge(dbsession=dbsession, uploads_dir=tmp_path)
    assert [count(dbsession, model) for model in CHAT_MODELS] == [0] * len(CHAT_MODELS)
    assert dbsession.scalars(select(SiteSetting.key).where(
        SiteSetting.key.startswith("chat"))).all() == ["chatty"]
    # The accounts stay: they belong to the core.
    assert dbsession.get(User, users["staff"].id) is not None

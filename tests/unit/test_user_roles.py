"""Roles add-ons give accounts (``lanta_user_roles``) join the account's own, but never
make an administrator."""
from __future__ import annotations

import logging
import types

from pyramid.authorization import Authenticated, Everyone

from lanta.addon_api import hookimpl
from lanta.plugins import build_plugin_manager
from lanta.security import principals_for


def giving(*roles: str) -> types.ModuleType:
    module = types.ModuleType("lanta_giver")

    @hookimpl
    def lanta_user_roles(dbsession, user):
        return list(roles)

    module.lanta_user_roles = lanta_user_roles
    return module


def request_with(pm, enabled: set[str], dbsession):
    # What principals_for reads of a request: the enabled add-ons' hooks and the session.
    return types.SimpleNamespace(hooks=pm.hooks_for(enabled), dbsession=dbsession)


def test_roles_given_by_an_enabled_addon_join_the_accounts_own(dbsession, users):
    pm = build_plugin_manager(discover=False, extra={"giver": giving("tester", "staff")})
    partner = users["partner"]
    assert principals_for(partner, request_with(pm, {"giver"}, dbsession)) == [
        Everyone, Authenticated, f"user:{partner.id}", "role:partner", "role:tester",
        "role:staff"]
    # Disabled, it gives nothing.
    assert principals_for(partner, request_with(pm, set(), dbsession))[-1] == "role:partner"


def test_an_addon_cannot_make_an_administrator(dbsession, users, caplog):
    pm = build_plugin_manager(discover=False, extra={
        "giver": giving("admin", "everyone", "tester")})
    tester = users["tester"]
    with caplog.at_level(logging.WARNING):
        principals = principals_for(users["visitor"], request_with(pm, {"giver"}, dbsession))
    assert "role:admin" not in principals and principals[-1] == "role:tester"
    assert "'admin'" in caplog.text and tester.email not in caplog.text

"""The office's terminal pages through the real application: adding a terminal shows a
code that pairs through the API, a new code for one not yet paired, revoking after a
confirmation (then the API refuses its key), the list per partner, and who may see them."""
from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from click.testing import CliRunner

from lanta_vip import cli as vip_cli
from lanta_vip.services import errors, terminals
from vip_support import NOW

PAIR = "/api/v1/vip/terminals/pair"


@pytest.fixture
def manager(vip_on, login, testapp):
    testapp.set_cookie("lanta_lang", "en")
    return login("staff")


def add_terminal(testapp, partner, label: str = "Reception"):
    form = testapp.get("/admin/vip/terminals/add").forms["vip-terminal-form"]
    form["partner_id"] = str(partner.id)
    form["label"] = label
    return form.submit("add", status=200)


def shown_code(page) -> str:
    return page.html.find(id="vip-pairing-code")["data-code"]


def test_added_terminal_shows_a_code_that_pairs_through_the_api(testapp, manager, partner,
                                                                dbsession):
    page = add_terminal(testapp, partner)
    assert page.headers["Cache-Control"] == "no-store"
    code = shown_code(page)
    assert str(terminals.PAIRING_TTL.seconds // 60) in page.html.find(id="main").text
    [(owner, [terminal])] = terminals.partners_with_terminals(dbsession)
    assert owner.id == partner.id and terminal.label == "Reception"
    assert terminals.terminal_state(terminal) == "waiting"

    paired = testapp.post_json(PAIR, {"code": code}, status=201).json
    assert paired["terminal"]["id"] == terminal.id
    assert paired["partner"]["slug"] == partner.slug
    listing = testapp.get("/admin/vip/terminals/")
    row = listing.html.select_one(f'tr[data-terminal="{terminal.id}"] [data-state]')
    assert row["data-state"] == "paired"


def test_terminal_form_refuses_a_missing_partner_and_stores_nothing(testapp, manager,
                                                                   dbsession):
    form = testapp.get("/admin/vip/terminals/add").forms["vip-terminal-form"]
    form["label"] = "Reception"
    response = form.submit("add", status=400)
    assert response.html.find(id="vip-pairing-code") is None
    assert response.forms["vip-terminal-form"]["label"].value == "Reception"
    assert terminals.partners_with_terminals(dbsession) == []


def test_new_code_replaces_the_unused_one(testapp, manager, partner, dbsession):
    first = shown_code(add_terminal(testapp, partner))
    listing = testapp.get("/admin/vip/terminals/")
    form = next(f for f in listing.forms.values() if f.action.endswith("/code"))
    second = shown_code(form.submit(status=200))
    assert second != first
    testapp.post_json(PAIR, {"code": first}, status=404)
    testapp.post_json(PAIR, {"code": second}, status=201)


def test_a_paired_or_revoked_terminal_gets_no_new_code(testapp, manager, terminal,
                                                       dbsession):
    device, _key = terminal
    page = testapp.get(f"/admin/vip/terminals/{device.id}/revoke")
    token = next(f for f in page.forms.values() if f.action.endswith("/revoke"))["csrf_token"]
    testapp.post(f"/admin/vip/terminals/{device.id}/code", {"csrf_token": token.value},
                 status=409)
    assert f"/admin/vip/terminals/{device.id}/code" not in testapp.get(
        "/admin/vip/terminals/").text
    with pytest.raises(errors.Conflict):
        terminals.renew_unpaired_code(dbsession, device.id)
    terminals.revoke_terminal(dbsession, device.id)
    with pytest.raises(errors.Conflict):
        terminals.renew_unpaired_code(dbsession, device.id)
    assert terminals.terminal_state(device) == "revoked"


def test_revoke_asks_first_then_the_api_refuses_the_key(testapp, manager, terminal,
                                                        dbsession):
    device, key = terminal
    bearer = {"Authorization": f"Bearer {key}"}
    testapp.post_json("/api/v1/vip/scan", {"card": "123456782"}, headers=bearer, status=404)
    page = testapp.get(f"/admin/vip/terminals/{device.id}/revoke")
    assert device.revoked_at is None  # asking changes nothing
    form = next(f for f in page.forms.values() if f.action.endswith("/revoke"))
    form.submit(status=302)
    dbsession.refresh(device)
    assert device.revoked_at is not None
    response = testapp.post_json("/api/v1/vip/scan", {"card": "123456782"}, headers=bearer,
                                 status=401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    listing = testapp.get("/admin/vip/terminals/")
    state = listing.html.select_one(f'tr[data-terminal="{device.id}"] [data-state]')
    assert state["data-state"] == "revoked"


def test_terminal_state_follows_the_code_and_the_key(dbsession, partner):
    terminal, code = terminals.create_terminal(dbsession, partner.id, now=NOW)
    assert terminals.terminal_state(terminal, NOW) == "waiting"
    assert terminals.terminal_state(terminal, NOW + terminals.PAIRING_TTL) == "expired"
    later = NOW + terminals.PAIRING_TTL + dt.timedelta(minutes=1)
    fresh = terminals.renew_unpaired_code(dbsession, terminal.id, now=later)
    assert terminals.terminal_state(terminal, later) == "waiting"
    terminals.pair_terminal(dbsession, fresh, now=later)
    assert terminals.terminal_state(terminal, later) == "paired"


@pytest.mark.parametrize("role, status", [("editor", 403), ("partner", 403),
                                          ("staff", 200)])
def test_terminal_pages_need_vip_manage(testapp, vip_on, login, role, status):
    login(role)
    testapp.get("/admin/vip/terminals/", status=status)
    testapp.get("/admin/vip/terminals/add", status=status)


def test_terminal_pages_answer_404_when_the_addon_is_disabled(testapp, manager, terminal,
                                                             disable_addon):
    device, _key = terminal
    disable_addon("vip")
    testapp.get("/admin/vip/terminals/", status=404)
    testapp.get(f"/admin/vip/terminals/{device.id}/revoke", status=404)


class _CliEnv:
    """What ``lanta`` hands the vip commands, over the test's own session."""

    def __init__(self, dbsession) -> None:
        self.dbsession = dbsession

    @contextlib.contextmanager
    def session(self):
        yield self.dbsession


def test_cli_terminal_list_shows_each_terminals_state(dbsession, partner, terminal):
    fresh, _code = terminals.create_terminal(dbsession, partner.id, "Bar")
    stale, _code = terminals.create_terminal(
        dbsession, partner.id, "Cave", now=dt.datetime.now(dt.timezone.utc)
        - terminals.PAIRING_TTL - dt.timedelta(minutes=1))
    revoked, _code = terminals.create_terminal(dbsession, partner.id, "Terrasse")
    terminals.revoke_terminal(dbsession, revoked.id)
    result = CliRunner().invoke(vip_cli.vip, ["terminal", "list"], obj=_CliEnv(dbsession))
    assert result.exit_code == 0, result.output
    states = {line.split("\t")[0]: line.split("\t")[2] for line in result.output.splitlines()}
    assert states == {str(terminal[0].id): "paired", str(fresh.id): "waiting",
                      str(stale.id): "expired", str(revoked.id): "revoked"}

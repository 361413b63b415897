"""How many SQL statements a terminal's requests cost, pinned.

A scan and a redemption are on the path of every partner's counter; each statement
costs far more in Python (building, compiling, loading rows) than the database spends
on it, so their number is what the latency target rests on. These counts are behaviour,
not timing: a change that brings back a statement (a lazy load in a loop, a count per
limit, a write per request) fails here and says which statements ran.

The identity map is emptied before each request, as a server's fresh session per
request has it. BEGIN and COMMIT are not counted (the test's transaction is rolled back).
"""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from lanta.models.cache_generation import CHANGED
from lanta_vip.services import terminals

# site settings, terminal by key, card with its visitor, the scan row if the rate windows
# allow it, the offers with their uses
SCAN_STATEMENTS = 5
# site settings, terminal by key, request id, card with its visitor, the scan row if the
# rate windows allow it, the offer locked, a twin and the uses, the redemption
REDEEM_STATEMENTS = 8
# site settings, terminal by key, request id, the card named
REPLAY_STATEMENTS = 4


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@contextmanager
def statements(engine, dbsession):
    """The statements run inside, starting from an empty identity map."""
    dbsession.flush()
    dbsession.expunge_all()
    seen: list[str] = []

    def note(_conn, _cursor, statement, _parameters, _context, _executemany):
        seen.append(" ".join(statement.split()))
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def listing(seen: list[str]) -> str:
    return "\n".join(statement[:160] for statement in seen)


@pytest.fixture
def counter(vip_on, dbsession, partner, stay, live_offer):
    """A terminal, a card and offers with every kind of limit (and one without): the
    counts must not grow with the offers or their limits."""
    key = terminals.add_paired_terminal(dbsession, partner.slug, "Accueil")[1]
    limited = live_offer(limit_per_card=2, limit_per_day=50, limit_total=500)
    live_offer(kind="gift", title={"fr": "Un café offert"})
    live_offer(kind="gift", limit_per_day=10, title={"fr": "Une photo offerte"})
    return {"Authorization": f"Bearer {key}"}, stay(), limited


def test_a_scan_costs_five_statements_and_writes_last_seen_once_a_minute(
        testapp, engine, dbsession, counter):
    headers, issued, _limited = counter
    with statements(engine, dbsession) as first:
        body = testapp.post_json("/api/v1/vip/scan", {"card": issued.card.number},
                                 headers=headers).json
    assert len(body["offers"]) == 3
    # The terminal was never seen: its last_seen_at is written, once.
    assert len(first) == SCAN_STATEMENTS + 1, listing(first)
    assert sum(s.startswith("UPDATE vip_terminals") for s in first) == 1
    with statements(engine, dbsession) as again:
        testapp.post_json("/api/v1/vip/scan", {"card": issued.qr_token}, headers=headers)
    assert len(again) == SCAN_STATEMENTS, listing(again)
    assert not any(s.startswith("UPDATE") for s in again)


def test_a_redemption_costs_eight_statements_and_its_replay_four(testapp, engine, dbsession,
                                                                counter):
    headers, issued, limited = counter
    testapp.post_json("/api/v1/vip/scan", {"card": issued.card.number}, headers=headers)
    payload = {"card": issued.card.number, "offer_id": limited.id, "request_id": "count-1"}
    with statements(engine, dbsession) as redeem:
        testapp.post_json("/api/v1/vip/redemptions", payload, headers=headers, status=201)
    assert len(redeem) == REDEEM_STATEMENTS, listing(redeem)
    assert not any(s.startswith(("SAVEPOINT", "UPDATE")) for s in redeem)
    with statements(engine, dbsession) as replay:
        testapp.post_json("/api/v1/vip/redemptions", payload, headers=headers, status=200)
    assert len(replay) == REPLAY_STATEMENTS, listing(replay)


def test_unknown_cards_cost_no_more_than_a_scan(testapp, engine, dbsession, counter):
    headers, _issued, _limited = counter
    testapp.post_json("/api/v1/vip/scan", {"card": "04A1B2C3D4E5F6"}, headers=headers,
                      status=404)
    with statements(engine, dbsession) as unknown:
        testapp.post_json("/api/v1/vip/scan", {"card": "04A1B2C3D4E5F7"}, headers=headers,
                          status=404)
    # site settings, terminal, card (none), the miss recorded if the rate windows allow it
    assert len(unknown) == 4, listing(unknown)


def test_scans_and_redemptions_leave_the_page_cache_alone(testapp, dbsession, counter):
    """Their rows are written with plain statements: no ORM change, so the generation
    that the anonymous page cache of every server compares does not move."""
    headers, issued, limited = counter
    dbsession.flush()
    dbsession.info.pop(CHANGED, None)
    testapp.post_json("/api/v1/vip/scan", {"card": issued.card.number}, headers=headers)
    testapp.post_json("/api/v1/vip/redemptions", {
        "card": issued.card.number, "offer_id": limited.id, "request_id": "count-2"},
        headers=headers, status=201)
    dbsession.flush()
    assert not dbsession.info.get(CHANGED)

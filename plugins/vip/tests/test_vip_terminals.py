"""Terminals: pairing code for key, what is stored, revocation; and the rate limits of
card look-ups, counted in the database."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lanta_vip.models import Scan, Terminal
from lanta_vip.services import errors, redemptions, terminals
from lanta_vip.services import secrets as vip_secrets
from lanta_vip.services.throttle import RateLimits
from vip_support import NOW


def test_pairing_code_is_exchanged_once_for_a_key(dbsession, partner):
    terminal, code = terminals.create_terminal(dbsession, partner.id, "Accueil", now=NOW)
    assert terminal.key_hash is None
    assert code.lower() not in (terminal.pairing_code_hash or "")
    paired, key = terminals.pair_terminal(dbsession, code.lower().replace("-", " "),
                                          now=NOW + dt.timedelta(minutes=5))
    assert paired is terminal and key.startswith("lvt_") and len(key) > 40
    assert terminal.key_hash == vip_secrets.digest(key) and key not in terminal.key_hash
    assert terminal.pairing_code_hash is None
    assert terminals.authenticate(dbsession, key, now=NOW) is terminal
    with pytest.raises(errors.NotFound):
        terminals.pair_terminal(dbsession, code, now=NOW + dt.timedelta(minutes=6))


def test_expired_pairing_code_is_refused(dbsession, partner):
    _terminal, code = terminals.create_terminal(dbsession, partner.id, now=NOW)
    with pytest.raises(errors.NotFound):
        terminals.pair_terminal(dbsession, code, now=NOW + terminals.PAIRING_TTL)


def test_revoked_terminal_is_refused(dbsession, terminal):
    device, key = terminal
    terminals.revoke_terminal(dbsession, device.id, now=NOW)
    with pytest.raises(errors.Unauthorized) as refused:
        terminals.authenticate(dbsession, key, now=NOW)
    assert refused.value.status == 401


def test_a_revoked_terminal_stays_revoked_and_a_paired_one_keeps_its_key(dbsession,
                                                                         partner, terminal):
    device, key = terminal
    with pytest.raises(errors.Conflict):
        terminals.renew_unpaired_code(dbsession, device.id, now=NOW)
    assert terminals.authenticate(dbsession, key, now=NOW) is device
    waiting, _code = terminals.create_terminal(dbsession, partner.id, "Bar", now=NOW)
    terminals.revoke_terminal(dbsession, waiting.id, now=NOW)
    with pytest.raises(errors.Conflict):
        terminals.renew_unpaired_code(dbsession, waiting.id, now=NOW)
    # No way around it: the function that handed a revoked terminal a working code
    # (and cleared its revocation) is gone, and setting a code leaves revoked_at alone.
    assert not hasattr(terminals, "renew_pairing_code")
    code = terminals._set_pairing_code(waiting, NOW)
    assert waiting.revoked_at is not None
    with pytest.raises(errors.NotFound):
        terminals.pair_terminal(dbsession, code, now=NOW)


def test_an_expired_code_is_renewed_and_pairs(dbsession, partner):
    device, _old = terminals.create_terminal(dbsession, partner.id, "Bar", now=NOW)
    later = NOW + terminals.PAIRING_TTL + dt.timedelta(minutes=1)
    code = terminals.renew_unpaired_code(dbsession, device.id, now=later)
    _device, key = terminals.pair_terminal(dbsession, code, now=later)
    assert terminals.authenticate(dbsession, key, now=later) is device


@pytest.mark.parametrize("header, key", [
    ("Bearer lvt_abc", "lvt_abc"), ("bearer  lvt_abc ", "lvt_abc"), ("Basic eA==", None),
    ("Bearer ", None), (None, None)])
def test_key_from_header(header, key):
    assert terminals.key_from_header(header) == key


def test_unknown_key_is_refused(dbsession, terminal):
    with pytest.raises(errors.Unauthorized):
        terminals.authenticate(dbsession, terminal[1] + "x", now=NOW)
    with pytest.raises(errors.Unauthorized):
        terminals.authenticate(dbsession, None, now=NOW)


# --- rate limits -----------------------------------------------------------------------------


def scan(dbsession, terminal, value, key, at, limits):
    return redemptions.scan(dbsession, terminal, value, key, now=at, limits=limits)


def test_one_card_scanned_too_often_is_refused_until_its_window_passes(
        dbsession, partner, issue, terminal, qr_key):
    limits = RateLimits(per_terminal=100, per_card=3)
    other_desk, _key = terminals.add_paired_terminal(dbsession, partner.slug, "Bar", now=NOW)
    issued = issue()
    for n, device in enumerate((terminal[0], other_desk, terminal[0])):
        scan(dbsession, device, issued.qr_token, qr_key, NOW + dt.timedelta(seconds=n),
             limits)
    with pytest.raises(errors.RateLimited) as refused:  # counted across terminals
        scan(dbsession, other_desk, issued.qr_token, qr_key, NOW + dt.timedelta(seconds=10),
             limits)
    assert refused.value.status == 429 and refused.value.retry_after == 50
    # Another card is not held back, and the first one works again after its window.
    scan(dbsession, terminal[0], issue().qr_token, qr_key, NOW + dt.timedelta(seconds=11),
         limits)
    scan(dbsession, terminal[0], issued.qr_token, qr_key, NOW + dt.timedelta(seconds=61),
         limits)


def test_terminal_scanning_too_fast_is_refused(dbsession, issue, terminal, qr_key):
    limits = RateLimits(per_terminal=2, per_card=100)
    issued = [issue() for _ in range(3)]
    scan(dbsession, terminal[0], issued[0].qr_token, qr_key, NOW, limits)
    scan(dbsession, terminal[0], issued[1].qr_token, qr_key, NOW, limits)
    with pytest.raises(errors.RateLimited):
        scan(dbsession, terminal[0], issued[2].qr_token, qr_key, NOW, limits)
    recorded = dbsession.scalars(select(Scan.card_id).where(
        Scan.terminal_id == terminal[0].id).order_by(Scan.id)).all()
    assert recorded == [issued[0].card.id, issued[1].card.id]  # not the refused one


def test_guessing_unknown_cards_is_refused_even_for_real_ones(dbsession, issue, terminal,
                                                              qr_key):
    limits = RateLimits(per_terminal=100, per_card=100, misses_per_terminal=3)
    real = issue()
    for n in range(3):
        with pytest.raises(errors.UnknownCard):
            scan(dbsession, terminal[0], f"04A1B2C3D4E5{n:02d}", qr_key, NOW, limits)
    with pytest.raises(errors.RateLimited) as refused:
        scan(dbsession, terminal[0], real.qr_token, qr_key, NOW, limits)
    assert refused.value.retry_after == 600
    misses = dbsession.scalar(select(func.count()).select_from(Scan)
                              .where(Scan.found.is_(False)))
    assert misses == 3  # refused look-ups are not counted


def test_scans_do_not_count_as_changes_visitors_see(dbsession, issue, terminal, qr_key):
    """A scan must not empty the page cache of every server (see throttle.record)."""
    issued = issue()
    dbsession.flush()
    dbsession.info.pop("lanta.cache_generation.changed", None)
    scan(dbsession, terminal[0], issued.qr_token, qr_key, NOW, RateLimits())
    dbsession.flush()
    assert not dbsession.info.get("lanta.cache_generation.changed")
    assert dbsession.get(Terminal, terminal[0].id) is not None


def test_taps_granting_offers_do_not_count_against_the_card_limit(dbsession, issue,
                                                                  add_offer, terminal,
                                                                  qr_key):
    """A family at one counter: one scan, then a tap per offer for the same card, and a
    scan again; only the scans count toward the card's 6 a minute."""
    issued = issue()
    coupons = [add_offer(title={"fr": f"Offre {n}"}) for n in range(7)]
    scan(dbsession, terminal[0], issued.card.number, qr_key, NOW, RateLimits())
    for n, offer in enumerate(coupons):
        redemptions.redeem(dbsession, terminal[0], issued.card.number, offer.id, f"tap-{n}",
                           qr_key, now=NOW + dt.timedelta(seconds=n), limits=RateLimits())
    scan(dbsession, terminal[0], issued.card.number, qr_key, NOW + dt.timedelta(seconds=9),
         RateLimits())
    # The terminal's own limit still counts every look-up.
    with pytest.raises(errors.RateLimited):
        scan(dbsession, terminal[0], issued.card.number, qr_key,
             NOW + dt.timedelta(seconds=10), RateLimits(per_terminal=9))

"""Redeeming: the three limits, idempotency by request_id, offline redemptions judged at
their own time, refused cards and offers, and the race for the last allowed use."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lanta.models import Partner
from lanta_vip.models import Redemption, Visitor
from lanta_vip.services import cards, errors, offers, privacy, redemptions, terminals
from lanta_vip.services.throttle import RateLimits
from vip_support import NOW, days, make_partner, random_uid

# Generous look-up limits: these tests are about offers, not about the rate limits.
ROOMY = RateLimits(per_terminal=1000, per_card=1000)


def redeem(dbsession, terminal, card_value, offer, request_id, key, **kw):
    kw.setdefault("now", NOW)
    kw.setdefault("limits", ROOMY)
    return redemptions.redeem(dbsession, terminal, card_value, offer.id, request_id, key,
                              **kw)


def count(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(Redemption))


def test_limit_per_card_refuses_the_use_beyond_it(dbsession, issue, add_offer, terminal,
                                                  qr_key):
    offer = add_offer(limit_per_card=2)
    first, second = issue(), issue()
    for n in (1, 2):
        assert redeem(dbsession, terminal[0], first.qr_token, offer, f"a{n}", qr_key).created
    with pytest.raises(errors.NotGrantable) as refused:
        redeem(dbsession, terminal[0], first.qr_token, offer, "a3", qr_key)
    assert "as often as allowed" in str(refused.value)
    # Another visitor still has their own uses.
    assert redeem(dbsession, terminal[0], second.qr_token, offer, "b1", qr_key).created


def test_limit_per_card_follows_the_visitor_to_a_reissued_card(dbsession, issue, add_offer,
                                                               terminal, qr_key):
    offer = add_offer(limit_per_card=1)
    lost = issue()
    redeem(dbsession, terminal[0], lost.qr_token, offer, "a1", qr_key)
    new = cards.reissue_card(dbsession, lost.card.id, random_uid(), qr_key, now=NOW)
    with pytest.raises(errors.NotGrantable):
        redeem(dbsession, terminal[0], new.qr_token, offer, "a2", qr_key)


def test_limit_per_day_resets_the_next_office_day(dbsession, issue, add_offer, terminal,
                                                  qr_key):
    offer = add_offer(limit_per_day=1)
    one, two = issue(), issue()
    redeem(dbsession, terminal[0], one.qr_token, offer, "d1", qr_key)
    with pytest.raises(errors.NotGrantable) as refused:
        redeem(dbsession, terminal[0], two.qr_token, offer, "d2", qr_key)
    assert "for today" in str(refused.value)
    tomorrow = NOW + dt.timedelta(days=1)
    assert redeem(dbsession, terminal[0], two.qr_token, offer, "d3", qr_key,
                  now=tomorrow).created


def test_limit_total_refuses_once_all_uses_are_taken(dbsession, issue, add_offer, terminal,
                                                     qr_key):
    offer = add_offer(limit_total=2)
    holders = [issue() for _ in range(3)]
    redeem(dbsession, terminal[0], holders[0].qr_token, offer, "t1", qr_key)
    redeem(dbsession, terminal[0], holders[1].qr_token, offer, "t2", qr_key,
           now=NOW + dt.timedelta(days=1))
    with pytest.raises(errors.NotGrantable) as refused:
        redeem(dbsession, terminal[0], holders[2].qr_token, offer, "t3", qr_key,
               now=NOW + dt.timedelta(days=2))
    assert str(refused.value) == "This offer's uses are all taken."


def test_exhausted_offer_leaves_the_scan_list(dbsession, issue, add_offer, terminal, qr_key):
    offer = add_offer(limit_per_card=1)
    issued = issue()
    scanned = redemptions.scan(dbsession, terminal[0], issued.qr_token, qr_key, now=NOW,
                               limits=ROOMY)
    assert [o.id for o in scanned.offers] == [offer.id]
    redeem(dbsession, terminal[0], issued.qr_token, offer, "x1", qr_key)
    scanned = redemptions.scan(dbsession, terminal[0], issued.qr_token, qr_key, now=NOW,
                               limits=ROOMY)
    assert scanned.offers == []


def test_redeem_twice_same_request_id_returns_first(dbsession, issue, add_offer, terminal,
                                                    qr_key):
    offer = add_offer()
    issued = issue()
    first = redeem(dbsession, terminal[0], issued.qr_token, offer, "req-42", qr_key)
    again = redeem(dbsession, terminal[0], issued.card.nfc_uid, offer, "req-42", qr_key,
                   now=NOW + dt.timedelta(minutes=3))
    assert first.created and not again.created
    assert again.redemption.id == first.redemption.id
    assert count(dbsession) == 1


def test_replay_answers_even_after_the_offer_ran_out(dbsession, issue, add_offer, terminal,
                                                     qr_key):
    offer = add_offer(limit_total=1)
    issued = issue()
    first = redeem(dbsession, terminal[0], issued.qr_token, offer, "q1", qr_key)
    offers.withdraw_offer(dbsession, offer.id)
    again = redeem(dbsession, terminal[0], issued.qr_token, offer, "q1", qr_key)
    assert again.redemption.id == first.redemption.id and not again.created


def test_same_request_id_for_another_offer_is_refused(dbsession, issue, add_offer, terminal,
                                                      qr_key):
    coffee, cake = add_offer(), add_offer(title={"fr": "Un gâteau"})
    issued = issue()
    redeem(dbsession, terminal[0], issued.qr_token, coffee, "same", qr_key)
    with pytest.raises(errors.RequestIdReused):
        redeem(dbsession, terminal[0], issued.qr_token, cake, "same", qr_key)
    assert count(dbsession) == 1


def test_request_ids_belong_to_their_terminal(dbsession, partner, issue, add_offer, terminal,
                                              qr_key):
    offer = add_offer()
    other, _key = terminals.add_paired_terminal(dbsession, partner.slug, "Bar", now=NOW)
    issued = issue()
    redeem(dbsession, terminal[0], issued.qr_token, offer, "1", qr_key)
    assert redeem(dbsession, other, issued.qr_token, offer, "1", qr_key).created
    assert count(dbsession) == 2


def test_offline_redemption_is_judged_at_its_own_time(dbsession, issue, add_offer, terminal,
                                                      qr_key):
    offer = add_offer(valid_until=NOW - dt.timedelta(hours=1))
    issued = issue()
    earlier = NOW - dt.timedelta(hours=30)
    done = redeem(dbsession, terminal[0], issued.qr_token, offer, "off-1", qr_key,
                  redeemed_at=earlier)
    assert done.redemption.redeemed_at == earlier
    with pytest.raises(errors.NotGrantable) as refused:
        redeem(dbsession, terminal[0], issued.qr_token, offer, "off-2", qr_key)
    assert str(refused.value) == "This offer has expired."


@pytest.mark.parametrize("shift", [dt.timedelta(hours=-73), dt.timedelta(hours=1)])
def test_offline_redemption_outside_the_window_is_refused(dbsession, issue, add_offer,
                                                          terminal, qr_key, shift):
    offer = add_offer()
    with pytest.raises(errors.StaleRedemption) as refused:
        redeem(dbsession, terminal[0], issue().qr_token, offer, "late", qr_key,
               redeemed_at=NOW + shift)
    assert refused.value.status == 422
    assert count(dbsession) == 0


def test_blocked_card_after_reissue_refuses_and_new_card_works(dbsession, issue, add_offer,
                                                               terminal, qr_key):
    offer = add_offer()
    lost = issue()
    new = cards.reissue_card(dbsession, lost.card.id, random_uid(), qr_key,
                             now=NOW - dt.timedelta(hours=1))
    assert lost.card.status == "blocked" and lost.card.replaced_by_id == new.card.id
    for value in (lost.qr_token, lost.card.nfc_uid, lost.card.number):
        with pytest.raises(errors.CardUnusable):
            redemptions.scan(dbsession, terminal[0], value, qr_key, now=NOW, limits=ROOMY)
    with pytest.raises(errors.CardUnusable):
        redeem(dbsession, terminal[0], lost.qr_token, offer, "lost", qr_key)
    assert redeem(dbsession, terminal[0], new.qr_token, offer, "new", qr_key).created
    # An offline terminal may still report what the old card did before it was blocked.
    before = NOW - dt.timedelta(hours=2)
    assert redeem(dbsession, terminal[0], lost.qr_token, offer, "before", qr_key,
                  redeemed_at=before).created


def test_cards_outside_their_stay_refuse(dbsession, issue, add_offer, terminal, qr_key):
    offer = add_offer()
    gone = issue(arrival=days(-6), departure=days(-1))
    coming = issue(arrival=days(2), departure=days(5))
    with pytest.raises(errors.CardUnusable):
        redeem(dbsession, terminal[0], gone.qr_token, offer, "g", qr_key)
    with pytest.raises(errors.NotGrantable) as early:
        redeem(dbsession, terminal[0], coming.qr_token, offer, "c", qr_key)
    assert str(early.value) == f"This card is valid from {days(2).isoformat()}."


def test_unapproved_and_expired_offers_refuse(dbsession, issue, add_offer, terminal, qr_key):
    proposed = add_offer(approve=False)
    expired = add_offer(valid_until=NOW - dt.timedelta(days=1))
    issued = issue()
    with pytest.raises(errors.NotGrantable) as refused:
        redeem(dbsession, terminal[0], issued.qr_token, proposed, "p", qr_key)
    assert str(refused.value) == "This offer is not approved by the office yet."
    with pytest.raises(errors.NotGrantable) as refused:
        redeem(dbsession, terminal[0], issued.qr_token, expired, "e", qr_key)
    assert str(refused.value) == "This offer has expired."
    assert count(dbsession) == 0


def test_offer_of_another_partner_is_unknown_to_the_terminal(dbsession, hotel, issue,
                                                             add_offer, terminal, qr_key):
    foreign = add_offer(partner_id=hotel.id)
    with pytest.raises(errors.UnknownOffer):
        redeem(dbsession, terminal[0], issue().qr_token, foreign, "f", qr_key)


# --- the race for the last use (PostgreSQL) ---------------------------------------------------


@pytest.mark.concurrent_writers
def test_two_terminals_racing_for_the_last_use_only_one_wins(engine, db_backend,
                                                             run_blocked_by, qr_key):
    with Session(engine) as setup:
        partner = make_partner(setup, f"race-{random_uid().lower()}")
        offer = offers.create_offer(setup, offers.OfferInput(
            partner_id=partner.id, kind="gift", title={"fr": "Dernier café"},
            limit_total=1), now=NOW)
        offers.approve_offer(setup, offer.id, now=NOW)
        desk, _k1 = terminals.add_paired_terminal(setup, partner.slug, "Desk", now=NOW)
        bar, _k2 = terminals.add_paired_terminal(setup, partner.slug, "Bar", now=NOW)
        one = cards.issue_card(setup, cards.CardInput(
            uid=random_uid(), first_name="Léa", language="fr", arrival=days(-1),
            departure=days(3)), qr_key, now=NOW)
        two = cards.issue_card(setup, cards.CardInput(
            uid=random_uid(), first_name="Tom", language="en", arrival=days(-1),
            departure=days(3)), qr_key, now=NOW)
        setup.commit()
        ids = dict(partner=partner.id, offer=offer.id, desk=desk.id, bar=bar.id,
                   visitors=[one.card.visitor_id, two.card.visitor_id])
    outcome: list[object] = []

    def second_terminal():
        with Session(engine) as second:
            try:
                outcome.append(redemptions.redeem(
                    second, second.get(type(bar), ids["bar"]), two.qr_token, ids["offer"],
                    "bar-1", qr_key, now=NOW, limits=ROOMY))
                second.commit()
            except errors.DomainError as exc:
                outcome.append(exc)
                second.commit()  # the look-up stays counted, as in a web request

    first = Session(engine)
    try:
        won = redemptions.redeem(first, first.get(type(desk), ids["desk"]), one.qr_token,
                                 ids["offer"], "desk-1", qr_key, now=NOW, limits=ROOMY)
        thread = run_blocked_by(first, second_terminal)  # waits on the offer's row lock
        first.commit()
        thread.join()
        assert won.created
        assert isinstance(outcome[0], errors.NotGrantable)
        with Session(engine) as check:
            assert check.scalar(select(func.count()).select_from(Redemption)
                                .where(Redemption.offer_id == ids["offer"])) == 1
    finally:
        first.close()
        with Session(engine) as cleanup:
            cleanup.execute(delete(Visitor).where(Visitor.id.in_(ids["visitors"])))
            cleanup.execute(delete(Partner).where(Partner.id == ids["partner"]))
            cleanup.commit()


# --- replays are answered before anything else is checked ----------------------------------


def test_replay_answers_after_the_offline_window_has_passed(dbsession, issue, add_offer,
                                                            terminal, qr_key):
    offer = add_offer()
    issued = issue(arrival=days(-5))
    tapped = NOW - dt.timedelta(hours=70)
    first = redeem(dbsession, terminal[0], issued.card.number, offer, "late-1", qr_key,
                   redeemed_at=tapped)
    # The answer was lost; the tablet sends the same request three hours later.
    again = redeem(dbsession, terminal[0], issued.card.number, offer, "late-1", qr_key,
                   redeemed_at=tapped, now=NOW + dt.timedelta(hours=3))
    assert not again.created and again.redemption.id == first.redemption.id
    assert count(dbsession) == 1


@pytest.mark.parametrize("read", ["qr_token", "number", "uid"])
def test_replay_answers_after_the_visitor_was_erased(dbsession, issue, add_offer, terminal,
                                                     qr_key, read):
    offer = add_offer()
    issued = issue()
    value = {"qr_token": issued.qr_token, "number": issued.card.number,
             "uid": issued.card.nfc_uid}[read]
    first = redeem(dbsession, terminal[0], value, offer, "erased-1", qr_key)
    privacy.erase_visitor(dbsession, issued.card.visitor_id, now=NOW)
    again = redeem(dbsession, terminal[0], value, offer, "erased-1", qr_key,
                   now=NOW + dt.timedelta(minutes=5))
    assert not again.created and again.redemption.id == first.redemption.id
    assert again.card.id == issued.card.id


def test_replay_with_a_uid_now_held_by_another_visitor_is_refused(dbsession, issue,
                                                                 add_offer, terminal, qr_key):
    offer = add_offer()
    first_stay = issue(arrival=days(-6), departure=days(-1))
    uid = first_stay.card.nfc_uid
    redeem(dbsession, terminal[0], uid, offer, "reused", qr_key,
           redeemed_at=NOW - dt.timedelta(hours=30))
    issue(uid=uid)  # the office hands the same plastic card to the next visitor
    with pytest.raises(errors.RequestIdReused):
        redeem(dbsession, terminal[0], uid, offer, "reused", qr_key)
    # Sent by its printed number, as the terminal now queues it, it finds its own card.
    again = redeem(dbsession, terminal[0], first_stay.card.number, offer, "reused", qr_key)
    assert not again.created and again.card.id == first_stay.card.id
    assert count(dbsession) == 1


def test_replay_is_not_held_back_by_the_rate_limits(dbsession, issue, add_offer, terminal,
                                                   qr_key):
    offer = add_offer()
    issued = issue()
    tight = RateLimits(per_terminal=1, per_card=1)
    first = redeem(dbsession, terminal[0], issued.card.number, offer, "once", qr_key,
                   limits=tight)
    again = redeem(dbsession, terminal[0], issued.card.number, offer, "once", qr_key,
                   limits=tight)
    assert again.redemption.id == first.redemption.id

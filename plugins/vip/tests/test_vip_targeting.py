"""Targeting: one test per rule, each showing the offer to the visitor it is meant for
and hiding it from the one it is not; then the order of the list."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta_vip.services import errors, offers, redemptions

from vip_support import NOW, days


def shown(dbsession, partner, visitor, at=NOW) -> list[int]:
    return [o.id for o in redemptions.grantable_offers(dbsession, partner.id, visitor, at)]


def test_interests_rule_shows_offer_to_visitors_sharing_one(dbsession, partner, issue,
                                                             add_offer):
    offer = add_offer(envies=("thrills", "sport"))
    fan = issue(envies=("relax", "thrills")).card.visitor
    other = issue(envies=("culture",)).card.visitor
    assert shown(dbsession, partner, fan) == [offer.id]
    assert shown(dbsession, partner, other) == []


def test_children_rule_needs_a_child_in_the_party(dbsession, partner, issue, add_offer):
    offer = add_offer(requires_children=True)
    family = issue(children_ages=(7,)).card.visitor
    couple = issue(adults=2).card.visitor
    assert family.children == 1
    assert shown(dbsession, partner, family) == [offer.id]
    assert shown(dbsession, partner, couple) == []


def test_language_rule_matches_the_visitors_language(dbsession, partner, issue, add_offer):
    offer = add_offer(languages=("en", "es"))
    english = issue(language="en").card.visitor
    french = issue(language="fr").card.visitor
    assert shown(dbsession, partner, english) == [offer.id]
    assert shown(dbsession, partner, french) == []


def test_stay_length_rule_bounds_the_nights(dbsession, partner, issue, add_offer):
    offer = add_offer(min_nights=5, max_nights=10)
    week = issue(arrival=days(-1), departure=days(6)).card.visitor  # 7 nights
    weekend = issue(arrival=days(-1), departure=days(1)).card.visitor  # 2 nights
    month = issue(arrival=days(-1), departure=days(29)).card.visitor  # 30 nights
    assert shown(dbsession, partner, week) == [offer.id]
    assert shown(dbsession, partner, weekend) == []
    assert shown(dbsession, partner, month) == []


def test_days_before_departure_rule_keeps_offer_for_the_end_of_the_stay(
        dbsession, partner, issue, add_offer):
    offer = add_offer(max_days_before_departure=2)
    leaving = issue(departure=days(2)).card.visitor
    staying = issue(departure=days(3)).card.visitor
    assert shown(dbsession, partner, leaving) == [offer.id]
    assert shown(dbsession, partner, staying) == []
    # The same visitor qualifies once the end of the stay comes near.
    assert shown(dbsession, partner, staying, NOW + dt.timedelta(days=1)) == [offer.id]


def test_season_rule_limits_offer_to_its_months(dbsession, partner, issue, add_offer):
    summer = add_offer(months=(6, 7, 8))
    winter = add_offer(months=(12, 1, 2))
    visitor = issue(arrival=days(-2), departure=days(200)).card.visitor
    assert shown(dbsession, partner, visitor) == [summer.id]
    january = dt.datetime(2027, 1, 10, 12, tzinfo=NOW.tzinfo)
    assert shown(dbsession, partner, visitor, january) == [winter.id]


def test_refusal_at_redemption_names_the_rule(dbsession, partner, issue, add_offer, terminal,
                                              qr_key):
    offer = add_offer(requires_children=True)
    issued = issue(adults=2)
    with pytest.raises(errors.NotGrantable) as refused:
        redemptions.redeem(dbsession, terminal[0], issued.qr_token, offer.id, "r-1", qr_key,
                           now=NOW)
    assert str(refused.value) == "This offer is for parties with children."
    assert refused.value.status == 409


def test_offers_come_best_first(dbsession, partner, issue, add_offer):
    for_everyone = add_offer(title={"fr": "Pour tous"})
    ending_soon = add_offer(title={"fr": "Bientôt fini"},
                            valid_until=NOW + dt.timedelta(days=1))
    two_interests = add_offer(envies=("food", "family"), title={"fr": "Gourmand"})
    one_interest = add_offer(envies=("food",), title={"fr": "Un peu gourmand"})
    visitor = issue(envies=("food", "family")).card.visitor
    assert shown(dbsession, partner, visitor) == [two_interests.id, one_interest.id,
                                                  ending_soon.id, for_everyone.id]


def test_offers_of_other_partners_are_not_shown(dbsession, partner, hotel, issue, add_offer):
    add_offer(partner_id=hotel.id)
    own = add_offer()
    assert shown(dbsession, partner, issue().card.visitor) == [own.id]


def test_unapproved_expired_and_future_offers_are_not_shown(dbsession, partner, issue,
                                                            add_offer):
    live = add_offer()
    add_offer(approve=False)
    add_offer(valid_until=NOW - dt.timedelta(minutes=1))
    add_offer(valid_from=NOW + dt.timedelta(hours=1))
    withdrawn = add_offer()
    offers.withdraw_offer(dbsession, withdrawn.id)
    assert shown(dbsession, partner, issue().card.visitor) == [live.id]


def test_changing_an_approved_offer_sends_it_back_for_approval(dbsession, partner, issue,
                                                               add_offer):
    offer = add_offer()
    changed = offers.as_input(offer)
    offers.update_offer(dbsession, offer.id, changed.__class__(
        **{**vars(changed), "title": {"fr": "Deux cafés offerts"}}))
    assert offer.status == "proposed" and offer.approved_at is None
    assert shown(dbsession, partner, issue().card.visitor) == []


@pytest.mark.parametrize("fields, field", [
    (dict(kind="percent"), "value"),
    (dict(kind="percent", value=120), "value"),
    (dict(kind="bogus"), "kind"),
    (dict(title={"en": "English only"}), "title"),
    (dict(envies=("skydiving",)), "envies"),
    (dict(months=(13,)), "months"),
    (dict(min_nights=5, max_nights=2), "max_nights"),
])
def test_invalid_offers_are_refused_naming_the_field(dbsession, partner, fields, field):
    values = dict(kind="gift", title={"fr": "Un café"})
    values.update(fields)
    with pytest.raises(errors.InvalidInput) as refused:
        offers.create_offer(dbsession, offers.OfferInput(partner_id=partner.id, **values))
    assert refused.value.on == field

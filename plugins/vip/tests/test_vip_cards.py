"""Cards: issuing with its checks, finding a card by what a terminal read, the signed QR
token, re-issuing and the reuse of plastic cards."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lanta_vip.models import Consent, Visitor
from lanta_vip.services import cards, errors
from lanta_vip.services import secrets as vip_secrets
from vip_support import NOW, days, random_uid


def test_issue_records_stay_party_interests_and_consents(dbsession, hotel, issue):
    issued = issue(last_name="Martin", email="lea@example.org", phone="+33 6 12 34 56 78",
                   accommodation_id=hotel.id, adults=2, children_ages=(4, 9), pets=1,
                   envies=("family", "nature", "family"), audiences=("families",),
                   welcome_bag=True, consents=(
                       cards.ConsentInput("offers", "J'accepte de recevoir les offres."),))
    visitor = issued.card.visitor
    assert (visitor.children, visitor.children_ages, visitor.envies) == \
        (2, [4, 9], ["family", "nature"])
    assert visitor.accommodation_id == hotel.id and visitor.welcome_bag
    [consent] = dbsession.query(Consent).filter_by(visitor_id=visitor.id).all()
    assert consent.purpose == "offers" and consent.given_at == NOW
    assert consent.wording == "J'accepte de recevoir les offres."
    assert vip_secrets.normalise_card_number(issued.card.number) == issued.card.number


@pytest.mark.parametrize("fields, field", [
    (dict(uid="not-hex"), "uid"),
    (dict(uid="04A1B2"), "uid"),
    (dict(first_name="  "), "first_name"),
    (dict(language="french"), "language"),
    (dict(email="lea@"), "email"),
    (dict(arrival=days(3), departure=days(1)), "departure"),
    (dict(children_ages=(18,)), "children_ages"),
    (dict(envies=("skydiving",)), "envies"),
    (dict(accommodation_id=999_999), "accommodation_id"),
    (dict(number="123456789"), "number"),  # wrong check digit
    (dict(consents=(cards.ConsentInput("offers", " "),)), "consents"),
])
def test_issue_refuses_wrong_input_naming_the_field(issue, fields, field):
    with pytest.raises(errors.InvalidInput) as refused:
        issue(**fields)
    assert refused.value.on == field


def test_card_is_found_by_token_number_and_uid(dbsession, issue, qr_key):
    issued = issue(uid="04:a1:b2:c3:d4:e5:f6")
    card = issued.card
    assert card.nfc_uid == "04A1B2C3D4E5F6"
    number = card.number
    for value in (issued.qr_token, number, vip_secrets.format_card_number(number),
                  f"{number[:3]}-{number[3:6]}-{number[6:]}", "04a1b2c3d4e5f6"):
        assert cards.find_card(dbsession, value, qr_key) is card


def test_tampered_or_foreign_qr_token_is_refused(dbsession, issue, qr_key):
    issued = issue()
    other = issue()
    number, nonce, signature = issued.qr_token.split(".")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    forged = [
        f"{number}.{nonce}.{flipped}",                    # signature altered
        f"{other.card.number}.{nonce}.{signature}",       # another card's number
        vip_secrets.sign_token(b"x" * 32, number, nonce),  # signed with another key
        f"{number}.{nonce}",                              # signature missing
    ]
    for token in forged:
        with pytest.raises(errors.UnknownCard):
            cards.find_card(dbsession, token, qr_key)
    # A well-signed token whose nonce is not the card's (a card re-made by hand) fails too.
    with pytest.raises(errors.UnknownCard):
        cards.find_card(dbsession, vip_secrets.sign_token(qr_key, number, "A" * 16), qr_key)


def test_mistyped_number_is_unknown(dbsession, issue, qr_key):
    number = issue().card.number
    typo = number[:-2] + str((int(number[-2]) + 1) % 10) + number[-1]
    with pytest.raises(errors.UnknownCard):
        cards.find_card(dbsession, typo, qr_key)


def test_reissue_blocks_the_old_card_and_keeps_the_stay(dbsession, issue, qr_key):
    lost = issue(first_name="Tom")
    new = cards.reissue_card(dbsession, lost.card.id, random_uid(), qr_key, now=NOW)
    assert new.card.visitor_id == lost.card.visitor_id
    assert new.card.number != lost.card.number and new.qr_token != lost.qr_token
    assert lost.card.status == "blocked" and lost.card.blocked_at == NOW
    with pytest.raises(errors.CardUnusable):
        cards.check_usable(lost.card, NOW)
    cards.check_usable(new.card, NOW)


def test_uid_of_a_current_card_cannot_be_issued_again(issue):
    first = issue()
    with pytest.raises(errors.InvalidInput) as refused:
        issue(uid=first.card.nfc_uid)
    assert refused.value.on == "uid"


def test_uid_of_a_finished_stay_is_released_for_a_new_visitor(dbsession, issue, qr_key):
    old = issue(arrival=days(-10), departure=days(-3))
    uid = old.card.nfc_uid
    new = issue(uid=uid)
    assert new.card.nfc_uid == uid
    assert old.card.nfc_uid is None and old.card.status == "retired"
    assert cards.find_card(dbsession, uid, qr_key) is new.card


def test_preprinted_number_is_kept_and_cannot_be_used_twice(issue):
    number = vip_secrets.new_card_number()
    assert issue(number=vip_secrets.format_card_number(number)).card.number == number
    with pytest.raises(errors.InvalidInput) as refused:
        issue(number=number)
    assert refused.value.on == "number"


def test_qr_key_comes_from_the_site_secret():
    first = vip_secrets.qr_key_from_secret("a" * 48)
    assert first == vip_secrets.qr_key_from_secret("a" * 48)
    assert first != vip_secrets.qr_key_from_secret("b" * 48)
    assert first != ("a" * 48).encode()  # derived, never the secret itself
    with pytest.raises(ValueError):
        vip_secrets.qr_key_from_secret("")


def test_card_stays_valid_through_its_departure_day(issue):
    card = issue(departure=days(0)).card
    cards.check_usable(card, NOW.replace(hour=23, minute=30))
    with pytest.raises(errors.CardUnusable):
        cards.check_usable(card, NOW + dt.timedelta(days=1))


# --- two desks at once: the unique constraints decide ---------------------------------------


def visitors(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(Visitor))


def test_uid_taken_by_another_desk_meanwhile_is_refused_on_its_field(dbsession, issue,
                                                                     monkeypatch):
    held = issue()
    before = visitors(dbsession)
    # The other desk inserts between our check of the UID and our insert.
    monkeypatch.setattr(cards, "_release_uid", lambda *args: None)
    with pytest.raises(errors.InvalidInput) as refused:
        issue(uid=held.card.nfc_uid)
    assert refused.value.on == "uid" and refused.value.status == 400
    assert visitors(dbsession) == before  # nothing half-written


def test_typed_number_taken_by_another_desk_meanwhile_is_refused_on_its_field(
        dbsession, issue, monkeypatch):
    held = issue()
    monkeypatch.setattr(cards, "_number_taken", lambda *args: False)
    with pytest.raises(errors.InvalidInput) as refused:
        issue(number=held.card.number)
    assert refused.value.on == "number"


def test_drawn_number_taken_by_another_desk_meanwhile_is_drawn_again(dbsession, issue,
                                                                    monkeypatch, qr_key):
    held = issue()
    draws = iter([held.card.number, "123456782"])
    monkeypatch.setattr(cards, "_number_taken", lambda *args: False)
    monkeypatch.setattr(vip_secrets, "new_card_number", lambda: next(draws))
    issued = issue()
    assert issued.card.number == "123456782"
    assert cards.find_card(dbsession, issued.qr_token, qr_key).visitor.first_name == "Léa"
    # Re-issuing goes through the same door; the old card keeps working when refused.
    monkeypatch.undo()
    monkeypatch.setattr(cards, "_release_uid", lambda *args: None)
    with pytest.raises(errors.InvalidInput) as refused:
        cards.reissue_card(dbsession, issued.card.id, held.card.nfc_uid, qr_key, now=NOW)
    assert refused.value.on == "uid"
    assert cards.get_card(dbsession, issued.card.id).status == "active"

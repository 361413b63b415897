"""Privacy: anonymisation after the retention period, erasure and export on request, and
the counts that survive them."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from lanta.models import SiteSetting
from lanta.services import site_settings
from lanta_vip.models import Consent
from lanta_vip.services import cards, errors, privacy, redemptions
from lanta_vip.services.throttle import RateLimits
from vip_support import NOW, days

CONSENT = cards.ConsentInput("follow_up", "J'accepte d'être recontacté après mon séjour.")


@pytest.fixture
def departed(issue):
    """A family that left 31 and one that left 29 days before NOW."""
    def _stay(left: int, **fields):
        return issue(first_name="Léa", last_name="Martin", email="lea@example.org",
                     phone="+33 6 12 34 56 78", children_ages=(4, 9), adults=2,
                     envies=("family",), arrival=days(-left - 7), departure=days(-left),
                     consents=(CONSENT,), **fields)
    return _stay(31), _stay(29)


def test_anonymise_after_retention_blanks_personal_fields_and_keeps_counts(
        dbsession, departed, add_offer, terminal, qr_key):
    old, recent = departed
    offer = add_offer()
    at = dt.datetime.combine(days(-32), dt.time(12), NOW.tzinfo)
    redemptions.redeem(dbsession, terminal[0], old.qr_token, offer.id, "r1", qr_key,
                       redeemed_at=at, now=at)
    before = privacy.statistics(dbsession)

    assert privacy.anonymise_departed(dbsession, now=NOW) == 1

    visitor = old.card.visitor
    assert (visitor.first_name, visitor.last_name, visitor.email, visitor.phone) == \
        ("", "", "", "")
    assert visitor.children_ages == [] and visitor.anonymised_at == NOW
    # What statistics need stays: party sizes, interests, stay, language.
    assert (visitor.children, visitor.adults, visitor.envies, visitor.language) == \
        (2, 2, ["family"], "fr")
    assert dbsession.scalar(select(func.count()).select_from(Consent)
                            .where(Consent.visitor_id == visitor.id)) == 0
    assert old.card.status == "retired" and old.card.nfc_uid is None
    with pytest.raises(errors.UnknownCard):
        cards.find_card(dbsession, old.qr_token, qr_key)
    assert privacy.statistics(dbsession) == before
    assert before["redemptions"] == 1 and before["cards"] == 2 and before["scans"] == 0
    # The recent stay is kept until its own time comes; nothing is done twice.
    assert recent.card.visitor.first_name == "Léa"
    assert privacy.anonymise_departed(dbsession, now=NOW) == 0
    assert privacy.anonymise_departed(dbsession, now=NOW + dt.timedelta(days=2)) == 1


def test_retention_setting_is_read_from_the_site_settings(dbsession, departed):
    assert privacy.retention_days(dbsession) == privacy.DEFAULT_RETENTION_DAYS == 30
    privacy.set_retention_days(dbsession, 60)
    assert privacy.retention_days(dbsession) == 60
    assert privacy.anonymise_departed(dbsession, now=NOW) == 0
    privacy.set_retention_days(dbsession, 7)
    assert privacy.anonymise_departed(dbsession, now=NOW) == 2
    # The core's own settings still load beside the add-on's key.
    assert site_settings.load(dbsession).languages
    with pytest.raises(errors.InvalidInput):
        privacy.set_retention_days(dbsession, -1)


def test_erase_on_request_works_during_the_stay(dbsession, issue, qr_key):
    issued = issue(email="tom@example.org", consents=(CONSENT,))
    privacy.erase_visitor(dbsession, issued.card.visitor_id, now=NOW)
    visitor = issued.card.visitor
    assert visitor.email == "" and visitor.first_name == "" and visitor.anonymised_at == NOW
    # The printed number still names the card, which now refuses every use.
    card = cards.find_card(dbsession, issued.card.number, qr_key)
    assert card.status == "retired"
    with pytest.raises(errors.CardUnusable):
        cards.check_usable(card, NOW)
    with pytest.raises(errors.UnknownCard):
        cards.find_card(dbsession, issued.qr_token, qr_key)


def test_export_holds_everything_stored_about_the_visitor(dbsession, hotel, issue, add_offer,
                                                           terminal, qr_key):
    issued = issue(last_name="Martin", email="lea@example.org", accommodation_id=hotel.id,
                   consents=(CONSENT,))
    offer = add_offer()
    redemptions.redeem(dbsession, terminal[0], issued.qr_token, offer.id, "e1", qr_key,
                       now=NOW, limits=RateLimits())
    data = json.loads(json.dumps(privacy.export_visitor(dbsession, issued.card.visitor_id)))
    assert data["visitor"]["email"] == "lea@example.org"
    assert data["visitor"]["accommodation"] == "Hotel Test"
    assert data["consents"][0]["wording"] == CONSENT.wording
    assert data["cards"][0]["number"] == issued.card.number
    assert data["redemptions"] == [{"offer": "Un café offert", "partner": "Ossau Rafting Test",
                                    "redeemed_at": NOW.astimezone(dt.timezone.utc).isoformat()}]


def test_retention_key_lives_beside_core_settings(dbsession):
    privacy.set_retention_days(dbsession, 45)
    row = dbsession.get(SiteSetting, privacy.RETENTION_KEY)
    assert row.value == 45

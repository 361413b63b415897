"""The terminals' API keeps to its OpenAPI document (schemathesis, generated requests
valid and not, every check), with a real terminal key, a card and an offer in place."""
from __future__ import annotations

import datetime as dt

from schemathesis.specs.openapi.checks import positive_data_acceptance

from lanta.testing import check_every_operation
from lanta_vip.services import cards, offers, terminals
from lanta_vip.services.clock import today
from vip_support import random_uid

VIP_OPERATIONS = {"POST /api/v1/vip/scan", "POST /api/v1/vip/redemptions",
                  "POST /api/v1/vip/terminals/pair"}


def test_the_terminal_api_keeps_to_its_document(vip_on, api_schema, dbsession, partner,
                                                app_qr_key):
    offer = offers.create_offer(dbsession, offers.OfferInput(
        partner_id=partner.id, kind="gift", title={"fr": "Un café offert"}))
    offers.approve_offer(dbsession, offer.id)
    cards.issue_card(dbsession, cards.CardInput(
        uid=random_uid(), first_name="Léa", language="fr", arrival=today(),
        departure=today() + dt.timedelta(days=3)), app_qr_key)
    key = terminals.add_paired_terminal(dbsession, partner.slug, "Caisse")[1]
    vip_only = api_schema.include(path_regex="^/api/v1/vip/")
    # A well-formed request may still be refused for what it says (a redeemed_at more than
    # 72 hours old, an unknown card): 4xx with a sentence, which that one check counts
    # against the API. Every other check holds.
    tried = check_every_operation(vip_only, headers={"Authorization": f"Bearer {key}"},
                                  excluded_checks=[positive_data_acceptance])
    assert set(tried) == VIP_OPERATIONS

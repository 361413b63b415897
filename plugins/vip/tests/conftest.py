"""Fixtures of the vip add-on's tests (the core's come from ``lanta.testing``).

Service tests judge everything at a fixed moment (``NOW``, a Tuesday in July, office
time) passed as ``now``: no test depends on the day it runs. The API tests go through
the real application, whose clock is the real one, so their stays are built around
today.
"""
from __future__ import annotations

import datetime as dt
import os

import pytest

from lanta_vip.services import cards, offers, terminals
from lanta_vip.services import secrets as vip_secrets
from lanta_vip.services.clock import today
from vip_support import NOW, days, make_partner, random_uid


@pytest.fixture
def vip_on(enable_addon) -> None:
    enable_addon("vip")


@pytest.fixture
def qr_key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def app_qr_key(app) -> bytes:
    """The QR key of the application under test (derived from its secret)."""
    return vip_secrets.qr_key_from_secret(app.registry.lanta_settings.secret)


@pytest.fixture
def partner(dbsession):
    return make_partner(dbsession, "ossau-rafting-test")


@pytest.fixture
def hotel(dbsession):
    return make_partner(dbsession, "hotel-test", "hotel")


@pytest.fixture
def issue(dbsession, qr_key):
    """``issue(**fields)`` issues a card (a stay around NOW by default): IssuedCard."""
    def _issue(key: bytes | None = None, now: dt.datetime = NOW, **fields):
        values = dict(uid=random_uid(), first_name="Léa", language="fr",
                      arrival=days(-2), departure=days(5))
        values.update(fields)
        return cards.issue_card(dbsession, cards.CardInput(**values), key or qr_key, now=now)
    return _issue


@pytest.fixture
def add_offer(dbsession, partner):
    """``add_offer(**fields)``: an approved offer of ``partner`` (a gift by default)."""
    def _add(approve: bool = True, partner_id: int | None = None, **fields):
        values = dict(kind="gift", title={"fr": "Un café offert", "en": "A free coffee"})
        values.update(fields)
        offer = offers.create_offer(dbsession, offers.OfferInput(
            partner_id=partner_id or partner.id, **values), now=NOW)
        if approve:
            offers.approve_offer(dbsession, offer.id, now=NOW)
        return offer
    return _add


@pytest.fixture
def terminal(dbsession, partner):
    """A paired terminal of ``partner``: (Terminal, key)."""
    return terminals.add_paired_terminal(dbsession, partner.slug, "Accueil", now=NOW)


@pytest.fixture
def stay(dbsession, app_qr_key):
    """``stay(**fields)``: a card issued now for a stay around today (the API and pages
    run on the real clock): IssuedCard."""
    def _stay(**fields):
        values = dict(uid=random_uid(), first_name="Léa", last_name="Martin", language="en",
                      arrival=today() - dt.timedelta(days=1),
                      departure=today() + dt.timedelta(days=4))
        values.update(fields)
        return cards.issue_card(dbsession, cards.CardInput(**values), app_qr_key)
    return _stay


@pytest.fixture
def live_offer(dbsession, partner):
    """``live_offer(**fields)``: an approved offer (10 % by default) of ``partner``, or of
    ``partner_id``."""
    def _offer(partner_id=None, **fields):
        values = dict(kind="percent", value=10,
                      title={"fr": "10 % sur la descente", "en": "10% off the river run"})
        values.update(fields)
        offer = offers.create_offer(dbsession, offers.OfferInput(
            partner_id=partner_id or partner.id, **values))
        return offers.approve_offer(dbsession, offer.id)
    return _offer


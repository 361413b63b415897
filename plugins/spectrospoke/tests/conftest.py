"""Fixtures of the spectrospoke add-on's tests (the core's come from ``lanta.testing``):
an activity partner, a hotel that lends headsets, a headset with its kiosk token, and a
published clip of the activity."""
from __future__ import annotations

import pytest

from lanta_spectrospoke.models import Activity, Clip, Headset, Hotel
from lanta_spectrospoke.services.kiosks import new_token, token_hash
from spectro_testing import make_partner


@pytest.fixture
def spectro_on(enable_addon) -> None:
    enable_addon("spectrospoke")


@pytest.fixture
def activity(dbsession):
    """"Eaux Vives": a rafting partner selling tickets at 35 € a person."""
    partner = make_partner(dbsession, "eaux-vives", "activity", "Eaux Vives",
                           email="resa@eaux-vives.example")
    dbsession.add(Activity(partner_id=partner.id, price_cents=3500, accepts_days=True))
    dbsession.flush()
    return partner


@pytest.fixture
def hotel(dbsession):
    """"Hôtel du Gave", a partner hotel lending headsets, 10 % commission by default."""
    partner = make_partner(dbsession, "hotel-du-gave", "hotel", "Hôtel du Gave",
                           email="accueil@hotel-du-gave.example")
    dbsession.add(Hotel(partner_id=partner.id, default_rate_bp=1000))
    dbsession.flush()
    return partner


@pytest.fixture
def headset(dbsession, hotel):
    """A headset of the hotel and the token of its kiosk address: ``(headset, token)``."""
    token = new_token()
    device = Headset(hotel_id=hotel.id, label="Casque 1", token_hash=token_hash(token))
    dbsession.add(device)
    dbsession.flush()
    return device, token


@pytest.fixture
def clip(dbsession, activity):
    """A published 360° clip of the rafting, played from an address."""
    row = Clip(slug="rafting-gave", title={"fr": "Rafting sur le gave", "en": "Rafting on the river"},
               text={"fr": "Descente en eaux vives.", "en": "Down the white water."},
               partner_id=activity.id, duration_s=95, projection="360_mono",
               video_url="https://videos.example/rafting.mp4", envies=["thrills", "nature"],
               seasons=["spring", "summer"], min_age=8, fitness="moderate",
               narration_language="fr", published=True)
    dbsession.add(row)
    dbsession.flush()
    return row

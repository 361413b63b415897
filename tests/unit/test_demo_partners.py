"""The demo office's directory is big and varied enough to show every feature."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from lanta.models import Partner
from lanta.services import demo, geo, opening_hours
from lanta.services import partners as partners_service
from lanta.services.demo_partners import CENTRE, PARTNERS
from lanta.services.partner_vocabulary import CATEGORIES, ENVIES

PARIS = ZoneInfo("Europe/Paris")


def test_at_least_sixty_partners_in_every_category_and_envie():
    assert len(PARTNERS) >= 60
    assert set(Counter(p["category"] for p in PARTNERS)) == set(CATEGORIES)
    envies = Counter(e for p in PARTNERS for e in p["envies"])
    assert all(envies[e] >= 3 for e in ENVIES), envies


def test_every_partner_is_near_the_town_with_french_and_english_texts():
    centre = geo.Point(*CENTRE)
    for p in PARTNERS:
        assert geo.distance_km(centre, geo.Point(p["lat"], p["lon"])) < 45, p["slug"]
        assert p["name"]["fr"] and p["name"]["en"] and p["summary"]["en"], p["slug"]


def test_the_demo_loads_into_an_empty_site(dbsession):
    demo.load_core(dbsession, [])
    assert dbsession.scalar(select(func.count()).select_from(Partner)) == len(PARTNERS)
    summer_noon = dt.datetime(2026, 7, 15, 12, 30, tzinfo=PARIS)  # a Wednesday
    winter_night = dt.datetime(2027, 1, 20, 4, 0, tzinfo=PARIS)
    open_at_noon = partners_service.find(dbsession, partners_service.PartnerQuery(
        open_now=True, limit=100), summer_noon).total
    open_at_night = partners_service.find(dbsession, partners_service.PartnerQuery(
        open_now=True, limit=100), winter_night).total
    # Restaurants, shops and offices at noon in summer; hotels' night desks and the
    # oases' totems at four in the morning in winter.
    assert open_at_noon > 30
    assert 0 < open_at_night < 15
    unknown = [p.slug for p in dbsession.scalars(select(Partner))
               if not opening_hours.parse(p.opening_hours).known]
    assert len(unknown) == 3

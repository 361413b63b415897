"""The demo office's pages and news: published, in both languages, linked as
translations, inside their folders."""
from __future__ import annotations

import datetime as dt

from lanta.services import content, demo_content, events


def test_demo_content_is_published_in_both_languages_and_linked(dbsession):
    created = demo_content.load(dbsession, None)
    assert created == 2 * (len(demo_content.ITEMS) + len(demo_content.EVENTS))
    now = content.utc_now()
    for language in ("fr", "en"):
        visible = content.visible(dbsession, now, language=language)
        assert len(visible) == len(demo_content.ITEMS) + len(demo_content.EVENTS)
        news = content.visible(dbsession, now, language=language, types=("news",),
                               newest_first=True)
        assert [n.slug for n in news] == ["marche-de-noel", "nouvel-office", "saison-rafting"]
    castle = content.child(dbsession, "fr", content.child(dbsession, "fr", None, "decouvrir"),
                           "chateau")
    assert castle.path == "/decouvrir/chateau"
    assert set(content.translations(dbsession, castle)) == {"fr", "en"}


def test_demo_agenda_has_at_least_ten_events_ahead(dbsession):
    demo_content.load(dbsession, None)
    now = content.utc_now()
    for language in ("fr", "en"):
        ahead = events.agenda(dbsession, language, now, now, now + dt.timedelta(days=40))
        assert len({o.item.slug for o in ahead}) >= 10
        weekly = [o for o in ahead if o.item.slug == "marche-du-samedi"]
        assert len(weekly) >= 5  # a repetition, every week

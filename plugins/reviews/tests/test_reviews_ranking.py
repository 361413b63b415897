"""Search ranking: partners with more published reviews rank higher, through the real
index and the ``lanta_search_boosts`` hook of the enabled add-on."""
from __future__ import annotations

import datetime as dt

from lanta.services import partners as partners_service
from lanta.services import site_search
from lanta_reviews.services import ranking
from reviews_support import add_review

NOW = dt.datetime(2026, 7, 14, 10, 0, tzinfo=dt.timezone.utc)


def listing(slug: str) -> dict:
    # Alike in every word: only the reviews tell them apart. "Auberge a" sorts first by
    # slug and id: the unboosted order puts it before the reviewed one.
    return {"slug": slug, "category": "restaurant", "name": {"fr": "Auberge du Gave"},
            "summary": {"fr": "Cuisine du terroir au bord du gave"}}


def ranked(dbsession, search_index) -> list[str]:
    results = site_search.search(dbsession, search_index,
                                 site_search.SiteQuery(q="auberge gave", lang="fr"), NOW)
    return [hit.id.rsplit(":", 1)[0] for hit in results.hits]


def test_factor_grows_with_the_count_and_stops():
    assert ranking.factor(0) == 1.0
    assert ranking.factor(1) < ranking.factor(2) < ranking.factor(8)
    assert ranking.factor(8) == ranking.factor(30) == 3.0


def test_search_boosts_counts_only_published(dbsession, tester, make_partner):
    plain, reviewed = make_partner("plain"), make_partner("reviewed")
    for season, status in ((2021, "published"), (2022, "published"), (2023, "private"),
                           (2024, "unpublished"), (2025, "pending")):
        add_review(dbsession, tester, reviewed, status, season)
    add_review(dbsession, tester, plain, "rejected", 2025)
    key = f"partner:{reviewed.id}"
    assert ranking.search_boosts(dbsession, None) == {key: ranking.factor(2)}
    assert ranking.search_boosts(dbsession, [key, f"partner:{plain.id}"]) == \
        {key: ranking.factor(2)}
    assert ranking.search_boosts(dbsession, [f"partner:{plain.id}", "content:3"]) == {}
    assert ranking.search_boosts(dbsession, ["content:3", "partner:x"]) == {}


def test_hook_lanta_search_boosts(dbsession, reviews_on, disable_addon, tester, reindex,
                                  search_index):
    first = partners_service.create(dbsession, listing("auberge-a"))
    second = partners_service.create(dbsession, listing("auberge-b"))
    add_review(dbsession, tester, second, "published", 2024)
    add_review(dbsession, tester, second, "published", 2025)
    add_review(dbsession, tester, first, "private", 2025)
    reindex()
    assert ranked(dbsession, search_index) == [f"partner:{second.id}", f"partner:{first.id}"]

    disable_addon("reviews")
    reindex()
    assert ranked(dbsession, search_index) == [f"partner:{first.id}", f"partner:{second.id}"]

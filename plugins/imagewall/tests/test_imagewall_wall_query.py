"""The wall's queries (``services.wall``): only approved and ready items, the filters,
keyset pages that neither repeat nor skip an item, even among items approved at the
same instant, and a page read in a fixed number of queries whatever its size."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from lanta.models import utcnow
from lanta.services.errors import NotFound
from lanta_imagewall.models import Item
from lanta_imagewall.services import wall
from wall_testing import make_partner, make_photo, make_webcam


def copies(dbsession, model: Item, count: int, start: dt.datetime, **changes) -> list[Item]:
    """``count`` approved items like ``model`` (sharing its picture), one a minute back
    from ``start``, and every third at the same instant as the one before (ties)."""
    made, moment = [], start
    for n in range(count):
        if n % 3:
            moment -= dt.timedelta(minutes=1)
        values = {"kind": model.kind, "status": "approved", "processing": "ready",
                  "caption": f"Photo {n}", "credit": "Anne", "image_id": model.image_id,
                  "tags": list(model.tags), "approved_at": moment, "created_at": moment}
        values.update(changes)
        made.append(Item(**values))
    dbsession.add_all(made)
    dbsession.flush()
    return made


def all_pages(dbsession, **filters) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        query = wall.check_query(filters.get("tag"), filters.get("partner"),
                                 filters.get("kind"), filters.get("limit", 10), cursor)
        found = wall.page(dbsession, query)
        pages.append([item.id for item in found.items])
        cursor = found.next_cursor
        if cursor is None:
            return pages


def test_pages_cover_every_shown_item_once_newest_first(dbsession, uploads_dir):
    model = make_photo(dbsession, uploads_dir, when=utcnow() - dt.timedelta(days=30))
    items = copies(dbsession, model, 45, utcnow())
    pages = all_pages(dbsession, limit=10)
    seen = [item_id for page in pages for item_id in page]
    assert [len(p) for p in pages] == [10, 10, 10, 10, 6]
    assert len(seen) == len(set(seen)) == 46
    expected = sorted([*items, model], key=lambda i: (i.approved_at, i.id), reverse=True)
    assert seen == [item.id for item in expected]


def test_an_item_approved_while_paging_neither_repeats_nor_hides_one(dbsession, uploads_dir):
    model = make_photo(dbsession, uploads_dir, when=utcnow() - dt.timedelta(days=30))
    copies(dbsession, model, 20, utcnow() - dt.timedelta(hours=1))
    first = wall.page(dbsession, wall.check_query(None, None, None, 10, None))
    copies(dbsession, model, 3, utcnow())  # newer than everything already shown
    cursor, later = first.next_cursor, []
    while cursor:
        found = wall.page(dbsession, wall.check_query(None, None, None, 10, cursor))
        later += [i.id for i in found.items]
        cursor = found.next_cursor
    shown = [i.id for i in first.items] + later
    assert len(shown) == len(set(shown)) == 21


def test_pending_rejected_processing_and_failed_items_are_never_shown(dbsession, uploads_dir,
                                                                      place):
    shown = make_photo(dbsession, uploads_dir, partner=place)
    hidden = [make_photo(dbsession, uploads_dir, status="pending", partner=place),
              make_photo(dbsession, uploads_dir, status="rejected", partner=place)]
    for state in ("queued", "processing", "failed"):
        item = make_photo(dbsession, uploads_dir, partner=place)
        item.processing = state
        hidden.append(item)
    make_webcam(dbsession, status="pending", partner=place)
    dbsession.flush()
    found = wall.page(dbsession, wall.check_query(None, None, None, 48, None))
    assert [i.id for i in found.items] == [shown.id]
    assert [i.id for i in wall.partner_items(dbsession, place.id)] == [shown.id]
    assert wall.partner_item_count(dbsession, place.id) == 1
    for item in hidden:
        with pytest.raises(NotFound):
            wall.shown_item(dbsession, item.id)
    assert wall.shown_item(dbsession, shown.id) == (shown, place)


def test_filters_by_activity_place_other_places_and_kind(dbsession, uploads_dir, place):
    other = make_partner(dbsession, "gave-rafting", "activity", "Gave Rafting")
    food = make_photo(dbsession, uploads_dir, tags=("food", "culture"), partner=place)
    thrills = make_photo(dbsession, uploads_dir, tags=("thrills",), partner=other)
    nowhere = make_photo(dbsession, uploads_dir, tags=("nature",), place_name="Lac d'Aubert")
    webcam = make_webcam(dbsession, partner=other)

    def ids(**filters) -> set[int]:
        return {i for page in all_pages(dbsession, **filters) for i in page}

    assert ids(tag="food") == {food.id}
    assert ids(tag="culture") == {food.id}
    assert ids(tag="sport") == set()
    assert ids(partner=str(other.id)) == {thrills.id, webcam.id}
    assert ids(partner="other") == {nowhere.id}
    assert ids(kind="webcam_image") == {webcam.id}
    assert ids(tag="thrills", partner=str(other.id), kind="photo") == {thrills.id}
    listed, others = wall.place_counts(dbsession)
    assert [(p.slug, n) for p, n in listed] == [("gave-rafting", 2), ("cafe-des-pyrenees", 1)]
    assert others == 1


@pytest.mark.parametrize("given", [
    {"tag": "skiing"}, {"partner": "abc"}, {"partner": "99999999999"}, {"kind": "gif"},
    {"limit": 0}, {"limit": 101}, {"cursor": "not-a-cursor"}, {"cursor": "WzEsMl0"}])
def test_a_bad_filter_or_cursor_is_refused_with_a_sentence(given):
    values = {"tag": None, "partner": None, "kind": None, "limit": 10, "cursor": None,
              **given}
    with pytest.raises(wall.BadWallQuery) as refused:
        wall.check_query(values["tag"], values["partner"], values["kind"], values["limit"],
                         values["cursor"])
    assert refused.value.status == 400 and str(refused.value).endswith(".")


def test_a_page_takes_the_same_few_queries_for_10_or_48_items(dbsession, uploads_dir, place):
    other = make_partner(dbsession, "gave-rafting", "activity", "Gave Rafting")
    model = make_photo(dbsession, uploads_dir, partner=place)
    copies(dbsession, model, 30, utcnow(), partner_id=place.id)
    copies(dbsession, model, 30, utcnow() - dt.timedelta(days=1), partner_id=other.id)
    listings = {place.id, other.id}
    dbsession.expire_all()
    statements: list[str] = []

    def count(*args) -> None:
        statements.append(args[2])

    connection = dbsession.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        for limit in (10, 48):
            statements.clear()
            found = wall.page(dbsession, wall.check_query(None, None, None, limit, None))
            assert len(found.items) == limit
            assert all(i.image is not None and i.image.widths for i in found.items)
            assert set(found.partners) <= listings
            # The items with their pictures (joined), then their listings.
            assert len(statements) == 2, statements
    finally:
        event.remove(connection, "before_cursor_execute", count)

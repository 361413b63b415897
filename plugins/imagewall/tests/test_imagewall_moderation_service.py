"""The moderation service: decisions over one item or several (all or none), the rules
of approval and featuring, edits checked like contributions, the queue's tabs and order,
and the removal of a contributor's items with their files once committed."""
from __future__ import annotations

import datetime as dt

import pytest
import transaction
from transaction.interfaces import NoTransaction

from lanta.models import StoredImage
from lanta.services.errors import Conflict, InvalidField
from lanta.services.partner_vocabulary import ENVIES
from lanta_imagewall.models import Item
from lanta_imagewall.services import moderation
from lanta_imagewall.services.moderation import Details

from wall_testing import make_partner, make_photo, make_webcam

NOW = dt.datetime(2026, 7, 14, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def tm():
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    yield manager
    try:
        manager.abort()
    except NoTransaction:  # the test committed last
        pass


@pytest.fixture
def editor(users):
    return users["editor"].id


def pending(dbsession, tmp_path, **kw) -> Item:
    return make_photo(dbsession, tmp_path, status="pending", **kw)


def test_approve_sets_state_and_first_approval_time(dbsession, tmp_path, editor):
    item = pending(dbsession, tmp_path)
    assert moderation.approve(dbsession, [item], editor, NOW) == 1
    assert item.status == "approved" and item.approved_at == NOW
    assert item.moderated_by == editor and item.moderated_at == NOW
    later = NOW + dt.timedelta(days=3)
    moderation.reject(dbsession, [item], editor, later, "Blurred")
    moderation.approve(dbsession, [item], editor, later)
    # Approved again, it keeps its place among the recent ones.
    assert item.status == "approved" and item.approved_at == NOW
    assert item.reject_reason == "" and item.moderated_at == later


@pytest.mark.parametrize("state", ["queued", "processing", "failed"])
def test_item_not_ready_is_not_approved_nor_any_of_its_batch(dbsession, tmp_path, editor,
                                                             state):
    ready = pending(dbsession, tmp_path)
    busy = pending(dbsession, tmp_path, caption="En cours")
    busy.processing = state
    with pytest.raises(Conflict) as refused:
        moderation.approve(dbsession, [ready, busy], editor, NOW)
    assert f"#{busy.id}" in str(refused.value) and f"#{ready.id}" not in str(refused.value)
    assert ready.status == "pending" and busy.status == "pending"


def test_reject_needs_a_short_reason_and_unfeatures(dbsession, tmp_path, editor):
    item = make_photo(dbsession, tmp_path, featured=True)
    for reason in ("", "   ", "x" * 501):
        with pytest.raises(InvalidField) as refused:
            moderation.reject(dbsession, [item], editor, NOW, reason)
        assert refused.value.on == "reason"
    assert item.status == "approved" and item.featured
    told = moderation.reject(dbsession, [item], editor, NOW, "  Not  in Pau ")
    assert told == [item]
    assert item.status == "rejected" and not item.featured
    assert item.reject_reason == "Not in Pau"
    # The same rejection again tells nobody twice; a new reason does.
    assert moderation.reject(dbsession, [item], editor, NOW, "Not in Pau") == []
    assert moderation.reject(dbsession, [item], editor, NOW, "Blurred") == [item]


def test_a_processing_item_may_be_rejected(dbsession, tmp_path, editor):
    item = pending(dbsession, tmp_path)
    item.processing = "processing"
    moderation.reject(dbsession, [item], editor, NOW, "Off topic")
    assert item.status == "rejected"


def test_featuring_approves_a_pending_item_and_refuses_a_rejected_one(dbsession, tmp_path,
                                                                     editor):
    waiting = pending(dbsession, tmp_path)
    moderation.feature(dbsession, [waiting], editor, NOW, on=True)
    assert waiting.status == "approved" and waiting.featured and waiting.approved_at == NOW
    rejected = make_photo(dbsession, tmp_path, status="rejected")
    with pytest.raises(Conflict, match="approve them first"):
        moderation.feature(dbsession, [waiting, rejected], editor, NOW, on=True)
    assert not rejected.featured and rejected.status == "rejected"
    moderation.feature(dbsession, [waiting], editor, NOW, on=False)
    assert not waiting.featured and waiting.status == "approved"


def test_featuring_an_item_still_processing_is_refused(dbsession, tmp_path, editor):
    item = pending(dbsession, tmp_path)
    item.processing = "queued"
    with pytest.raises(Conflict):
        moderation.feature(dbsession, [item], editor, NOW, on=True)
    assert not item.featured and item.status == "pending"


def test_retry_only_a_failed_item(dbsession, tmp_path):
    item = pending(dbsession, tmp_path)
    with pytest.raises(Conflict):
        moderation.retry(dbsession, item)
    item.processing, item.processing_attempts = "failed", 3
    item.processing_error = "The worker stopped."
    moderation.retry(dbsession, item)
    assert (item.processing, item.processing_attempts, item.processing_error) == \
        ("queued", 0, "")


def test_edit_cleans_and_keeps_vocabulary_order(dbsession, tmp_path, place):
    item = pending(dbsession, tmp_path)
    moderation.edit(dbsession, item, Details(
        caption="  Le  marché des Halles ", credit=" Jo ", tags=("food", "culture"),
        partner_id=place.id, place_name=" Halles de Pau ", lat=43.29, lon=-0.37))
    assert item.caption == "Le marché des Halles" and item.credit == "Jo"
    assert item.tags == [tag for tag in ENVIES if tag in ("food", "culture")]
    assert item.partner_id == place.id and item.place_name == "Halles de Pau"
    assert item.image.alt == "Le marché des Halles"


@pytest.mark.parametrize("changes, field", [
    ({"caption": ""}, "caption"),
    ({"caption": "x" * 281}, "caption"),
    ({"credit": "x" * 81}, "credit"),
    ({"tags": ("boredom",)}, "tags"),
    ({"place_name": "x" * 121}, "place_name"),
    ({"partner_id": 999_999}, "partner_id"),
    ({"lat": 43.2}, "lon"),
])
def test_edit_refusals_name_the_field_and_write_nothing(dbsession, tmp_path, changes, field):
    item = pending(dbsession, tmp_path)
    details = Details(caption="Nouveau", **{k: v for k, v in changes.items()
                                            if k != "caption"})
    if "caption" in changes:
        details = Details(caption=changes["caption"])
    with pytest.raises(InvalidField) as refused:
        moderation.edit(dbsession, item, details)
    assert refused.value.on == field
    assert item.caption == "Le pic du Midi d'Ossau"


def test_edit_refuses_an_unpublished_listing(dbsession, tmp_path):
    hidden = make_partner(dbsession, "ferme-cachee", "shop", "Ferme cachée")
    hidden.published = False
    dbsession.flush()
    item = pending(dbsession, tmp_path)
    with pytest.raises(InvalidField) as refused:
        moderation.edit(dbsession, item, Details(caption="Ferme", partner_id=hidden.id))
    assert refused.value.on == "partner_id" and item.partner_id is None


@pytest.mark.parametrize("form, field", [
    ({"lat": "north"}, "lat"), ({"lat": "91", "lon": "0"}, "lat"),
    ({"lat": "43", "lon": "-181"}, "lon"), ({"lat": "nan", "lon": "0"}, "lat"),
    ({"partner_id": "3; drop"}, "partner_id"),
])
def test_form_numbers_are_checked(form, field):
    with pytest.raises(InvalidField) as refused:
        moderation.details_from_form({"caption": "Pau", **form}, ())
    assert refused.value.on == field


def test_form_reads_decimal_commas():
    details = moderation.details_from_form({"caption": "Pau", "lat": "43,295",
                                            "lon": "-0,37", "partner_id": ""}, ["sport"])
    assert (details.lat, details.lon, details.partner_id, details.tags) == \
        (43.295, -0.37, None, ("sport",))


def test_queue_tabs_kinds_and_order(dbsession, tmp_path):
    old = pending(dbsession, tmp_path, when=NOW - dt.timedelta(days=2), caption="old")
    new = pending(dbsession, tmp_path, when=NOW, caption="new")
    failed = pending(dbsession, tmp_path, when=NOW - dt.timedelta(days=1), caption="failed")
    failed.processing = "failed"
    shown = make_photo(dbsession, tmp_path, when=NOW - dt.timedelta(days=5), caption="shown")
    star = make_photo(dbsession, tmp_path, when=NOW - dt.timedelta(days=4), featured=True,
                      caption="star")
    gone = make_photo(dbsession, tmp_path, status="rejected", caption="gone")
    cam = make_webcam(dbsession)
    dbsession.flush()

    def captions(tab, kind=""):
        return [i.caption for i in moderation.queue(dbsession, tab, kind).items]
    # Waiting items oldest first, so that none waits behind newer ones.
    assert captions("waiting") == ["old", "failed", "new"]
    assert captions("failed") == ["failed"]
    assert captions("featured") == ["star"]
    assert captions("rejected") == ["gone"]
    assert captions("approved", "webcams") == [cam.caption]
    assert captions("approved", "photos") == ["star", "shown"]
    assert captions("all", "clips") == []
    assert len(captions("all")) == 7 and captions("nonsense") == captions("waiting")
    assert moderation.count_waiting(dbsession) == 3
    assert {old.id, new.id, shown.id, gone.id} <= {i.id for i in
                                                   moderation.queue(dbsession, "all").items}


def test_queue_pages_of_thirty(dbsession, tmp_path):
    for number in range(31):
        dbsession.add(Item(kind="webcam_image", status="pending", caption=f"cam {number}",
                           webcam_url=f"https://cams.example/{number}.jpg", refresh_s=60,
                           processing="ready", created_at=NOW + dt.timedelta(minutes=number)))
    dbsession.flush()
    first = moderation.queue(dbsession, "waiting", page=1)
    last = moderation.queue(dbsession, "waiting", page=9)  # past the end: the last page
    assert (first.total, first.pages, len(first.items)) == (31, 2, 30)
    assert last.page == 2 and [i.caption for i in last.items] == ["cam 30"]


def test_contributor_items_whatever_the_case(dbsession, tmp_path):
    mine = [pending(dbsession, tmp_path, email="Anne.Martin@Example.org"),
            make_photo(dbsession, tmp_path, email="anne.martin@example.org")]
    pending(dbsession, tmp_path, email="paul@example.org")
    found = moderation.contributor_items(dbsession, "  ANNE.martin@example.ORG ")
    assert {item.id for item in found} == {item.id for item in mine}
    assert moderation.contributor_items(dbsession, "") == []


@pytest.mark.parametrize("committed", [True, False], ids=["committed", "rolled_back"])
def test_removal_deletes_rows_now_and_files_only_once_committed(dbsession, tmp_path, tm,
                                                                committed):
    items = [pending(dbsession, tmp_path, email="anne@example.org"),
             make_photo(dbsession, tmp_path, email="ANNE@example.org")]
    other = make_photo(dbsession, tmp_path, email="paul@example.org")
    folders = [tmp_path / "images" / item.image.key for item in items]
    image_ids = [item.image_id for item in items]
    assert all(folder.is_dir() for folder in folders)
    assert moderation.remove_contributor_items(dbsession, tmp_path, "anne@example.org",
                                               tm) == 2
    assert moderation.contributor_items(dbsession, "anne@example.org") == []
    assert all(dbsession.get(StoredImage, i) is None for i in image_ids)
    # A rollback would need the files again: they stay until the commit.
    assert all(folder.is_dir() for folder in folders)
    if committed:
        tm.commit()
        assert not any(folder.exists() for folder in folders)
    else:
        tm.abort()
        assert all(folder.is_dir() for folder in folders)
    assert (tmp_path / "images" / other.image.key).is_dir()

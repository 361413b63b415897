"""The items' feed keeps to its OpenAPI document (schemathesis: generated
requests, valid and not, every check), with approved items of every kind, hidden ones
beside them, and a listing to filter on."""
from __future__ import annotations

from schemathesis.specs.openapi.checks import positive_data_acceptance

from lanta.testing import check_every_operation
from lanta_imagewall.models import Item
from lanta_imagewall.services import wall
from wall_testing import make_photo, make_webcam

ITEMS_OPERATIONS = {"GET /api/v1/imagewall/items", "GET /api/v1/imagewall/items/{id}"}


def test_the_items_feed_keeps_to_its_document(imagewall_on, api_schema, dbsession,
                                              uploads_dir, place):
    photo = make_photo(dbsession, uploads_dir, partner=place, tags=("food",))
    make_photo(dbsession, uploads_dir, status="pending")
    make_webcam(dbsession)
    make_webcam(dbsession, kind="webcam_stream", url="https://webcams.example/live.m3u8")
    dbsession.add(Item(kind="clip", status="approved", processing="ready", caption="Clip",
                       credit="Marc", video_name="abc.mp4", video_type="mp4",
                       approved_at=photo.approved_at, image_id=photo.image_id))
    dbsession.flush()
    assert wall.page(dbsession, wall.check_query(None, None, None, 48, None)).items
    items_only = api_schema.include(path_regex="^/api/v1/imagewall/items")
    # A cursor is opaque: any string fits the document, but only those the feed gave
    # mean something, and another is refused with 400 and a sentence, which that one
    # check counts against the API (so is a language this site does not speak). Every
    # other check holds.
    tried = check_every_operation(items_only, excluded_checks=[positive_data_acceptance])
    assert set(tried) == ITEMS_OPERATIONS

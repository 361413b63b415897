"""The playlists' feed keeps to its OpenAPI document (schemathesis: generated
requests, valid and not, every check), with a playlist playing a photo and a webcam."""
from __future__ import annotations

from schemathesis.specs.openapi.checks import positive_data_acceptance

from lanta.testing import check_every_operation
from lanta_imagewall.services import playlists as service

from wall_testing import make_photo, make_webcam

PLAYLIST_OPERATIONS = {"GET /api/v1/imagewall/playlists",
                       "GET /api/v1/imagewall/playlists/{slug}"}


def test_the_playlists_feed_keeps_to_its_document(imagewall_on, api_schema, dbsession,
                                                  uploads_dir, place):
    make_photo(dbsession, uploads_dir, partner=place, tags=("food",))
    make_webcam(dbsession)
    service.create(dbsession, {"name": "Web TV", "slug": "web-tv"})
    playlists_only = api_schema.include(path_regex="^/api/v1/imagewall/playlists")
    # A language this site does not speak is refused with 400 and a sentence, which
    # that one check counts against the API; every other check holds.
    tried = check_every_operation(playlists_only, excluded_checks=[positive_data_acceptance])
    assert set(tried) == PLAYLIST_OPERATIONS

"""``lanta import datatourisme PATH…``, run for real in subprocesses against a migrated
database (on SQLite, and on PostgreSQL too when LANTA_TEST_DATABASE_URL is set).

Imports are idempotent by identifier; a missing path or a file that is not JSON is one
sentence on stderr with exit status 1 and nothing written; skipped objects are listed on
stderr and do not fail the command.
"""
from __future__ import annotations

import json
from pathlib import Path

from webtest import TestApp

from lanta import main as make_app
from lanta import models
from lanta.testing import app_settings_for

from cli_site import migrated_site, one_sentence  # noqa: F401 (a fixture)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "datatourisme"
BAD_SAMPLES = SAMPLES.with_name("datatourisme-bad")
HOTEL_ID = "https://data.datatourisme.fr/64/7d1e5a40-3c2b-3f1a-9e8d-5a6b7c8d9e01"


def test_importing_twice_creates_once_then_changes_nothing(site):
    first = site.lanta("import", "datatourisme", str(SAMPLES))
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "Imported 10 objects: 8 created, 0 updated, 0 unchanged, 2 skipped."]
    skipped = first.stderr.splitlines()
    assert len(skipped) == 3 and "Traceback" not in first.stderr
    assert skipped[0].startswith(f"Skipped {SAMPLES / 'no-label.json'} (https://")
    assert skipped[0].endswith("): It has no name (rdfs:label).")
    assert skipped[1].startswith(f"Skipped {SAMPLES / 'unknown-type.json'} (https://")
    assert skipped[2] == "2 of 10 objects were skipped (reasons above); the others were " \
                         "imported."
    assert site.count(models.Partner) == 8

    second = site.lanta("import", "datatourisme", str(SAMPLES))
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [
        "Imported 10 objects: 0 created, 0 updated, 8 unchanged, 2 skipped."]
    assert site.count(models.Partner) == 8


def test_a_changed_object_is_updated_and_the_api_shows_it(site, tmp_path):
    assert site.lanta("import", "datatourisme", str(SAMPLES / "hotel.json")).returncode == 0
    hotel = json.loads((SAMPLES / "hotel.json").read_text(encoding="utf-8"))
    hotel["rdfs:label"]["fr"] = ["Grand Hôtel des Pyrénées"]
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "hotel.json").write_text(json.dumps(hotel), encoding="utf-8")

    result = site.lanta("import", "datatourisme", str(changed),
                        str(SAMPLES / "museum.json"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Imported 2 objects: 1 created, 1 updated, 0 unchanged, 0 skipped."]
    assert result.stderr == ""

    app = make_app({}, **app_settings_for(site.db_url, tmp_path / "var"))
    try:
        client = TestApp(app, extra_environ={"HTTP_HOST": "localhost",
                                             "REMOTE_ADDR": "127.0.0.1"})
        found = client.get("/api/v1/partners", params={"category": "hotel",
                                                       "lang": "fr"}).json
    finally:
        app.registry.lanta_engine.dispose()
    assert found["total"] == 1
    item = found["items"][0]
    assert (item["slug"], item["name"], item["lat"], item["lon"]) == (
        "hotel-des-pyrenees", "Grand Hôtel des Pyrénées", 43.2957, -0.3701)
    assert {p.external_id for p in site.partners()} >= {HOTEL_ID}


def test_a_missing_path_is_one_sentence_and_nothing_is_written(site, tmp_path):
    missing = tmp_path / "nowhere"
    message = one_sentence(site.lanta("import", "datatourisme", str(SAMPLES), str(missing)))
    assert message == f"{missing} does not exist."
    assert site.count(models.Partner) == 0


def test_a_file_that_is_not_json_is_one_sentence_and_nothing_is_written(site):
    # The folder's first file is a valid object; the second is cut short.
    message = one_sentence(site.lanta("import", "datatourisme", str(BAD_SAMPLES)))
    assert message.startswith(f"The file {BAD_SAMPLES / 'broken.json'} is not valid JSON "
                              "(line ")
    assert site.count(models.Partner) == 0


def test_no_path_is_a_usage_error(site):
    message = one_sentence(site.lanta("import", "datatourisme"), status=2)
    assert "Missing argument 'PATH...'" in message

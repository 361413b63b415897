"""The worker on a committed database, in real server processes: an upload left queued
before the server starts is processed at start (what a restart finds), an upload sent
over HTTP is processed without anyone calling for it, and two workers' sessions never
claim the same item."""
from __future__ import annotations

import io
import re
import time
import urllib.parse

import requests
from sqlalchemy import select

from lanta.services import addons as addons_service
from lanta.testing import jpeg_with_gps, png_bytes
from lanta_imagewall.models import Item
from lanta_imagewall.services import contributions, processing

# How long to wait for the worker before giving up (a bound on the wait, not a
# measure: the item is usually ready within a second).
PATIENCE_S = 60


def ready_site(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "imagewall", True)
        dbsession.commit()
    return site


def queue_photo(site, caption: str) -> int:
    with site.session() as dbsession:
        item = contributions.contribute(
            dbsession, site.directory / "var" / "uploads", upload=io.BytesIO(png_bytes()),
            caption=caption, credit="Anne", accepted_terms=True, people_consent=True)
        dbsession.commit()
        return item.id


def wait_until_processed(site, item_id: int) -> Item:
    deadline = time.monotonic() + PATIENCE_S
    while True:
        with site.session() as dbsession:
            item = dbsession.get(Item, item_id)
            if item.processing in ("ready", "failed") or time.monotonic() > deadline:
                dbsession.expunge(item)
                return item
        time.sleep(0.2)


def test_worker_processes_queued_items_at_start_and_new_uploads_at_once(live_site_factory):
    site = ready_site(live_site_factory)
    left_behind = queue_photo(site, "Sent before the restart")
    server = site.start_server()
    assert wait_until_processed(site, left_behind).processing == "ready", server.log()

    browser = requests.Session()
    page = browser.get(server.url + "/fr/wall/contribute", timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    sent = browser.post(server.url + "/fr/wall/contribute", timeout=30, data={
        "csrf_token": token, "caption": "Le lac de Bious-Artigues", "credit": "Paul",
        "accepted_terms": "yes", "people_consent": "yes"},
        files={"upload": ("IMG_2041.JPG", jpeg_with_gps(), "image/jpeg")},
        allow_redirects=False)
    assert sent.status_code == 303, sent.text
    assert urllib.parse.urlsplit(sent.headers["Location"]).path == "/fr/wall/contribute/sent"
    with site.session() as dbsession:
        new_id = dbsession.scalar(select(Item.id).where(
            Item.caption == "Le lac de Bious-Artigues"))
    item = wait_until_processed(site, new_id)
    assert item.processing == "ready" and item.image_id is not None, server.log()


def test_two_workers_never_claim_the_same_item(live_site_factory):
    site = ready_site(live_site_factory)
    item_id = queue_photo(site, "Claimed once")
    first, second = site.session(), site.session()
    try:
        assert processing.claim(first, item_id)
        first.commit()
        assert not processing.claim(second, item_id)
        second.commit()
        assert second.get(Item, item_id).processing_attempts == 1
    finally:
        first.close()
        second.close()


def test_command_processes_every_queued_upload(live_site_factory, run_lanta):
    site = ready_site(live_site_factory)
    ids = [queue_photo(site, f"Queued {n}") for n in range(2)]
    done = run_lanta(site, "imagewall", "process")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2 item(s) processed."
    with site.session() as dbsession:
        assert [dbsession.get(Item, i).processing for i in ids] == ["ready", "ready"]
    again = run_lanta(site, "imagewall", "process")
    assert again.stdout.strip() == "0 item(s) processed."

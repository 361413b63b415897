"""The screen's player in Chromium on a real server: it plays the playlist, picks up a
newly approved item without a reload, keeps the same number of elements however many
items it has shown, and shows its calm message when the playlist has nothing."""
from __future__ import annotations

import secrets

import pytest

from lanta.models import utcnow
from lanta.services import addons as addons_service
from lanta.testing import mp4_bytes
from lanta_imagewall.models import Item
from lanta_imagewall.services import files
from lanta_imagewall.services import playlists as service

from wall_testing import make_photo

pytestmark = pytest.mark.browser

SHOWN_CAPTION = "#screen .screen-layer.is-shown .screen-caption"
COUNTS = """() => ({all: document.getElementsByTagName("*").length,
                    img: document.getElementsByTagName("img").length,
                    video: document.getElementsByTagName("video").length})"""


@pytest.fixture
def screen_site(live_site_factory):
    """A live site with the add-on on, one approved photo, the playlist "web-tv" and
    an empty one ("featured only", nothing featured)."""
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "imagewall", True)
        make_photo(dbsession, site.directory / "var" / "uploads",
                   caption="Le pic du Midi d'Ossau", credit="Anne")
        service.create(dbsession, {"name": "Web TV", "slug": "web-tv"})
        service.create(dbsession, {"name": "Vitrine", "slug": "vitrine",
                                   "featured_only": True})
        dbsession.commit()
    return site, site.start_server()


def turns(page) -> int:
    return int(page.get_attribute("#screen", "data-turns") or 0)


def test_screen_plays_picks_up_new_items_and_keeps_its_dom(screen_site, browser_page):
    site, server = screen_site
    page = browser_page
    page.goto(f"{server.url}/fr/wall/screens/web-tv?poll=1&seconds=2")
    page.wait_for_url("**/fr/wall/screens/web-tv**")
    page.wait_for_selector(f"{SHOWN_CAPTION}:has-text(\"Le pic du Midi d'Ossau\")")
    assert "Anne" in page.inner_text("#screen .screen-layer.is-shown .screen-author")
    first = page.evaluate(COUNTS)
    assert (first["img"], first["video"]) == (2, 2)

    with site.session() as dbsession:
        make_photo(dbsession, site.directory / "var" / "uploads",
                   caption="Les arènes de Pau sous la neige", credit="Marc",
                   colour=(200, 40, 40))
        dbsession.commit()
    page.wait_for_selector(f"{SHOWN_CAPTION}:has-text(\"Les arènes de Pau\")",
                           timeout=30_000)
    assert "Marc" in page.inner_text("#screen .screen-layer.is-shown .screen-author")

    start = turns(page)
    # 20 items later, between two items (one layer shown, the other idle).
    page.wait_for_function(
        f"""Number(document.getElementById('screen').dataset.turns) >= {start + 20}
            && document.querySelector('.screen-layer[data-state=idle]') !== null""",
        timeout=120_000)
    later, idle = page.evaluate(f"""() => [({COUNTS})(), Array.from(
        document.querySelectorAll('.screen-layer[data-state=idle]'),
        (layer) => [layer.hidden, layer.querySelector('img').src.startsWith('data:'),
                    layer.querySelector('video').getAttribute('src')])]""")
    assert later == first
    # The layer out of sight holds only the blank pixel and no video: its decoders
    # are free. (Only photos play here, so the shown layer's video is empty too.)
    assert idle == [[True, True, None]]


def test_screen_with_nothing_to_play_shows_the_calm_message(screen_site, browser_page):
    _site, server = screen_site
    page = browser_page
    page.goto(f"{server.url}/en/wall/screens/vitrine?poll=1&seconds=1")
    page.wait_for_url("**/en/wall/screens/vitrine**")
    page.wait_for_selector(".screen-empty:not([hidden])")
    assert page.locator(".screen-layer:not([hidden])").count() == 0


def test_clip_plays_muted_and_moves_on_when_it_ends(screen_site, browser_page):
    site, server = screen_site
    name = f"{secrets.token_hex(16)}.mp4"
    videos = files.videos_dir(site.directory / "var" / "uploads")
    videos.mkdir(parents=True, exist_ok=True)
    (videos / name).write_bytes(mp4_bytes(seconds=1.0))
    with site.session() as dbsession:
        moment = utcnow()
        dbsession.add(Item(kind="clip", status="approved", processing="ready",
                           caption="Le gave en crue", credit="Lou", video_name=name,
                           video_type="mp4", duration_s=1.0, created_at=moment,
                           approved_at=moment, terms_accepted_at=moment,
                           terms_version="test", people_consent=True))
        service.create(dbsession, {"name": "Clips", "slug": "clips", "kinds": ["clip"]})
        dbsession.commit()
    page = browser_page
    # Media events do not bubble, but a listener on the capture phase sees them.
    page.add_init_script("""document.addEventListener("ended",
        () => { window.clipsEnded = (window.clipsEnded || 0) + 1; }, true);""")
    # A photo would stay 600 s: only the clip's end can move the player on.
    page.goto(f"{server.url}/fr/wall/screens/clips?poll=1&seconds=600")
    page.wait_for_url("**/fr/wall/screens/clips**")
    page.wait_for_selector(f"{SHOWN_CAPTION}:has-text('Le gave en crue')")
    video = "#screen .screen-layer.is-shown video"
    assert page.get_attribute(video, "src").endswith(f"/imagewall/videos/{name}")
    assert page.evaluate(f"document.querySelector('{video}').muted") is True
    start = turns(page)
    page.wait_for_function("window.clipsEnded >= 1")
    page.wait_for_function(
        f"Number(document.getElementById('screen').dataset.turns) > {start}")


def test_credit_is_printed_as_typed_and_a_broken_clip_is_skipped(screen_site,
                                                                  browser_page):
    site, server = screen_site
    with site.session() as dbsession:
        moment = utcnow()
        # Its video file is missing: the feed gives an address that answers 404.
        broken = Item(kind="clip", status="approved", processing="ready",
                      caption="Clip introuvable", credit="Lou",
                      video_name=f"{secrets.token_hex(16)}.mp4", video_type="mp4",
                      duration_s=4.0, created_at=moment, approved_at=moment,
                      terms_accepted_at=moment, terms_version="test", people_consent=True)
        dbsession.add(broken)
        make_photo(dbsession, site.directory / "var" / "uploads", caption="Le lac",
                   credit="Jo $& $1 $$ $'")
        service.create(dbsession, {"name": "Mélange", "slug": "melange"})
        dbsession.commit()
        broken_id = broken.id
    page = browser_page
    # Every item the player put on screen, in order (data-shown changes with each).
    page.add_init_script("""window.shownIds = [];
        new MutationObserver((changes) => changes.forEach((change) =>
            window.shownIds.push(change.target.dataset.shown)))
          .observe(document, {subtree: true, attributes: true,
                              attributeFilter: ["data-shown"]});""")
    page.goto(f"{server.url}/fr/wall/screens/melange?poll=1&seconds=1")
    page.wait_for_url("**/fr/wall/screens/melange**")
    page.wait_for_selector(f"{SHOWN_CAPTION}:has-text('Le lac')")
    author = page.inner_text("#screen .screen-layer.is-shown .screen-author")
    assert "Jo $& $1 $$ $'" in author
    # Round the list twice: the broken clip is tried and skipped each time.
    page.wait_for_function("Number(document.getElementById('screen').dataset.skipped) >= 2",
                           timeout=60_000)
    shown = page.evaluate("window.shownIds")
    assert shown and str(broken_id) not in shown

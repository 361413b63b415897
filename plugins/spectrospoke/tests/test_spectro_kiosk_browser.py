"""The kiosk in Chromium on a real server, in a headset-sized window: the catalogue's
filters, a card opened by the gaze (not by a computer's resting mouse), a flat clip in
the plain video, a 360° clip in the three.js view (WebGL through Chromium's software
renderer), the end of the clip bringing "Book this activity" forward, the fallbacks
without three.js and without the video; axe-core and the HTML checker on every kiosk
page."""
from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from lanta.services import addons as addons_service
from lanta.services import images as images_service
from lanta.services import uploads as uploads_service
from lanta.testing import axe_violations, jpeg_bytes, vnu_errors
from lanta_spectrospoke.models import Activity, Clip, Headset, Hotel, View
from lanta_spectrospoke.services import videos
from lanta_spectrospoke.services.kiosks import new_token, token_hash

from spectro_testing import make_partner

pytestmark = pytest.mark.browser

CLIP_MP4 = Path(__file__).parent / "data" / "clip.mp4"
HEADSET = {"width": 1280, "height": 720}
# A headset's browser: its controller's ray is a mouse, as on a computer, but it can
# show VR (Chromium here has no VR device, so the page is told so).
HEADSET_BROWSER = """Object.defineProperty(Navigator.prototype, "xr", {get: () => ({
  isSessionSupported: (mode) => Promise.resolve(mode === "immersive-vr"),
  requestSession: () => Promise.reject(new Error("no device")),
})});"""


@pytest.fixture
def kiosk(live_site_factory):
    """A live site with a hotel's headset and two clips of one stored video: a 360° one
    (thrills) and a flat one (relax). Gives (site, kiosk address)."""
    site = live_site_factory()
    uploads_dir = site.directory / "var" / "uploads"
    token = new_token()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "spectrospoke", True)
        activity = make_partner(dbsession, "eaux-vives", "activity", "Eaux Vives")
        dbsession.add(Activity(partner_id=activity.id, price_cents=3500))
        hotel = make_partner(dbsession, "hotel-du-gave", "hotel", "Hôtel du Gave")
        dbsession.add(Hotel(partner_id=hotel.id))
        dbsession.flush()
        dbsession.add(Headset(hotel_id=hotel.id, label="Casque 1", token_hash=token_hash(token)))
        poster = images_service.store(dbsession, uploads_dir,
                                      uploads_service.clean_image(jpeg_bytes(800, 400)),
                                      alt="Un raft dans les rapides")
        with CLIP_MP4.open("rb") as fp:
            stored = videos.store(uploads_dir, fp, 10 * 2**20)
        common = {"partner_id": activity.id, "video_file": stored.name, "video_type": "mp4",
                  "duration_s": 2, "poster_id": poster.id, "published": True,
                  "min_age": 8, "fitness": "moderate", "narration_language": "fr"}
        dbsession.add_all([
            Clip(slug="rafting-gave", title={"fr": "Rafting sur le gave"},
                 text={"fr": "Descente en eaux vives."}, projection="360_mono",
                 envies=["thrills"], **common),
            Clip(slug="bain-nordique", title={"fr": "Bain nordique"},
                 text={"fr": "Détente au bord du gave."}, projection="flat",
                 envies=["relax"], **common)])
        dbsession.commit()
    server = site.start_server()
    return site, f"{server.url}/spectrospoke/kiosk/{token}/"


def served(url: str, status: int = 200) -> str:
    """The HTML the server sends for ``url``, which must answer ``status``."""
    try:
        with urllib.request.urlopen(url) as response:
            code, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        code, body = error.code, error.read()
    assert code == status, url
    return body.decode("utf-8")


def test_a_headset_browses_filters_and_plays_a_360_clip(kiosk, browser_page, tmp_path):
    site, address = kiosk
    page = browser_page
    page.set_viewport_size(HEADSET)
    page.goto(address)
    assert page.url == address + "fr/"
    assert page.locator(".kiosk-card").count() == 2
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")

    # On a computer a resting mouse does not open a card.
    page.wait_for_selector("body[data-dwell-mouse='no']")
    page.hover(".kiosk-card >> nth=0")
    assert page.locator(".kiosk-card.is-dwelling").count() == 0

    # In a headset: filter by envie, then let the ray rest on the one card left: it opens
    # by itself, and the player tells the server the clip began.
    page.add_init_script(HEADSET_BROWSER)
    page.mouse.move(0, 0)
    page.click('a.kiosk-chip[href*="envie=relax"]')
    page.wait_for_url("**envie=relax")
    assert page.locator(".kiosk-card").count() == 1
    page.wait_for_selector("body[data-dwell-mouse='yes']")
    with page.expect_response(lambda r: r.url.endswith("/started")) as started:
        with page.expect_navigation(url="**/clips/bain-nordique", timeout=15_000):
            page.hover(".kiosk-card")
    assert started.value.status == 204
    # A flat clip is the plain video.
    assert page.locator("#kiosk-video[controls]").is_visible()
    assert page.locator("#kiosk-player canvas").count() == 0
    assert axe_violations(page) == []

    # Keyboard: back to everything, the arrow keys move between cards, Enter opens.
    page.goto(address + "fr/")
    page.focus(".kiosk-card__link >> nth=0")
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.textContent")
    other = {"Rafting sur le gave", "Bain nordique"} - {focused}
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.activeElement.textContent") == other.pop()
    page.focus('.kiosk-card__link[href$="/rafting-gave"]')
    with page.expect_navigation(url="**/clips/rafting-gave"):
        page.keyboard.press("Enter")

    # The 360° view replaces the video (Chromium's software WebGL draws it).
    page.wait_for_selector("#kiosk-player[data-mode='360'] canvas")
    assert not page.locator("#kiosk-video").is_visible()
    assert page.locator("#kiosk-player-notice").inner_text() == ""
    assert axe_violations(page) == []
    assert page.get_attribute(".kiosk-cta .kiosk-book", "href") == \
        address + "fr/clips/rafting-gave/book"

    # To the end: the server hears it, and "Book this activity" comes forward.
    with page.expect_response(lambda r: r.url.endswith("/viewed")) as answer:
        page.click(".kiosk-controls button >> nth=0")
        page.wait_for_selector("#kiosk-end[open]", timeout=15_000)
    assert answer.value.status == 204
    assert page.evaluate("document.activeElement.closest('#kiosk-end') !== null")
    assert page.evaluate("document.activeElement.className") == "kiosk-book"
    with site.session() as dbsession:
        views = dbsession.execute(select(View.completed, Clip.slug)
                                  .join(Clip, Clip.id == View.clip_id)).all()
    assert sorted(views) == [(False, "bain-nordique"), (True, "rafting-gave")]

    # Without the copy of three.js, the plain video plays, with a word to say so.
    page.route("**/vendor/three.module.js", lambda route: route.abort())
    page.reload()
    page.wait_for_selector("#kiosk-player[data-mode='flat']")
    assert page.locator("#kiosk-video[controls]").is_visible()
    assert page.locator("#kiosk-player-notice").inner_text() != ""
    assert page.locator("#kiosk-player canvas").count() == 0
    page.unroute("**/vendor/three.module.js")

    # A 360° clip whose video is missing: the plain video, with the word.
    with site.session() as dbsession:
        lost = dbsession.scalars(select(Clip).where(Clip.slug == "rafting-gave")).one()
        dbsession.add(Clip(slug="perdu", title={"fr": "Perdu"}, text={"fr": "Perdu."},
                           projection="360_mono", partner_id=lost.partner_id,
                           video_file="0" * 32 + ".mp4", video_type="mp4", published=True))
        dbsession.commit()
    served(address.split("/spectrospoke/")[0] + "/spectrospoke/videos/" + "0" * 32 + ".mp4",
           status=404)
    page.goto(address + "fr/clips/perdu")
    page.wait_for_selector("#kiosk-player[data-mode='flat']")
    assert page.locator("#kiosk-video[controls]").is_visible()
    assert page.locator("#kiosk-player-notice").inner_text() != ""
    assert page.locator("#kiosk-player canvas").count() == 0

    pages = {name: served(address + path) for name, path in (
        ("catalogue", "fr/"), ("catalogue filtered", "en/?envie=relax&season=summer"),
        ("360 clip", "fr/clips/rafting-gave"), ("flat clip", "en/clips/bain-nordique"))}
    pages["gone"] = served(address.replace("/kiosk/", "/kiosk/x") + "fr/", status=404)
    assert vnu_errors(pages, tmp_path) == []

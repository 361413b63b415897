"""The visitors' wall through the application: the mosaic (tiles with their credit,
lazy pictures, filters, "More" pages), an item's page (404 unless approved and ready,
share tags), and the panel on partners' pages; all valid HTML with hostile text."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from lanta.models import utcnow
from lanta.services.partner_vocabulary import ENVIES
from lanta.testing import vnu_errors
from lanta_imagewall.models import Item
from wall_testing import make_partner, make_photo, make_webcam

EVIL = '<script>alert("x")</script> & </p>'


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def tiles(page) -> list[int]:
    return [int(li.get("data-item")) for li in page.html.select("[data-wall-tiles] > li")]


def clone(dbsession, model: Item, count: int, **changes) -> list[Item]:
    """Approved items sharing ``model``'s picture, one a minute older than the last."""
    made = []
    for n in range(count):
        moment = model.approved_at - dt.timedelta(minutes=n + 1)
        made.append(Item(**{"kind": "photo", "status": "approved", "processing": "ready",
                            "caption": f"Copy {n}", "credit": f"Author {n}",
                            "image_id": model.image_id, "approved_at": moment,
                            "created_at": moment, **changes}))
    dbsession.add_all(made)
    dbsession.flush()
    return made


def test_the_mosaic_shows_approved_items_with_their_credit_and_lazy_pictures(
        testapp, imagewall_on, dbsession, uploads_dir, place):
    photo = make_photo(dbsession, uploads_dir, caption="Sunset on the Ossau", credit="Anne",
                       partner=place)
    webcam = make_webcam(dbsession, caption="Boulevard live", credit="Ville de Pau")
    clip = Item(kind="clip", status="approved", processing="ready", caption="River run",
                credit="Marc", video_name="abc.mp4", video_type="mp4", approved_at=utcnow())
    dbsession.add(clip)
    pending = make_photo(dbsession, uploads_dir, caption="Waiting one", status="pending")
    dbsession.flush()
    page = testapp.get("/en/wall/")
    assert page.html.find("html")["lang"] == "en"
    assert page.html.h1.text == "The image wall"
    assert set(tiles(page)) == {photo.id, webcam.id, clip.id}
    assert pending.caption not in page.text
    by_id = {int(li["data-item"]): li for li in page.html.select("[data-wall-tiles] > li")}
    credits = {i: li.select_one(".wall-tile__credit").text for i, li in by_id.items()}
    assert credits == {photo.id: "Photo: Anne", webcam.id: "Webcam: Ville de Pau",
                       clip.id: "Clip: Marc"}
    tile = by_id[photo.id]
    assert tile.select_one("figure figcaption a")["href"].endswith(f"/en/wall/{photo.id}")
    img = tile.select_one("picture img")
    assert img["loading"] == "lazy" and img["alt"] == "Sunset on the Ossau"
    assert ".webp" in tile.select_one("picture source")["srcset"]
    assert ".jpg" in img["srcset"]
    assert tile.select_one(".wall-tile__place").text == "Café des Pyrénées"
    cam = by_id[webcam.id].select_one("img")
    assert cam["src"] == webcam.webcam_url and cam["loading"] == "lazy"
    assert by_id[webcam.id].select_one(".wall-tile__mark--live")
    assert by_id[clip.id].select_one(".wall-tile__mark--play")
    assert by_id[clip.id].select_one(".wall-tile__blank")  # no poster: a neutral tile
    contribute = page.html.select_one("#wall-contribute")
    assert contribute.text == "Share your photo"
    assert contribute["href"].endswith("/en/wall/contribute")


def test_french_credit_and_page(testapp, imagewall_on, dbsession, uploads_dir):
    testapp.extra_environ.pop("HTTP_ACCEPT_LANGUAGE")
    make_photo(dbsession, uploads_dir, credit="Anne")
    page = testapp.get("/fr/wall/")
    assert page.html.find("html")["lang"] == "fr"
    assert page.html.select_one(".wall-tile__credit").text.startswith("Photo")


def test_filters_by_activity_and_place_work_without_javascript(
        testapp, imagewall_on, dbsession, uploads_dir, place):
    rafting = make_partner(dbsession, "gave-rafting", "activity", "Gave Rafting")
    food = make_photo(dbsession, uploads_dir, tags=("food",), partner=place)
    thrills = make_photo(dbsession, uploads_dir, tags=("thrills",), partner=rafting)
    lake = make_photo(dbsession, uploads_dir, tags=("nature",), place_name="Lac d'Aubert")
    page = testapp.get("/en/wall/")
    form = page.forms["wall-filters"]
    assert [o[0] for o in form["activity"].options] == ["", *ENVIES]
    assert {o[0] for o in form["place"].options} == {"", str(place.id), str(rafting.id),
                                                     "other"}
    form["activity"] = "thrills"
    assert tiles(form.submit()) == [thrills.id]
    form["activity"] = ""
    form["place"] = str(place.id)
    assert tiles(form.submit()) == [food.id]
    form["place"] = "other"
    assert tiles(form.submit()) == [lake.id]
    chip = page.html.select_one('.wall-chips a[data-activity="food"]')
    assert tiles(testapp.get(chip["href"])) == [food.id]
    selected = testapp.get("/en/wall/", {"activity": "food"})
    assert selected.html.select_one('.wall-chips a[data-activity="food"]')["aria-current"] == "true"
    assert testapp.get("/en/wall/", {"activity": "skiing"}, status=400)
    assert testapp.get("/en/wall/", {"after": "garbage"}, status=400)


def test_more_pages_follow_the_cursor_without_duplicates_or_gaps(
        testapp, imagewall_on, dbsession, uploads_dir):
    model = make_photo(dbsession, uploads_dir, tags=("food",))
    clone(dbsession, model, 100, tags=["food"])
    seen, url, pages = [], "/en/wall/?activity=food", 0
    while url:
        page = testapp.get(url)
        seen += tiles(page)
        more = page.html.select_one("#wall-more")
        url = more["href"] if more else None
        pages += 1
        assert url is None or "activity=food" in url
    assert pages == 3 and len(seen) == len(set(seen)) == 101


def test_an_item_page_shows_the_picture_credit_place_and_share_tags(
        testapp, imagewall_on, dbsession, uploads_dir, place):
    photo = make_photo(dbsession, uploads_dir, caption="Sunset on the Ossau", credit="Anne",
                       partner=place, tags=("nature", "sport"))
    page = testapp.get(f"/en/wall/{photo.id}")
    assert page.html.h1.text == "Sunset on the Ossau"
    assert page.html.title.text.startswith("Sunset on the Ossau")
    img = page.html.select_one(".wall-item__media picture img")
    assert img.get("loading") is None  # the page's main picture comes at once
    # The full renditions, up to the widest (the test photo is 800 pixels wide).
    assert "800.webp 800w" in page.html.select_one(".wall-item__media picture source")["srcset"]
    assert "Photo: Anne" in page.html.select_one(".wall-item__credit").text
    place_link = page.html.select_one("#wall-item-place")
    assert place_link.text == "Café des Pyrénées"
    assert place_link["href"].endswith(f"/en/partners/{place.slug}")
    assert "Nature, Sport" in page.text
    og = {m["property"]: m["content"] for m in page.html.select("meta[property]")}
    # The widest JPEG up to 1280 pixels, by its absolute address.
    assert re.fullmatch(r"http://localhost/media/images/\w+/800\.jpg", og["og:image"])
    assert og["og:url"] == f"http://localhost/en/wall/{photo.id}"
    assert og["og:title"] == "Sunset on the Ossau"
    assert page.html.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    assert page.html.select_one("#wall-share-url")["value"] == og["og:url"]
    assert page.html.select_one("#wall-back")["href"].endswith("/en/wall/")


def test_a_webcam_page_refreshes_its_image_and_a_clip_page_plays_the_video(
        testapp, imagewall_on, dbsession, uploads_dir):
    webcam = make_webcam(dbsession, refresh_s=45)
    img = testapp.get(f"/en/wall/{webcam.id}").html.select_one("img.wall-item__webcam")
    assert img["src"] == webcam.webcam_url and img["data-refresh"] == "45"
    poster = make_photo(dbsession, uploads_dir)
    clip = Item(kind="clip", status="approved", processing="ready", caption="River run",
                credit="Marc", video_name="abc.mp4", video_type="mp4", approved_at=utcnow(),
                image_id=poster.image_id)
    dbsession.add(clip)
    dbsession.flush()
    video = testapp.get(f"/en/wall/{clip.id}").html.select_one("video")
    assert video.has_attr("controls") and video.has_attr("playsinline")
    assert video["preload"] == "metadata" and video["poster"].endswith("/800.jpg")
    assert video.source["src"].endswith("/imagewall/videos/abc.mp4")


@pytest.mark.parametrize("change", [{"status": "pending"}, {"status": "rejected"},
                                    {"processing": "queued"}, {"processing": "processing"},
                                    {"processing": "failed"}])
def test_an_item_not_on_the_wall_answers_404(testapp, imagewall_on, dbsession, uploads_dir,
                                             change):
    item = make_photo(dbsession, uploads_dir)
    for name, value in change.items():
        setattr(item, name, value)
    dbsession.flush()
    testapp.get(f"/en/wall/{item.id}", status=404)
    assert tiles(testapp.get("/en/wall/")) == []


def test_unknown_items_and_languages_answer_404(testapp, imagewall_on):
    testapp.get("/en/wall/424242", status=404)
    testapp.get("/en/wall/99999999999999", status=404)
    testapp.get("/de/wall/", status=404)


def test_the_wall_answers_404_while_the_addon_is_disabled(testapp, disable_addon, dbsession,
                                                           uploads_dir):
    item = make_photo(dbsession, uploads_dir)
    disable_addon("imagewall")
    testapp.get("/en/wall/", status=404)
    testapp.get(f"/en/wall/{item.id}", status=404)


def test_the_partner_panel_shows_the_listing_items_and_links_to_the_filtered_wall(
        testapp, imagewall_on, dbsession, uploads_dir, place):
    model = make_photo(dbsession, uploads_dir, partner=place, credit="Anne")
    clone(dbsession, model, 9, partner_id=place.id)
    make_photo(dbsession, uploads_dir, partner=place, caption="Not yet", status="pending")
    page = testapp.get(f"/en/partners/{place.slug}")
    panel = page.html.select_one("[data-wall-panel]")
    heading = panel.find_parent("section").h2.text
    assert heading == "On the image wall"
    assert len(panel.select("[data-wall-tiles] > li")) == 8
    assert "Not yet" not in panel.text
    assert all(c.text.startswith("Photo: ") for c in panel.select(".wall-tile__credit"))
    link = panel.select_one(".wall-panel__more a")
    assert link.text == "See all 10 pictures of this place on the wall"
    assert tiles(testapp.get(link["href"]))[0] == model.id


def test_the_partner_panel_counts_one_picture_in_the_singular(
        testapp, imagewall_on, dbsession, uploads_dir, place):
    make_photo(dbsession, uploads_dir, partner=place)
    link = testapp.get(f"/en/partners/{place.slug}").html.select_one(".wall-panel__more a")
    assert link.text == "See 1 picture of this place on the wall"
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "fr"
    french = testapp.get(f"/fr/partners/{place.slug}").html.select_one(".wall-panel__more a")
    assert "1" in french.text and "pictures" not in french.text


def test_no_panel_for_a_listing_without_items(testapp, imagewall_on, dbsession, uploads_dir,
                                              place):
    make_photo(dbsession, uploads_dir, partner=place, status="rejected")
    page = testapp.get(f"/en/partners/{place.slug}")
    assert page.html.select_one("[data-wall-panel]") is None
    assert "On the image wall" not in page.text


def test_pages_are_valid_html_with_hostile_text(testapp, imagewall_on, dbsession, uploads_dir,
                                                tmp_path):
    place = make_partner(dbsession, "evil-place", "bar", f"Bar {EVIL}")
    photo = make_photo(dbsession, uploads_dir, caption=f"Caption {EVIL}", credit=f"Eve {EVIL}"[:80],
                       partner=place, tags=("food",))
    lake = make_photo(dbsession, uploads_dir, caption="Lake", place_name=f"Lake {EVIL}")
    webcam = make_webcam(dbsession, caption=f"Cam {EVIL}", credit="Pau")
    served = {url: testapp.get(url).text for url in (
        "/en/wall/", "/fr/wall/?activity=food", f"/en/wall/{photo.id}", f"/en/wall/{lake.id}",
        f"/en/wall/{webcam.id}", f"/en/partners/{place.slug}")}
    assert all("<script>alert" not in html for html in served.values())
    errors = vnu_errors(served, tmp_path)
    assert errors == [], "\n".join(map(str, errors))

"""The webcam pages through the real application: the office's new webcam (on the wall
at once), a partner's own webcams (waiting for the office, back to waiting when the
address changes), the address checks shown beside the field, and who may reach what."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lanta.services import partner_changes
from lanta_imagewall.models import Item

from wall_testing import make_partner, make_webcam

ADD = "/admin/imagewall/webcams/add"
MINE = "/partner/cafe-des-pyrenees/imagewall/webcams"


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the French catalog says.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def own_place(dbsession, users, place):
    """The café's listing, kept by the partner account."""
    partner_changes.set_members(dbsession, place, [users["partner"]])
    return place


@pytest.fixture
def partner_app(testapp, login, imagewall_on, own_place):
    login("partner")
    return testapp


def webcams(dbsession) -> list[Item]:
    return list(dbsession.scalars(select(Item).where(Item.webcam_url.is_not(None))
                                  .order_by(Item.id)).unique())


def fill(form, **values):
    defaults = {"url": "https://webcams.example/halles.jpg", "caption": "Les Halles",
                "refresh_s": "30"}
    for name, value in {**defaults, **values}.items():
        form[name] = value
    return form


def test_office_adds_a_webcam_on_the_wall_at_once(testapp, login, imagewall_on, dbsession,
                                                  place):
    login("staff")
    form = fill(testapp.get(ADD).forms["webcam-form"], partner_id=str(place.id),
                credit="Ville de Pau")
    form.get("tags", index=5).checked = True  # nature
    saved = form.submit("action", value="save", status=303)
    (cam,) = webcams(dbsession)
    assert saved.location.endswith(f"/admin/imagewall/items/{cam.id}")
    assert cam.on_wall and cam.kind == "webcam_image" and cam.refresh_s == 30
    assert cam.partner_id == place.id and cam.tags == ["nature"]
    assert cam.credit == "Ville de Pau"


@pytest.mark.parametrize("url, message", [
    ("http://webcams.example/halles.jpg", "The address must start with https://"),
    ("https://user:pw@webcams.example/halles.jpg", "must not hold a user name or password"),
])
def test_address_refused_beside_its_field(testapp, login, imagewall_on, dbsession, url,
                                          message):
    login("editor")
    refused = fill(testapp.get(ADD).forms["webcam-form"], url=url).submit(
        "action", value="save", status=400)
    assert message in refused.html.find(id="url-error").text
    assert refused.html.find(id="url")["aria-invalid"] == "true"
    assert refused.forms["webcam-form"]["caption"].value == "Les Halles"
    assert webcams(dbsession) == []


def test_refresh_out_of_bounds_refused(testapp, login, imagewall_on, dbsession):
    login("editor")
    refused = fill(testapp.get(ADD).forms["webcam-form"], refresh_s="5").submit(
        "action", value="save", status=400)
    assert "between 10 and 3600" in refused.html.find(id="refresh-error").text
    assert webcams(dbsession) == []


def test_partner_adds_a_webcam_that_waits(partner_app, dbsession, own_place):
    page = partner_app.get(MINE)
    assert page.html.find(id="webcams-none") is not None
    form = fill(page.forms["webcam-form"])
    form["kind"] = "webcam_stream"
    form.submit("action", value="save", status=303)
    (cam,) = webcams(dbsession)
    assert cam.status == "pending" and cam.partner_id == own_place.id
    assert cam.kind == "webcam_stream" and cam.refresh_s is None
    listed = partner_app.get(MINE).html.find(id="partner-webcams")
    assert "Waiting for the office's check" in listed.text


def test_partner_cannot_link_its_webcam_to_another_listing(partner_app, dbsession, own_place):
    other = make_partner(dbsession, "hotel-du-gave", "hotel", "Hôtel du Gave")
    form = fill(partner_app.get(MINE).forms["webcam-form"])
    token = form["csrf_token"].value
    partner_app.post(MINE, {"csrf_token": token, "action": "save", "kind": "webcam_image",
                            "url": "https://webcams.example/x.jpg", "caption": "X",
                            "partner_id": str(other.id)}, status=303)
    (cam,) = webcams(dbsession)
    assert cam.partner_id == own_place.id


def test_changing_the_caption_sends_it_back_to_the_queue(partner_app, dbsession, own_place):
    cam = make_webcam(dbsession, partner=own_place)
    edit = f"{MINE}/{cam.id}"
    form = partner_app.get(edit).forms["webcam-form"]
    form["refresh_s"] = "120"
    done = form.submit("action", value="save", status=303).follow()
    assert cam.status == "approved" and cam.refresh_s == 120
    assert done.html.find(class_="flash").text.strip() == "Webcam saved."
    form = partner_app.get(edit).forms["webcam-form"]
    form["caption"] = "Le marché couvert"
    done = form.submit("action", value="save", status=303).follow()
    assert cam.status == "pending" and cam.caption == "Le marché couvert"
    assert "checks the change before visitors see it" in done.html.find(class_="flash").text


def test_changing_the_address_sends_it_back_to_the_queue(partner_app, dbsession, own_place):
    cam = make_webcam(dbsession, partner=own_place)
    form = partner_app.get(f"{MINE}/{cam.id}").forms["webcam-form"]
    form["url"] = "https://webcams.example/new-angle.jpg"
    form.submit("action", value="save", status=303)
    assert cam.status == "pending" and cam.webcam_url.endswith("new-angle.jpg")


def test_partner_deletes_with_confirmation(partner_app, dbsession, own_place):
    cam = make_webcam(dbsession, partner=own_place)
    page = partner_app.get(f"{MINE}/{cam.id}")
    token = page.forms["webcam-delete-form"]["csrf_token"].value
    refused = partner_app.post(f"{MINE}/{cam.id}/delete", {"csrf_token": token}, status=400)
    assert "Tick the box" in refused.html.find(id="imagewall-error").text
    assert webcams(dbsession) == [cam]
    form = partner_app.get(f"{MINE}/{cam.id}").forms["webcam-delete-form"]
    form["confirm"] = True
    form.submit(status=303)
    assert webcams(dbsession) == []


def test_other_listings_and_their_webcams_answer_404(partner_app, dbsession, own_place):
    other = make_partner(dbsession, "hotel-du-gave", "hotel", "Hôtel du Gave")
    theirs = make_webcam(dbsession, partner=other, url="https://webcams.example/gave.jpg")
    partner_app.get("/partner/hotel-du-gave/imagewall/webcams", status=404)
    partner_app.get(f"{MINE}/{theirs.id}", status=404)
    token = partner_app.get(MINE).forms["webcam-form"]["csrf_token"].value
    partner_app.post(f"{MINE}/{theirs.id}/delete", {"csrf_token": token, "confirm": "yes"},
                     status=404)
    assert webcams(dbsession) == [theirs]


def test_post_without_csrf_token_is_refused(partner_app, dbsession, own_place):
    cam = make_webcam(dbsession, partner=own_place)
    partner_app.post(f"{MINE}/{cam.id}/delete", {"confirm": "yes"}, status=400)
    assert webcams(dbsession) == [cam]


def test_anonymous_is_sent_to_login(testapp, imagewall_on, place):
    for path in (MINE, ADD):
        answer = testapp.get(path, expect_errors=True)
        assert answer.status_int in (302, 403)
        assert answer.status_int == 403 or "/login" in answer.location


def test_partner_space_links_to_my_webcams(partner_app):
    space = partner_app.get("/partner/").html
    link = space.find("a", href=lambda h: h and h.endswith(MINE))
    assert link is not None and "My webcams" in link.text


def test_partner_pages_are_valid_html(partner_app, dbsession, own_place, tmp_path):
    from lanta.testing import vnu_errors

    cam = make_webcam(dbsession, partner=own_place)
    refused = fill(partner_app.get(MINE).forms["webcam-form"], url="ftp://x.example/a.jpg")
    pages = {"list": partner_app.get(MINE).text,
             "edit": partner_app.get(f"{MINE}/{cam.id}").text,
             "refused": refused.submit("action", value="save", status=400).text}
    assert vnu_errors(pages, tmp_path) == []

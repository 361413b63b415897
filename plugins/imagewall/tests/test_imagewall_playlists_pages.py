"""The playlists' office pages: who may open them, the form's messages and status, the
list with each screen's address, the deletion after confirmation."""
from __future__ import annotations

import pytest

from lanta_imagewall.models import Playlist
from lanta_imagewall.services import playlists as service

from wall_testing import make_partner, make_photo

LIST = "/admin/imagewall/playlists/"
ADD = "/admin/imagewall/playlists/add"


@pytest.fixture(autouse=True)
def english(testapp, imagewall_on):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def stored(dbsession) -> list[Playlist]:
    dbsession.expire_all()
    return service.all_playlists(dbsession)


def test_anonymous_visitor_is_sent_to_the_login(testapp):
    response = testapp.get(LIST, status=302)
    assert "/login" in response.location


@pytest.mark.parametrize("role", ["editor", "partner"])
def test_other_roles_than_staff_are_refused(testapp, login, role):
    login(role)
    testapp.get(LIST, status=403)
    testapp.get(ADD, status=403)


def test_staff_adds_a_playlist_through_the_form(testapp, login, dbsession, place):
    login("staff")
    form = testapp.get(ADD).forms["imagewall-playlist-form"]
    form["name"] = "Oasis de la gare"
    form["slug"] = "oasis-gare"
    form["recent_days"] = "30"
    form["photo_seconds"] = "12"
    form["item_order"] = "shuffle"
    form.get("tags", index=[i for i, f in enumerate(form.fields["tags"])
                            if f._value == "nature"][0]).checked = True
    form["partner_ids"] = [str(place.id)]
    response = form.submit("save", status=303)
    assert response.location.endswith(LIST)
    [created] = stored(dbsession)
    assert (created.slug, created.recent_days, created.photo_seconds, created.item_order,
            created.tags, created.partner_ids) == ("oasis-gare", 30, 12, "shuffle",
                                                   ["nature"], [place.id])
    page = response.follow()
    assert "http://localhost/fr/wall/screens/oasis-gare" in page.text
    assert "The playlist is created" in page.text


@pytest.mark.parametrize(("field", "value", "words"), [
    ("name", "", "Give the playlist a name."),
    ("slug", "Web TV!", "lowercase letters, digits and hyphens"),
    ("photo_seconds", "1", "Enter a whole number from 3 to 600."),
    ("max_items", "9999", "Enter a whole number from 1 to 500."),
    ("recent_days", "soon", "Enter a whole number from 0 to 365."),
])
def test_a_refused_value_shows_the_form_again_with_its_message(testapp, login, dbsession,
                                                                field, value, words):
    login("staff")
    form = testapp.get(ADD).forms["imagewall-playlist-form"]
    form["name"] = "Web TV"
    form["slug"] = "web-tv"
    form[field] = value
    response = form.submit("save", status=400)
    assert words in response.html.select_one(".field-error").text
    assert response.html.select_one(f"[name={field}]")["aria-invalid"] == "true"
    # What was typed is kept.
    assert response.forms["imagewall-playlist-form"][field].value == value
    assert stored(dbsession) == []


def test_no_kind_ticked_is_refused(testapp, login, dbsession):
    login("staff")
    form = testapp.get(ADD).forms["imagewall-playlist-form"]
    form["name"], form["slug"] = "Web TV", "web-tv"
    for checkbox in form.fields["kinds"]:
        checkbox.checked = False
    response = form.submit("save", status=400)
    assert "Choose at least one kind of item." in response.text
    assert stored(dbsession) == []


def test_a_slug_already_used_is_refused_beside_the_field(testapp, login, dbsession):
    service.create(dbsession, {"name": "Web TV", "slug": "web-tv"})
    login("staff")
    form = testapp.get(ADD).forms["imagewall-playlist-form"]
    form["name"], form["slug"] = "Another", "web-tv"
    response = form.submit("save", status=400)
    assert "Another playlist already has the address name web-tv." in response.text
    assert [p.name for p in stored(dbsession)] == ["Web TV"]


def test_list_shows_rules_and_the_count_of_items_playing_now(testapp, login, dbsession,
                                                              uploads_dir):
    make_photo(dbsession, uploads_dir, caption="one", tags=("nature",))
    make_photo(dbsession, uploads_dir, caption="two")
    service.create(dbsession, {"name": "Nature", "slug": "nature", "tags": ["nature"]})
    login("staff")
    page = testapp.get(LIST)
    row = page.html.select_one("tr[data-playlist=nature]")
    assert row.select_one("[data-count]")["data-count"] == "1"
    assert "activities: Nature" in row.text
    assert row.select_one("input")["value"] == "http://localhost/fr/wall/screens/nature"


def test_staff_edits_a_playlist(testapp, login, dbsession):
    playlist = service.create(dbsession, {"name": "Web TV", "slug": "web-tv"})
    login("staff")
    form = testapp.get(f"/admin/imagewall/playlists/{playlist.id}").forms[
        "imagewall-playlist-form"]
    assert form["slug"].value == "web-tv"
    form["name"] = "La télé du Béarn"
    form["featured_only"] = True
    form.submit("save", status=303)
    [saved] = stored(dbsession)
    assert (saved.name, saved.featured_only) == ("La télé du Béarn", True)


def test_unpublished_listings_are_offered_only_when_already_chosen(testapp, login,
                                                                   dbsession, place):
    hidden = make_partner(dbsession, "hotel-cache", "hotel", "Hôtel pas encore publié")
    hidden.published = False
    dbsession.flush()
    login("staff")
    offered = testapp.get(ADD).forms["imagewall-playlist-form"]["partner_ids"].options
    assert [value for value, _selected, _text in offered] == [str(place.id)]
    playlist = service.create(dbsession, {"name": "Hôtels", "slug": "hotels",
                                          "partner_ids": [str(hidden.id)]})
    form = testapp.get(f"{LIST}{playlist.id}").forms["imagewall-playlist-form"]
    assert {(value, selected) for value, selected, _text in form["partner_ids"].options} == {
        (str(place.id), False), (str(hidden.id), True)}


def test_unknown_playlist_is_404(testapp, login):
    login("staff")
    testapp.get("/admin/imagewall/playlists/999999", status=404)
    testapp.get("/admin/imagewall/playlists/99999999999999999999/delete", status=404)


def test_delete_asks_first_then_deletes_on_post(testapp, login, dbsession):
    playlist = service.create(dbsession, {"name": "Web TV", "slug": "web-tv"})
    login("staff")
    page = testapp.get(f"/admin/imagewall/playlists/{playlist.id}/delete")
    assert stored(dbsession) != []
    response = page.forms["imagewall-playlist-delete"].submit("delete", status=303)
    assert stored(dbsession) == []
    assert "The playlist Web TV is deleted." in response.follow().text


def test_delete_without_csrf_token_is_refused(testapp, login, dbsession):
    playlist = service.create(dbsession, {"name": "Web TV", "slug": "web-tv"})
    login("staff")
    testapp.post(f"/admin/imagewall/playlists/{playlist.id}/delete", {"delete": "1"},
                 status=400)
    assert stored(dbsession) != []


def test_menu_has_screens_and_web_tv_for_staff(testapp, login):
    login("staff")
    assert "Screens and web TV" in testapp.get("/admin/").text

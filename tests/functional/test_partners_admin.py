"""The partner admin: who may use it, the list, adding and editing, and refusals that
re-display the form with nothing saved."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from lanta.models import Partner
from lanta.services import partners as partners_service

HOURS = {"periods": [{"from": "01-01", "to": "12-31", "weekly": {"mon": [["09:00", "18:00"]]}}]}


@pytest.fixture(autouse=True)
def english(testapp):
    # Assertions read the English message ids, whatever the catalogs say in French.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def gave(dbsession):
    return partners_service.create(dbsession, {
        "slug": "hotel-du-gave", "category": "hotel",
        "name": {"fr": "Hôtel du Gave", "en": "Gave Hotel"}, "city": "Lanta",
        "lat": 43.2951, "lon": -0.3708, "envies": ["relax"], "opening_hours": HOURS})


@pytest.fixture
def hidden(dbsession):
    return partners_service.create(dbsession, {
        "slug": "cave-secrete", "category": "bar", "name": {"fr": "Cave secrète"},
        "city": "Pau", "published": False})


def partner_count(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(Partner))


def check(form, oid: str) -> None:
    """Tick the box of a checkbox group whose id is ``oid``."""
    (box,) = [f for f in form.fields["checkbox"] if f.id == oid]
    box.checked = True


def fill_add_form(app, slug="bistrot-du-port", **values):
    form = app.get("/admin/partners/add").forms["partner-form"]
    form["slug"] = slug
    form["category"] = "restaurant"
    form["name_fr"] = "Bistrot du Port"
    form["name_en"] = "Harbour Bistro"
    form["summary_fr"] = "Poissons du jour"
    form["description_fr"] = "Premier paragraphe.\nSecond."
    form["city"] = "Lanta"
    form["lat"] = "43.3"
    form["lon"] = "-0.37"
    form["website"] = "https://bistrot.example.org"
    form["email"] = "bonjour@example.org"
    form["price_range"] = "2"
    form["labels"] = "Maître restaurateur\n\nFait maison\n"
    check(form, "envies-3")  # food
    check(form, "accessibility")  # wheelchair
    form["opening_hours"] = json.dumps(HOURS)
    for key, value in values.items():
        form[key] = value
    return form


# --- who may enter -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "partner"])
def test_visitor_and_partner_get_403(login, role, gave):
    app = login(role)
    app.get("/admin/partners/", status=403)
    app.get("/admin/partners/add", status=403)
    app.get(f"/admin/partners/{gave.id}", status=403)


def test_partner_user_cannot_post_an_edit(login, gave, dbsession):
    app = login("partner")
    token = app.get("/account").forms["account-form"]["csrf_token"].value
    app.post(f"/admin/partners/{gave.id}", {"csrf_token": token, "category": "bar",
                                             "name_fr": "Pris", "save": "save"}, status=403)
    dbsession.refresh(gave)
    assert gave.name["fr"] == "Hôtel du Gave"


def test_anonymous_is_sent_to_login(testapp, gave):
    for path in ("/admin/partners/", "/admin/partners/add", f"/admin/partners/{gave.id}"):
        assert testapp.get(path, status=302).location.startswith("http://localhost/login")


@pytest.mark.parametrize("role", ["editor", "staff"])
def test_partners_in_admin_menu_for_editor_and_staff(login, role):
    menu = login(role).get("/admin/").html.select_one('[data-menu="admin.partners"]')
    assert menu is not None and menu.get_text(strip=True) == "Partners"
    assert menu["href"] == "http://localhost/admin/partners/"


def test_an_unknown_partner_is_404(login):
    login("editor").get("/admin/partners/999999", status=404)


# --- the list ----------------------------------------------------------------------------


def test_list_shows_published_and_unpublished(login, gave, hidden):
    page = login("editor").get("/admin/partners/")
    rows = {row["data-partner"]: row for row in page.html.select("tr[data-partner]")}
    assert set(rows) == {"hotel-du-gave", "cave-secrete"}
    assert rows["cave-secrete"].select_one("[data-published]")["data-published"] == "no"
    assert rows["hotel-du-gave"].select_one("[data-published]")["data-published"] == "yes"
    assert rows["hotel-du-gave"].select_one("[data-hours]")["data-hours"] == "yes"
    assert rows["cave-secrete"].select_one("[data-hours]")["data-hours"] == "no"
    assert rows["cave-secrete"].select_one("[data-category]").get_text(strip=True) == "Bar"
    assert rows["hotel-du-gave"].th.get_text(strip=True) == "Gave Hotel"
    assert rows["cave-secrete"].a["href"].endswith(f"/admin/partners/{hidden.id}")


def test_list_filters_by_words_and_category(login, gave, hidden):
    app = login("editor")
    page = app.get("/admin/partners/", {"q": "secrete"})
    assert [r["data-partner"] for r in page.html.select("tr[data-partner]")] == ["cave-secrete"]
    page = app.get("/admin/partners/", {"category": "hotel"})
    assert [r["data-partner"] for r in page.html.select("tr[data-partner]")] == ["hotel-du-gave"]
    assert page.html.select_one("#partners-category option[selected]")["value"] == "hotel"


def test_list_pages_by_fifty(login, dbsession):
    partners_service.load_many(dbsession, ({"slug": f"p-{n:03d}", "category": "shop",
                                            "name": {"fr": f"Boutique {n}"}}
                                           for n in range(51)))
    app = login("editor")
    first = app.get("/admin/partners/")
    assert len(first.html.select("tr[data-partner]")) == 50
    second = first.click(href="page=2")
    assert [r["data-partner"] for r in second.html.select("tr[data-partner]")] == ["p-050"]


def test_search_form_labels_point_at_their_controls(login):
    page = login("editor").get("/admin/partners/")
    for label in page.html.select("#partners-search label"):
        assert page.html.find(id=label["for"]) is not None


# --- adding and editing ------------------------------------------------------------------


def test_editor_adds_a_partner_shown_on_the_public_page(login, dbsession, testapp):
    app = login("editor")
    response = fill_add_form(app).submit("save", status=302)
    assert response.location == "http://localhost/admin/partners/"
    assert "Saved." in response.follow().text
    partner = partners_service.get_by_slug(dbsession, "bistrot-du-port")
    assert partner.name == {"fr": "Bistrot du Port", "en": "Harbour Bistro"}
    assert (partner.lat, partner.lon, partner.price_range) == (43.3, -0.37, 2)
    assert partner.envies == ["food"]
    assert partner.labels == ["Maître restaurateur", "Fait maison"]
    assert partner.accessibility == {"wheelchair": True, "hearing": False, "visual": False}
    assert partner.opening_hours["periods"][0]["weekly"]["mon"] == [["09:00", "18:00"]]
    assert partner.published is True
    public = testapp.get("/fr/partners/bistrot-du-port")
    assert public.html.h1.get_text(strip=True) == "Bistrot du Port"


def test_form_labels_point_at_their_controls(login):
    page = login("editor").get("/admin/partners/add")
    labels = page.html.select("#partner-form label[for]")
    assert len(labels) > 20
    for label in labels:
        assert page.html.find(id=label["for"]) is not None, label["for"]


def test_editor_edits_a_partner_and_the_public_page_follows(login, gave, dbsession, testapp):
    app = login("editor")
    page = app.get(f"/admin/partners/{gave.id}")
    assert page.html.select_one("#partner-slug").get_text() == "hotel-du-gave"
    form = page.forms["partner-form"]
    assert "slug" not in form.fields
    assert json.loads(form["opening_hours"].value) == gave.opening_hours
    assert form["lat"].value == "43.2951"
    form["name_fr"] = "Grand Hôtel du Gave"
    form["opening_hours"] = ""
    response = form.submit("save", status=302)
    assert "Saved." in response.follow().text
    dbsession.refresh(gave)
    assert gave.name == {"fr": "Grand Hôtel du Gave", "en": "Gave Hotel"}
    assert gave.opening_hours is None
    assert gave.envies == ["relax"]
    assert testapp.get("/fr/partners/hotel-du-gave").html.h1.get_text(
        strip=True) == "Grand Hôtel du Gave"


def test_unpublishing_hides_the_public_page(login, gave, testapp):
    form = login("staff").get(f"/admin/partners/{gave.id}").forms["partner-form"]
    form["published"] = False
    form.submit("save", status=302)
    testapp.get("/fr/partners/hotel-du-gave", status=404)


# --- refusals ----------------------------------------------------------------------------


def field_error(response, field: str) -> str:
    return response.html.select_one(f"#error-{response.forms['partner-form'][field].id}"
                                    ).get_text(" ", strip=True)


@pytest.mark.parametrize("hours, message", [
    ("{not json", "This is not valid JSON"),
    ('{"periods": [{"from": "13-01", "to": "12-31"}]}', "The opening hours are not valid"),
])
def test_bad_hours_redisplay_and_change_nothing(login, gave, dbsession, hours, message):
    form = login("editor").get(f"/admin/partners/{gave.id}").forms["partner-form"]
    form["name_fr"] = "Changé"
    form["opening_hours"] = hours
    response = form.submit("save", status=400)
    assert message in field_error(response, "opening_hours")
    assert response.forms["partner-form"]["opening_hours"].value == hours
    assert response.forms["partner-form"]["name_fr"].value == "Changé"
    dbsession.expire_all()
    assert partners_service.get(dbsession, gave.id).name["fr"] == "Hôtel du Gave"
    assert partners_service.get(dbsession, gave.id).opening_hours == gave.opening_hours


def test_bad_hours_on_add_save_nothing(login, dbsession):
    count = partner_count(dbsession)
    form = fill_add_form(login("editor"), opening_hours='{"periods": "always"}')
    response = form.submit("save", status=400)
    assert "The opening hours are not valid" in field_error(response, "opening_hours")
    assert partner_count(dbsession) == count


@pytest.mark.parametrize("slug", ["Bad Slug", "bad--slug", "hotel-du-gave"])
def test_bad_or_taken_slug_redisplays_and_saves_nothing(login, gave, dbsession, slug):
    count = partner_count(dbsession)
    response = fill_add_form(login("editor"), slug=slug).submit("save", status=400)
    assert "address name" in field_error(response, "slug")
    assert response.forms["partner-form"]["name_fr"].value == "Bistrot du Port"
    assert partner_count(dbsession) == count


def test_latitude_without_longitude_redisplays_and_changes_nothing(login, gave, dbsession):
    form = login("editor").get(f"/admin/partners/{gave.id}").forms["partner-form"]
    form["lat"] = "44.0"
    form["lon"] = ""
    form["city"] = "Ailleurs"
    response = form.submit("save", status=400)
    assert "Give both the latitude and the longitude, or neither." in field_error(
        response, "lat")
    dbsession.expire_all()
    stored = partners_service.get(dbsession, gave.id)
    assert (stored.lat, stored.lon, stored.city) == (43.2951, -0.3708, "Lanta")


@pytest.mark.parametrize("field, value, message", [
    ("website", "javascript:alert(1)", "starting with http:// or https://"),
    ("website", "ftp://files.example.org", "starting with http:// or https://"),
    ("email", "not-an-address", "Enter a valid e-mail address"),
    ("name_fr", "", "Required"),
])
def test_form_mistakes_redisplay_and_save_nothing(login, dbsession, field, value, message):
    count = partner_count(dbsession)
    response = fill_add_form(login("editor"), **{field: value}).submit("save", status=400)
    assert message in field_error(response, field)
    assert partner_count(dbsession) == count

"""The admin pages of the banner add-on: access, the add-on switch, the notice form."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lanta_banner import services
from lanta_banner.models import Notice


def count_notices(dbsession) -> int:
    return dbsession.scalar(select(func.count()).select_from(Notice))


def test_admin_page_and_menu_follow_the_addon_switch(login, testapp, enable_addon,
                                                     disable_addon):
    login("editor")
    enable_addon("banner")
    assert testapp.get("/admin/banner/").status_int == 200
    assert 'data-menu="banner.admin"' in testapp.get("/admin/").text
    disable_addon("banner")
    testapp.get("/admin/banner/", status=404)
    testapp.get("/admin/banner/add", status=404)
    assert 'data-menu="banner.admin"' not in testapp.get("/admin/").text
    enable_addon("banner")
    assert testapp.get("/admin/banner/").status_int == 200
    assert 'data-menu="banner.admin"' in testapp.get("/admin/").text


def test_anonymous_is_sent_to_login_from_admin_pages(testapp, banner_on):
    response = testapp.get("/admin/banner/", status=302)
    assert "/login" in response.location
    testapp.get("/admin/banner/add", status=302)


def test_anonymous_cannot_post_a_notice(testapp, banner_on, dbsession):
    testapp.post("/admin/banner/add", {"level": "info", "text_fr": "x", "save": "save"},
                 status=403)
    assert count_notices(dbsession) == 0


def fill(form, **values):
    for name, value in values.items():
        form[name] = value
    return form


def test_editor_adds_a_notice_that_shows_on_the_site(login, testapp, banner_on, dbsession):
    login("editor")
    form = testapp.get("/admin/banner/add").forms["banner-notice-form"]
    until = (dt.datetime.now(services.PARIS) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    fill(form, text_fr="Alerte orange orages sur le Béarn", text_en="Orange storm alert",
         ends_at=until, link="https://meteo.example/64")
    form["level"] = "alert"
    response = form.submit("save", status=302)
    assert response.location.endswith("/admin/banner/")
    notice = dbsession.scalars(select(Notice)).one()
    assert (notice.level, notice.text_en, notice.link) == ("alert", "Orange storm alert",
                                                           "https://meteo.example/64")
    assert services.format_local(notice.ends_at) == until.replace("T", " ")
    assert "Alerte orange orages sur le Béarn" in testapp.get("/admin/banner/").text
    assert "Orange storm alert" in testapp.get("/en/").text


def test_notice_without_french_text_is_refused_and_not_stored(login, testapp, banner_on,
                                                              dbsession):
    login("editor")
    form = testapp.get("/admin/banner/add").forms["banner-notice-form"]
    fill(form, text_fr="", text_en="Only English")
    response = form.submit("save", status=200)
    field = response.html.find("textarea", attrs={"name": "text_fr"})
    assert "is-invalid" in field["class"]
    assert response.forms["banner-notice-form"]["text_en"].value == "Only English"
    assert count_notices(dbsession) == 0


@pytest.mark.parametrize("starts_at, ends_at, sentence", [
    ("2026-12-25T10:00", "2026-12-24T10:00", "La fin doit venir après le début."),
    # The hour the clocks skip in spring names no moment.
    ("2027-03-27T10:00", "2027-03-28T02:30", "de 2 h à 3 h"),
], ids=["before-the-start", "skipped-hour"])
def test_a_wrong_end_is_refused_and_not_stored(login, testapp, banner_on, dbsession,
                                               starts_at, ends_at, sentence):
    login("editor")
    form = testapp.get("/admin/banner/add").forms["banner-notice-form"]
    fill(form, text_fr="Route du col fermée", starts_at=starts_at, ends_at=ends_at)
    response = form.submit("save", status=200)
    field = response.html.find("input", attrs={"name": "ends_at"})
    assert "is-invalid" in field["class"]
    assert sentence in response.html.find(id=f"error-{field['id']}").text
    assert response.forms["banner-notice-form"]["ends_at"].value == ends_at
    assert count_notices(dbsession) == 0


def test_dangerous_link_is_refused(login, testapp, banner_on, dbsession):
    login("editor")
    form = testapp.get("/admin/banner/add").forms["banner-notice-form"]
    fill(form, text_fr="Cliquez", link="javascript:alert(1)")
    response = form.submit("save", status=200)
    assert "is-invalid" in response.html.find("input", attrs={"name": "link"})["class"]
    assert count_notices(dbsession) == 0


def test_editor_edits_then_deletes_a_notice(login, testapp, banner_on, add_notice, dbsession):
    notice = add_notice("Fermeture du BIT")
    login("editor")
    form = testapp.get(f"/admin/banner/{notice.id}/edit").forms["banner-notice-form"]
    assert form["text_fr"].value == "Fermeture du BIT"
    form["text_fr"] = "Fermeture du BIT le 25 décembre"
    form.submit("save", status=302)
    dbsession.expire_all()
    assert dbsession.get(Notice, notice.id).text_fr == "Fermeture du BIT le 25 décembre"
    listing = testapp.get("/admin/banner/")
    delete_form = next(f for f in listing.forms.values()
                       if f.action.endswith(f"/admin/banner/{notice.id}/delete"))
    delete_form.submit(status=302)
    assert count_notices(dbsession) == 0
    testapp.get(f"/admin/banner/{notice.id}/edit", status=404)

"""The office's hours page: seven days of two slots, closed days, errors shown back."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta_chat.services import hours

EN = {"Accept-Language": "en"}
URL = "/admin/chat/hours"


@pytest.fixture
def staff_app(login, chat_on):
    return login("staff")


def test_the_page_shows_the_default_hours(staff_app):
    form = staff_app.get(URL, headers=EN).forms["hours-form"]
    assert (form["mon-1-from"].value, form["mon-1-to"].value) == ("09:30", "12:30")
    assert (form["sat-2-from"].value, form["sat-2-to"].value) == ("14:00", "18:00")
    assert (form["sun-1-from"].value, form["sun-2-to"].value) == ("", "")
    assert form["mon-1-from"].attrs["type"] == "time"


def test_saving_hours_and_closed_days(staff_app, dbsession):
    form = staff_app.get(URL, headers=EN).forms["hours-form"]
    for slot in ("1", "2"):
        form[f"sat-{slot}-from"] = ""
        form[f"sat-{slot}-to"] = ""
    form["sun-1-from"], form["sun-1-to"] = "10:00", "00:00"
    form["closed"] = "2026-12-25\n\n01/01/2027\n"
    form.submit("save", headers=EN, status=302)
    weekly = hours.weekly(dbsession)
    assert weekly["sat"] == [] and weekly["sun"] == [["10:00", "24:00"]]
    assert weekly["mon"] == [["09:30", "12:30"], ["14:00", "18:00"]]
    assert hours.closed_days(dbsession) == [dt.date(2026, 12, 25), dt.date(2027, 1, 1)]
    page = staff_app.get(URL, headers=EN)
    assert page.forms["hours-form"]["sun-1-to"].value == "00:00"  # midnight, as typed
    assert "Friday, January 1, 2027" in page.text


def test_bad_hours_are_shown_beside_their_fields_and_nothing_is_saved(staff_app, dbsession):
    form = staff_app.get(URL, headers=EN).forms["hours-form"]
    form["mon-1-to"] = "09:00"  # before 09:30
    form["tue-1-to"] = ""  # a slot with one end
    form["wed-2-from"] = "12:00"  # before the first slot ends
    form["closed"] = "2026-12-25\nChristmas\n2026-02-30"
    refused = form.submit("save", headers=EN, status=400)
    error = lambda key: refused.html.find(attrs={"data-error": key}).get_text()  # noqa: E731
    assert "must end after it starts" in error("mon-1")
    assert "both times" in error("tue-1")
    assert "after the first one ends" in error("wed-2")
    assert "Christmas" in error("closed") and "2026-02-30" in error("closed")
    again = refused.forms["hours-form"]
    assert again["mon-1-to"].value == "09:00" and "Christmas" in again["closed"].value
    assert again["mon-1-to"].attrs["aria-describedby"].endswith("mon-1-error")
    assert hours.weekly(dbsession)["mon"] == [["09:30", "12:30"], ["14:00", "18:00"]]
    assert hours.closed_days(dbsession) == []


def test_a_time_that_is_not_one_is_refused(staff_app, dbsession):
    form = staff_app.get(URL, headers=EN).forms["hours-form"]
    form["thu-1-from"] = "25:00"
    refused = form.submit("save", headers=EN, status=400)
    assert "both times" in refused.html.find(attrs={"data-error": "thu-1"}).get_text()


def test_the_service_refuses_an_unknown_day(dbsession):
    from lanta.services.errors import InvalidField

    with pytest.raises(InvalidField):
        hours.save(dbsession, {"funday": [["09:00", "10:00"]]})
    assert hours.stored(dbsession)["periods"][0]["weekly"] == hours.DEFAULT_WEEKLY


def test_an_editor_cannot_change_the_hours(testapp, login, chat_on, dbsession):
    login("editor")
    testapp.get(URL, status=403)
    token = testapp.get("/account").html.find("input", attrs={"name": "csrf_token"})["value"]
    testapp.post(URL, {"csrf_token": token, "mon-1-from": "08:00", "mon-1-to": "09:00"},
                 status=403)
    assert hours.weekly(dbsession)["mon"][0] == ["09:30", "12:30"]


def test_rota_and_hours_pages_are_valid_html(staff_app, dbsession, users, tmp_path):
    from lanta.testing import vnu_errors
    from lanta_chat.services import rota

    rota.set_rotation(dbsession, [users["staff"].id, users["admin"].id], dt.date(2026, 11, 2))
    rota.set_swap(dbsession, dt.date(2026, 12, 30), users["admin"].id, "note")
    pages = {"rota": staff_app.get("/admin/chat/rota", headers=EN).text,
             "december": staff_app.get("/admin/chat/rota?month=2026-12", headers=EN).text,
             "hours": staff_app.get(URL, headers=EN).text}
    form = staff_app.get("/admin/chat/rota", headers=EN).forms["rotation-form"]
    form["start"] = ""
    pages["rota refused"] = form.submit("save", headers=EN, status=400).text
    form = staff_app.get(URL, headers=EN).forms["hours-form"]
    form["mon-1-to"], form["closed"] = "08:00", "nope"
    pages["hours refused"] = form.submit("save", headers=EN, status=400).text
    assert vnu_errors(pages, tmp_path) == []

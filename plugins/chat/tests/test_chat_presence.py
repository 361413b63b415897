"""The inbox's "I am here": CSRF in a header, the away switch, the JSON answer."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta_chat.models import Presence, utcnow
from lanta_chat.services import hours, presence, rota
from lanta_chat.services.clock import office_day

URL = "/admin/chat/presence"
JSON = {"Accept": "application/json"}


@pytest.fixture
def staff_app(login, chat_on):
    return login("staff")


def token(app) -> str:
    return app.get("/admin/chat/rota").html.find("input", attrs={"name": "csrf_token"})["value"]


@pytest.fixture
def open_all_day(dbsession):
    hours.save(dbsession, {day: [["00:00", "24:00"]] for day in hours.DAY_KEYS})


def test_the_heartbeat_with_the_header_token_records_presence(staff_app, dbsession, users,
                                                              open_all_day):
    rota.set_rotation(dbsession, [users["staff"].id], office_day(utcnow()))
    answer = staff_app.post(URL, headers={"X-CSRF-Token": token(staff_app), **JSON})
    assert answer.json == {"away": False, "on_duty": True, "online": True}
    assert users["staff"].id in presence.present_ids(dbsession)


def test_away_switches_and_is_kept_when_not_said(staff_app, dbsession, users, open_all_day):
    csrf = {"X-CSRF-Token": token(staff_app)}
    assert staff_app.post(URL, {"away": "1"}, headers={**csrf, **JSON}).json["away"] is True
    assert staff_app.post(URL, headers={**csrf, **JSON}).json == {
        "away": True, "on_duty": False, "online": False}
    assert users["staff"].id not in presence.present_ids(dbsession)
    # The inbox's button, posted without scripts, comes back to the inbox.
    back = staff_app.post(URL, {"away": "0", "csrf_token": csrf["X-CSRF-Token"]}, status=303)
    assert back.location.endswith("/admin/chat/")
    assert users["staff"].id in presence.present_ids(dbsession)


def test_someone_else_on_duty_is_said(staff_app, dbsession, users, open_all_day):
    rota.set_rotation(dbsession, [users["admin"].id], office_day(utcnow()))
    answer = staff_app.post(URL, headers={"X-CSRF-Token": token(staff_app), **JSON})
    assert answer.json == {"away": False, "on_duty": False, "online": False}


def test_a_bad_away_value_is_a_400_and_nothing_is_stored(staff_app, dbsession, users):
    answer = staff_app.post(URL, {"away": "maybe"},
                            headers={"X-CSRF-Token": token(staff_app), **JSON}, status=400)
    assert "away" in answer.json["error"]
    assert dbsession.get(Presence, users["staff"].id) is None


def test_without_the_token_the_heartbeat_is_refused(staff_app, dbsession, users):
    staff_app.post(URL, status=400)
    staff_app.post(URL, headers={"X-CSRF-Token": "forged"}, status=400)
    assert dbsession.get(Presence, users["staff"].id) is None


def test_only_staff_may_say_they_are_present(testapp, login, chat_on, dbsession, users):
    login("editor")
    csrf = testapp.get("/account").html.find("input", attrs={"name": "csrf_token"})["value"]
    testapp.post(URL, headers={"X-CSRF-Token": csrf}, status=403)
    assert dbsession.get(Presence, users["editor"].id) is None


def test_presence_expires_after_the_window(dbsession, users):
    now = utcnow()
    presence.heartbeat(dbsession, users["staff"].id, now=now)
    assert presence.present_ids(dbsession, now + dt.timedelta(seconds=59)) == {
        users["staff"].id}
    assert presence.present_ids(dbsession, now + dt.timedelta(seconds=61)) == set()

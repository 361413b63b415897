"""The rota's rules: who may be in it, swaps in the past, and its page and forms."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from lanta.services.errors import InvalidField
from lanta_chat.models import RotaSwap, utcnow
from lanta_chat.services import rota
from lanta_chat.services.clock import office_day

EN = {"Accept-Language": "en"}


def today() -> dt.date:
    return office_day(utcnow())


def test_rotation_refuses_doubles_and_people_who_cannot_answer(dbsession, users):
    with pytest.raises(InvalidField):
        rota.set_rotation(dbsession, [users["staff"].id, users["staff"].id], today())
    with pytest.raises(InvalidField) as refused:
        rota.set_rotation(dbsession, [users["staff"].id, users["editor"].id], today())
    assert refused.value.on == "members"
    users["admin"].active = False
    with pytest.raises(InvalidField):
        rota.set_rotation(dbsession, [users["admin"].id], today())
    assert rota.members(dbsession) == []


def test_a_swap_in_the_past_is_refused_and_today_is_allowed(dbsession, users):
    staff = users["staff"].id
    with pytest.raises(InvalidField) as refused:
        rota.set_swap(dbsession, today() - dt.timedelta(days=1), staff, today=today())
    assert refused.value.on == "day"
    rota.set_swap(dbsession, today(), staff, "ok", today=today())
    assert rota.on_duty(dbsession, today()) == staff
    with pytest.raises(InvalidField):
        rota.set_swap(dbsession, today(), users["partner"].id, today=today())


# --- the page and its forms ------------------------------------------------------------


@pytest.fixture
def staff_app(login, chat_on):
    return login("staff")


def test_rota_page_shows_the_month_with_today_and_who_is_on_duty(staff_app, dbsession,
                                                                  users):
    rota.set_rotation(dbsession, [users["staff"].id], today())
    page = staff_app.get("/admin/chat/rota", headers=EN)
    table = page.html.find("table", id="rota-calendar")
    assert table.caption.get_text(strip=True).lower() == today().strftime("%B %Y").lower()
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 7
    current = table.find("td", attrs={"aria-current": "date"})
    assert current["data-day"] == today().isoformat()
    if "closed" not in current["class"][-1]:
        assert "Staff" in current.get_text()
    # The rotation's list and form show the member at position 1.
    assert page.html.find("ol", class_="chat-rota__members").get_text(strip=True) == "Staff"
    assert page.forms["rotation-form"][f"position-{users['staff'].id}"].value == "1"


def test_rota_page_moves_by_month_and_refuses_an_unreadable_one(staff_app):
    december = staff_app.get("/admin/chat/rota?month=2026-12", headers=EN)
    assert december.html.find("table", id="rota-calendar").caption.get_text(
        strip=True).lower() == "december 2026"
    assert 'data-day="2026-12-31"' in december.text
    assert "?month=2027-01" in december.text and "?month=2026-11" in december.text
    refused = staff_app.get("/admin/chat/rota?month=2026-13", headers=EN, status=400)
    assert "cannot be read" in refused.html.find(attrs={"data-error": "month"}).get_text()
    assert refused.html.find("table", id="rota-calendar") is not None


def test_closed_days_and_swaps_show_in_the_calendar(staff_app, dbsession, users):
    from lanta_chat.services import hours
    rota.set_rotation(dbsession, [users["staff"].id], dt.date(2026, 12, 1))
    hours.save(dbsession, hours.DEFAULT_WEEKLY, [dt.date(2026, 12, 25)])
    rota.set_swap(dbsession, dt.date(2026, 12, 2), users["admin"].id)
    page = staff_app.get("/admin/chat/rota?month=2026-12", headers=EN)
    cell = lambda day: page.html.find("td", attrs={"data-day": day})  # noqa: E731
    assert "Closed" in cell("2026-12-25").get_text()  # a holiday
    assert "Closed" in cell("2026-12-06").get_text()  # a Sunday
    assert "Admin" in cell("2026-12-02").get_text() and "swap" in cell("2026-12-02").get_text()
    assert "Staff" in cell("2026-12-03").get_text()


def test_rotation_form_saves_the_order_and_start_day(staff_app, dbsession, users):
    form = staff_app.get("/admin/chat/rota", headers=EN).forms["rotation-form"]
    form[f"position-{users['staff'].id}"] = "2"
    form[f"position-{users['admin'].id}"] = "1"
    form["start"] = "2026-12-07"
    form.submit("save", headers=EN, status=302)
    assert rota.members(dbsession) == [users["admin"].id, users["staff"].id]
    assert rota.start(dbsession) == dt.date(2026, 12, 7)


def test_rotation_form_redisplays_bad_input_and_writes_nothing(staff_app, dbsession, users):
    rota.set_rotation(dbsession, [users["staff"].id], dt.date(2026, 12, 1))
    form = staff_app.get("/admin/chat/rota", headers=EN).forms["rotation-form"]
    form[f"position-{users['staff'].id}"] = "1"
    form[f"position-{users['admin'].id}"] = "1"
    form["start"] = "not a day"
    refused = form.submit("save", headers=EN, status=400)
    assert "same position" in refused.text and "Enter the day" in refused.text
    again = refused.forms["rotation-form"]
    assert again[f"position-{users['admin'].id}"].value == "1"
    assert again["start"].value == "not a day"
    form[f"position-{users['admin'].id}"] = "x"
    form["start"] = "2026-12-01"
    refused = form.submit("save", headers=EN, status=400)
    assert "whole number" in refused.text
    assert rota.members(dbsession) == [users["staff"].id]


def test_swap_form_refuses_a_past_day_then_saves_and_removes_a_swap(staff_app, dbsession,
                                                                    users):
    page = staff_app.get("/admin/chat/rota", headers=EN)
    form = page.forms["swap-form"]
    form["day"] = (today() - dt.timedelta(days=1)).isoformat()
    form["user"] = str(users["admin"].id)
    form["note"] = "<b>bold</b>"
    refused = form.submit("save", headers=EN, status=400)
    assert "This day is past" in refused.text
    assert refused.forms["swap-form"]["note"].value == "<b>bold</b>"
    assert dbsession.scalars(select(RotaSwap)).all() == []
    day = today() + dt.timedelta(days=3)
    form["day"] = day.isoformat()
    form.submit("save", headers=EN, status=302)
    swap = rota.swap_on(dbsession, day)
    assert (swap.user_id, swap.note, swap.created_by) == (
        users["admin"].id, "<b>bold</b>", users["staff"].id)
    page = staff_app.get("/admin/chat/rota", headers=EN)
    row = page.html.find("tr", attrs={"data-swap": day.isoformat()})
    assert "<b>bold</b>" in row.get_text() and row.find("b") is None  # escaped
    remove = [f for f in page.forms.values()
              if f.action.endswith("/swaps/remove") and f["day"].value == day.isoformat()]
    remove[0].submit(headers=EN, status=302)
    assert rota.swap_on(dbsession, day) is None
    gone = remove[0].submit(headers=EN, status=404)
    assert "no longer exists" in gone.text


def test_swap_form_needs_a_person(staff_app, dbsession):
    form = staff_app.get("/admin/chat/rota", headers=EN).forms["swap-form"]
    form["day"] = today().isoformat()
    refused = form.submit("save", headers=EN, status=400)
    assert "Choose who is on duty" in refused.text
    assert dbsession.scalars(select(RotaSwap)).all() == []


def test_an_editor_partner_or_visitor_cannot_see_or_change_the_rota(testapp, login,
                                                                    chat_on, users):
    for role in ("editor", "partner", "visitor"):
        login(role)
        testapp.get("/admin/chat/rota", status=403)
        testapp.get("/admin/chat/hours", status=403)
        token = re.search(r'name="csrf_token" value="([^"]+)"',
                          testapp.get("/account").text).group(1)
        testapp.post("/admin/chat/rota/rotation", {
            "csrf_token": token, f"position-{users[role].id}": "1",
            "start": "2026-12-01"}, status=403)
        testapp.post("/admin/chat/rota/swaps", {
            "csrf_token": token, "day": "2026-12-30", "user": str(users["staff"].id)},
            status=403)


def test_the_rota_routes_answer_404_once_disabled(staff_app, disable_addon):
    staff_app.get("/admin/chat/rota", status=200)
    disable_addon("chat")
    staff_app.get("/admin/chat/rota", status=404)
    staff_app.get("/admin/chat/hours", status=404)


def test_menu_entries_and_dashboard_widget_say_who_is_on_duty(staff_app, dbsession, users):
    from lanta_chat.services import hours, presence
    week = {day: [["00:00", "24:00"]] for day in hours.DAY_KEYS}
    hours.save(dbsession, week)
    rota.set_rotation(dbsession, [users["staff"].id], today())
    dashboard = staff_app.get("/admin/", headers=EN)
    assert dashboard.html.find("a", attrs={"data-menu": "chat.rota"}) is not None
    assert dashboard.html.find("a", attrs={"data-menu": "chat.hours"}) is not None
    widget = dashboard.html.find(attrs={"data-chat-on-duty": str(users["staff"].id)})
    assert "On duty today: Staff (not present)" in " ".join(widget.get_text().split())
    presence.heartbeat(dbsession, users["staff"].id)
    widget = staff_app.get("/admin/", headers=EN).html.find(
        attrs={"data-chat-on-duty": str(users["staff"].id)})
    assert "On duty today: Staff (present)" in " ".join(widget.get_text().split())


def test_staff_member_list_excludes_editors(dbsession, users):
    ids = [u.id for u in rota.candidates(dbsession)]
    assert users["staff"].id in ids and users["admin"].id in ids
    assert users["editor"].id not in ids


def test_digits_that_are_not_ascii_are_refused_not_a_server_error(staff_app, dbsession):
    page = staff_app.get("/admin/chat/rota", headers=EN)
    csrf = page.forms["swap-form"]["csrf_token"].value
    refused = staff_app.post("/admin/chat/rota/swaps", {
        "csrf_token": csrf, "day": today().isoformat(), "user": "²"}, headers=EN, status=400)
    assert "Choose who is on duty" in refused.text
    # No such person in the form: refused, and the form comes back.
    refused = staff_app.post("/admin/chat/rota/rotation", {
        "csrf_token": csrf, "position-²": "1", "start": "2026-12-01"}, headers=EN, status=400)
    assert "rotation-form" in refused.forms
    assert rota.members(dbsession) == []

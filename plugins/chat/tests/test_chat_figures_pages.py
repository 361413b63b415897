"""The figures' page, its CSV export and the dashboard widget: who sees what."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta_chat.models import utcnow
from lanta_chat.services import messages

UTC = dt.timezone.utc
EN = {"Accept-Language": "en"}
RANGE = {"from": "2026-11-16", "to": "2026-11-29"}


@pytest.fixture
def some(dbsession, chat_on):
    for hour, reply_s, channel in ((9, 60, "web"), (14, 180, "web"), (10, 300, "email")):
        began = dt.datetime(2026, 11, 23, hour, tzinfo=UTC)
        row = messages.start(dbsession, channel=channel, now=began)
        messages.add_message(dbsession, row.id, kind="visitor", body="Bonjour", now=began)
        messages.add_message(dbsession, row.id, kind="staff", body="Oui",
                             now=began + dt.timedelta(seconds=reply_s))
    dbsession.flush()


def test_staff_see_the_charts_and_the_figures_by_channel(testapp, login, some):
    login("staff")
    page = testapp.get("/admin/chat/figures", RANGE, headers=EN)
    assert page.headers["Cache-Control"] == "no-store"
    assert page.html.select_one('[data-figure="conversations"]').text == "3"
    assert page.html.select_one('[data-figure="first-response"]').text == "3 min 00 s"
    web = page.html.select_one('#chat-figures-by-channel tr[data-channel="web"]')
    assert web.th.text == "Website" and web.select("td")[0].text == "2"
    assert page.html.select_one('tr[data-channel="email"] th').text == \
        "Message left by e-mail"
    assert len(page.html.select("svg.lanta-chart")) == 2
    assert len(page.html.select("svg.lanta-chart")[0].select("rect")) == 14
    assert page.html.select_one('tr[data-day="2026-11-23"] td').text == "3"
    assert page.html.select_one('tr[data-week="2026-W48"] td:last-child').text == "3"
    assert page.html.select_one("#chat-figures-csv") is not None


def test_a_bad_range_reshows_the_form_with_the_reason(testapp, login, chat_on):
    login("staff")
    page = testapp.get("/admin/chat/figures", {"from": "2026-11-29", "to": "2026-11-01"},
                       headers=EN, status=400)
    assert "cannot come before" in page.html.select_one("#chat-figures-error").text
    page = testapp.get("/admin/chat/figures", {"from": "29/11/2026"}, headers=EN,
                       status=400)
    assert "YYYY-MM-DD" in page.text


def test_the_default_range_ends_today(testapp, login, chat_on):
    login("staff")
    page = testapp.get("/admin/chat/figures", headers=EN)
    today = utcnow().astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert page.html.select_one("#chat-figures-to")["value"] in {
        (today + dt.timedelta(days=d)).date().isoformat() for d in (-1, 0, 1)}
    assert len(page.html.select("#chat-figures-per-day tbody tr")) == 56


def test_the_csv_export_gives_the_range_per_day_and_channel(testapp, login, some):
    login("staff")
    answer = testapp.get("/admin/chat/figures.csv", RANGE)
    assert answer.content_type == "text/csv"
    assert answer.headers["Content-Disposition"] == \
        'attachment; filename="chat-figures-2026-11-16-2026-11-29.csv"'
    lines = answer.body.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("date;channel;conversations;with_reply;")
    assert "2026-11-23;web;2;2;120;;0;" in lines
    assert len(lines) == 1 + 14 * 2 + 1  # header, rows, the last line end
    testapp.get("/admin/chat/figures.csv", {"from": "2020-01-01", "to": "2026-01-01"},
                status=400)


@pytest.mark.parametrize("role", ["editor", "partner", "visitor"])
def test_other_roles_see_neither_the_figures_nor_the_export(testapp, login, chat_on, role):
    login(role)
    testapp.get("/admin/chat/figures", headers=EN, status=403)
    testapp.get("/admin/chat/figures.csv", status=403)


def test_anonymous_visitors_are_sent_to_the_login(testapp, chat_on):
    assert "/login" in testapp.get("/admin/chat/figures", status=302).location


def test_the_pages_answer_404_while_the_addon_is_disabled(testapp, login):
    login("staff")
    testapp.get("/admin/chat/figures", status=404)
    testapp.get("/admin/chat/figures.csv", status=404)


def test_the_dashboard_shows_this_weeks_conversations(testapp, login, dbsession, chat_on):
    now = utcnow()
    row = messages.start(dbsession, now=now)
    messages.add_message(dbsession, row.id, kind="visitor", body="Bonjour", now=now)
    messages.add_message(dbsession, row.id, kind="staff", body="Oui",
                         now=now + dt.timedelta(seconds=45))
    row.rating = 5
    dbsession.flush()
    login("staff")
    page = testapp.get("/admin/", headers=EN)
    widget = page.html.select_one(".chat-figures-widget")
    assert widget.select_one('[data-figure="conversations"]').text == "1"
    assert widget.select_one('[data-figure="first-response"]').text == "45 s"
    assert "100%" in widget.select_one('[data-figure="satisfaction"]').text

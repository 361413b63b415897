"""The agenda page and its periods, the iCalendar exports, an event's page with its
schema.org markup, and adding an event through the form."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from icalendar import Calendar

from lanta.services import content, events
from lanta.services import partners as partners_service

PARIS = events.ZONE


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


def publish_event(dbsession, title, starts_at, *, language="en", **kw):
    item = content.create(dbsession, language=language, parent=None, type="event",
                          slug=content.slugify(title),
                          texts=content.Texts(title, description=f"About {title}"), author=None)
    events.set_details(dbsession, item, events.check(dbsession, events.EventData(
        starts_at=starts_at, **kw)))
    content.transition(dbsession, item, "publish", can_review=True)
    return item


def in_days(days: int, hour: int = 20) -> dt.datetime:
    today = dt.datetime.now(PARIS).date()
    return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), PARIS)


def test_agenda_groups_by_day_and_filters_by_period(testapp, dbsession):
    publish_event(dbsession, "Late concert", in_days(2), ends_at=in_days(2, 22))
    publish_event(dbsession, "Far fair", in_days(45, 10))
    page = testapp.get("/en/agenda").html
    titles = [a.text for a in page.select(".event-card .card__title a")]
    assert titles == ["Late concert", "Far fair"]
    week = testapp.get("/en/agenda?period=week").html
    assert [a.text for a in week.select(".event-card .card__title a")] == ["Late concert"]
    day = in_days(45).date().isoformat()
    chosen = testapp.get(f"/en/agenda?from={day}&to={day}").html
    assert [a.text for a in chosen.select(".event-card .card__title a")] == ["Far fair"]
    assert chosen.find(id="agenda-from")["value"] == day
    nothing = testapp.get("/en/agenda?from=2001-01-01&to=2001-01-02").html
    assert nothing.select(".event-card") == []
    assert "No event in this period" in nothing.text
    # A nonsense date is ignored, not an error.
    assert testapp.get("/en/agenda?from=soon").status_int == 200


def test_agenda_ics_holds_each_event_once_with_its_rule(testapp, dbsession):
    publish_event(dbsession, "Market", in_days(1, 8), ends_at=in_days(1, 13), repeat="weekly",
                  repeat_until=in_days(60).date())
    publish_event(dbsession, "Concert", in_days(3))
    response = testapp.get("/en/agenda.ics")
    assert response.content_type == "text/calendar"
    calendar = Calendar.from_ical(response.body)
    vevents = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(vevents) == {"Market", "Concert"}
    assert vevents["Market"]["rrule"]["FREQ"] == ["WEEKLY"]
    assert vevents["Market"].decoded("dtstart") == in_days(1, 8)
    assert calendar.walk("VTIMEZONE"), "times carry their zone"


def test_event_page_shows_dates_place_and_markup(testapp, dbsession):
    partner = partners_service.create(dbsession, {
        "slug": "halle-gourmande", "category": "restaurant",
        "name": {"fr": "Halle gourmande", "en": "Food hall"}, "city": "Lanta",
        "lat": 43.3, "lon": -0.37})
    item = publish_event(dbsession, "Cooking workshop", in_days(5, 10), ends_at=in_days(5, 13),
                         place_partner_id=partner.id, place_address="2 rue des Halles")
    page = testapp.get("/en/cooking-workshop").html
    facts = page.find(class_="event-facts")
    assert "10:00" in facts.text and "1:00" in facts.text  # 10 AM – 1 PM
    assert facts.find("a", href="http://localhost/en/partners/halle-gourmande").text == "Food hall"
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Event"
    assert data["startDate"] == in_days(5, 10).isoformat()
    assert data["location"]["name"] == "Food hall, 2 rue des Halles"
    ics = testapp.get("/en/cooking-workshop/@@ical")
    assert ics.content_disposition == 'attachment; filename="cooking-workshop.ics"'
    (vevent,) = Calendar.from_ical(ics.body).walk("VEVENT")
    assert str(vevent["location"]) == "Food hall, 2 rue des Halles"
    content.transition(dbsession, item, "unpublish", can_review=True)
    testapp.get("/en/cooking-workshop/@@ical", status=404)


def test_an_editor_adds_an_event_through_the_form(testapp, login, dbsession):
    login("editor")
    form = testapp.get("/en/@@add?type=event").forms["content-form"]
    form["title"] = "Lantern walk"
    form["starts_at"] = "2026-12-20T18:00"
    form["ends_at"] = "2026-12-20T17:00"
    refused = form.submit("save", status=400)
    assert "The end must come after the start." in refused.text
    assert content.child(dbsession, "en", None, "lantern-walk") is None
    form = refused.forms["content-form"]
    form["ends_at"] = "2026-12-20T20:00"
    form["repeat"] = "daily"
    form["repeat_until"] = "2026-12-22"
    form["place_partner"] = "nowhere"
    refused = form.submit("save", status=400)
    assert "There is no partner with the address name nowhere." in refused.text
    form = refused.forms["content-form"]
    form["place_partner"] = ""
    form["place_name"] = "Old town"
    form.submit("save", status=302)
    item = content.child(dbsession, "en", None, "lantern-walk")
    details = events.details_of(dbsession, item)
    assert details.starts_at == dt.datetime(2026, 12, 20, 18, tzinfo=PARIS)
    assert details.recurrence == "FREQ=DAILY;UNTIL=20261222T225959Z"
    edit = testapp.get("/en/lantern-walk/@@edit").forms["content-form"]
    assert (edit["starts_at"].value, edit["repeat"].value, edit["repeat_until"].value) == (
        "2026-12-20T18:00", "daily", "2026-12-22")


def test_an_event_at_the_hour_the_clocks_skip_is_refused(testapp, login, dbsession):
    login("editor")
    form = testapp.get("/en/@@add?type=event").forms["content-form"]
    form["title"] = "Night of the clocks"
    form["starts_at"] = "2027-03-28T02:30"
    refused = form.submit("save", status=400)
    assert "the clocks go forward from 2:00 to 3:00" in refused.text
    assert refused.forms["content-form"]["starts_at"].value == "2027-03-28T02:30"
    assert content.child(dbsession, "en", None, "night-of-the-clocks") is None


def test_home_shows_whats_on_and_the_latest_news(testapp, dbsession):
    publish_event(dbsession, "Lantern walk", in_days(1, 18))
    publish_event(dbsession, "Far away fair", in_days(40, 10))
    news = content.create(dbsession, language="en", parent=None, type="news", slug="market",
                          texts=content.Texts("The market is back"), author=None)
    content.transition(dbsession, news, "publish", can_review=True)
    home = testapp.get("/en/").html
    events = [a.text for a in home.select(".home-events .card__title a")]
    assert events == ["Lantern walk"]  # the fair is beyond the next two weeks
    assert [a.text for a in home.select(".home-news .card__title a")] == ["The market is back"]
    assert testapp.get("/fr/").html.select(".home-news") == []  # news of its own language


def test_extreme_dates_are_kept_within_reason(testapp):
    assert testapp.get("/en/agenda?from=0001-01-01&to=9999-12-31").status_int == 200


def test_an_all_day_repetition_ends_on_a_date_in_icalendar(testapp, dbsession):
    publish_event(dbsession, "Fair", in_days(1, 0), all_day=True, repeat="daily",
                  repeat_until=in_days(3).date())
    (vevent,) = Calendar.from_ical(testapp.get("/en/agenda.ics").body).walk("VEVENT")
    assert vevent.decoded("dtstart") == in_days(1).date()
    assert vevent["rrule"]["UNTIL"] == [in_days(3).date()]

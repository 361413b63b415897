"""The agenda (``/{lang}/agenda``), its iCalendar feed (``/{lang}/agenda.ics``) and one
event's calendar file (``…/@@ical``)."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from icalendar import Calendar, Event, vRecur
from markupsafe import Markup
from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from ..i18n import _
from ..models import Partner
from ..services import content as content_service
from ..services import events as events_service
from .content_resources import ROUTE, ContentResource, item_url
from .partner_jsonld import script_tag
from .event_dates import when_text
from .public import check_language

ZONE = events_service.ZONE
PERIODS = {
    "upcoming": _("Coming up"),
    "today": _("Today"),
    "weekend": _("This weekend"),
    "week": _("Next 7 days"),
    "month": _("Next 30 days"),
}
UPCOMING_DAYS = 90
FEED_DAYS = 365


def period_bounds(period: str, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The (start, end) of a named period, in Pau's days."""
    local = now.astimezone(ZONE)
    midnight = dt.datetime.combine(local.date(), dt.time(0), ZONE)
    if period == "today":
        return now, midnight + dt.timedelta(days=1)
    if period == "weekend":
        saturday = midnight + dt.timedelta(days=(5 - local.weekday()) % 7)
        if local.weekday() == 6:  # on Sunday, this weekend is today
            saturday = midnight - dt.timedelta(days=1)
        return max(now, saturday), saturday + dt.timedelta(days=2)
    days = {"week": 7, "month": 30}.get(period, UPCOMING_DAYS)
    return now, midnight + dt.timedelta(days=days + 1)


EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _date_param(request, name: str) -> dt.date | None:
    """A date of the query, or None for none or nonsense; kept within this century so
    that date arithmetic cannot overflow."""
    value = request.GET.get(name, "")
    try:
        day = dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return min(max(day, EARLIEST), LATEST) if day else None


@view_config(route_name="public.agenda", renderer="lanta:templates/agenda.pt",
             permission="view", request_method="GET")
def agenda(request):
    lang = check_language(request)
    now = content_service.utc_now()
    first, last = _date_param(request, "from"), _date_param(request, "to")
    period = request.GET.get("period", "upcoming")
    if period not in PERIODS:
        period = "upcoming"
    if first or last:
        period = ""
        start = max(now, dt.datetime.combine(first or now.astimezone(ZONE).date(),
                                             dt.time(0), ZONE))
        end_day = last or (start.astimezone(ZONE).date() + dt.timedelta(days=UPCOMING_DAYS))
        end = dt.datetime.combine(end_day + dt.timedelta(days=1), dt.time(0), ZONE)
    else:
        start, end = period_bounds(period, now)
    found = events_service.agenda(request.dbsession, lang, now, start, end) if end > start else []
    days: dict[dt.date, list] = {}
    for occurrence in found:
        days.setdefault(occurrence.starts_at.astimezone(ZONE).date(), []).append(occurrence)
    return {
        "lang": lang, "days": sorted(days.items()), "period": period, "periods": PERIODS,
        "first": first.isoformat() if first else "", "last": last.isoformat() if last else "",
        "page_title": _("Agenda"), "item_url": lambda i: item_url(request, i),
        "day_title": lambda day: format_date(day, "full", locale=lang),
        "when": lambda o: when_text(o, lang),
        "feed_url": request.route_url("public.agenda.ics", lang=lang),
        "period_url": lambda p: request.route_url("public.agenda", lang=lang,
                                                  _query={"period": p}),
    }


# --- iCalendar --------------------------------------------------------------------------------


def _ical_event(request, item, details) -> Event:
    event = Event()
    event.add("uid", f"lanta-content-{item.id}@{request.host.split(':')[0]}")
    event.add("summary", item.live_title)
    if item.live_description:
        event.add("description", item.live_description)
    event.add("url", item_url(request, item))
    event.add("dtstamp", item.modified_at)
    start = details.starts_at.astimezone(ZONE)
    if details.all_day:
        event.add("dtstart", start.date())
        end = (details.ends_at or details.starts_at).astimezone(ZONE).date()
        event.add("dtend", end + dt.timedelta(days=1))
    else:
        event.add("dtstart", start)
        if details.ends_at is not None:
            event.add("dtend", details.ends_at.astimezone(ZONE))
    if details.recurrence:
        rule = vRecur.from_ical(details.recurrence)
        if details.all_day and "UNTIL" in rule:
            # A date-only start needs a date-only UNTIL (RFC 5545, 3.3.10).
            rule["UNTIL"] = [until.astimezone(ZONE).date() for until in rule["UNTIL"]]
        event.add("rrule", rule)
    place = place_text(request, details)
    if place:
        event.add("location", place)
    return event


def place_text(request, details) -> str:
    parts = []
    if details.place_partner_id:
        partner = request.dbsession.get(Partner, details.place_partner_id)
        if partner is not None and partner.published:
            parts.append(partner.text("name", request.locale_name))
    parts += [p for p in (details.place_name, details.place_address) if p]
    return ", ".join(parts)


def _calendar_response(request, events: list[Event], name: str) -> Response:
    calendar = Calendar()
    calendar.add("prodid", "-//Lanta//Agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = Response(body=calendar.to_ical(), content_type="text/calendar", charset="utf-8")
    return response


@view_config(route_name="public.agenda.ics", permission="view", request_method="GET")
def agenda_feed(request):
    lang = check_language(request)
    now = content_service.utc_now()
    found = events_service.agenda(request.dbsession, lang, now, now,
                                  now + dt.timedelta(days=FEED_DAYS))
    seen, events = set(), []
    for occurrence in found:  # a repeating event is one VEVENT with its RRULE
        if occurrence.item.id not in seen:
            seen.add(occurrence.item.id)
            events.append(_ical_event(request, occurrence.item, occurrence.details))
    name = f"{request.site.name} · {request.localizer.translate(_('Agenda'))}"
    return _calendar_response(request, events, name)


@view_config(route_name=ROUTE, context=ContentResource, name="ical", permission="view",
             request_method="GET")
def event_file(context, request):
    item = context.item
    details = events_service.details_of(request.dbsession, item)
    if details is None or not item.is_visible(content_service.utc_now()):
        raise HTTPNotFound()
    response = _calendar_response(request, [_ical_event(request, item, details)],
                                  item.live_title)
    response.content_disposition = f'attachment; filename="{item.slug}.ics"'
    return response


def event_jsonld(request, item, details, title: str) -> Markup:
    """schema.org Event markup of an event page."""
    data = {"@context": "https://schema.org", "@type": "Event", "name": title,
            "url": item_url(request, item), "inLanguage": item.language,
            "startDate": details.starts_at.astimezone(ZONE).isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "organizer": {"@type": "Organization", "name": request.site.name}}
    if details.ends_at is not None:
        data["endDate"] = details.ends_at.astimezone(ZONE).isoformat()
    place = place_text(request, details)
    if place:
        data["location"] = {"@type": "Place", "name": place}
    return script_tag(data)

"""The figures' page (``chat.answer``) and CSV export (``chat.manage``): thin views over
:mod:`.services.figures`. A range the service refuses re-shows the page with the
sentence beside the form (400), or answers 400 with it for the CSV."""
from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date, format_skeleton
from pyramid.httpexceptions import HTTPBadRequest
from pyramid.response import Response
from pyramid.view import view_config

from lanta.services.errors import InvalidField

from . import ANSWER, MANAGE
from .channels import channels
from .figures import Say
from .figures_chart import Point, bar_chart
from .figures_csv import figures_csv
from .i18n import _
from .services import figures as service


DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class BadRange(Exception):
    def __init__(self, message, field: str) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def _day(request, name: str, default: dt.date) -> dt.date:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadRange(_("Give the date as YYYY-MM-DD, like 2026-07-14."), name) from None


def _shown(request, name: str) -> str:
    """The day given, shown back in its field only when it is one: a date field
    holding anything else is invalid HTML (browsers never send such a value)."""
    text = request.GET.get(name, "").strip()
    return text if DAY.match(text) else ""


def asked_span(request) -> service.Span:
    default = service.default_span()
    start, end = _day(request, "from", default.start), _day(request, "to", default.end)
    try:
        return service.span(start, end)
    except InvalidField as exc:
        raise BadRange(_(exc.message, mapping=exc.mapping), exc.on) from None


def _charts(request, figures: service.Figures) -> list[dict]:
    locale, translate = request.locale_name, request.localizer.translate

    def day_point(day: dt.date, count: int) -> Point:
        short = format_skeleton("MMMd", day, locale=locale)
        return Point(short, translate(_("${day}: ${count}", mapping={
            "day": format_date(day, "medium", locale=locale), "count": count})), count)

    def week_point(week: service.Week) -> Point:
        monday = format_skeleton("MMMd", week.monday, locale=locale)
        return Point(monday, translate(_("Week ${number} (from ${monday}): ${count}",
                                         mapping={"number": week.number, "monday": monday,
                                                  "count": week.conversations})),
                     week.conversations)

    return [
        {"name": "days", "title": _("Conversations per day"),
         "chart": bar_chart([day_point(d, n) for d, n in sorted(figures.per_day.items())])},
        {"name": "weeks", "title": _("Conversations per week"),
         "chart": bar_chart([week_point(w) for w in figures.weeks])}]


@view_config(route_name="chat.figures.show", renderer="lanta_chat:templates/figures.pt",
             permission=ANSWER, request_method="GET")
def show(request):
    request.response.headers["Cache-Control"] = "no-store"
    page = {"admin_section": True, "page_title": _("Chat figures"), "error": None,
            "error_field": None, "start": _shown(request, "from"),
            "end": _shown(request, "to"), "say": Say(request),
            "can_export": request.has_permission(MANAGE)}
    try:
        span = asked_span(request)
    except BadRange as bad:
        request.response.status = 400
        page.update(error=bad.message, error_field=bad.field)
        return page
    figures = service.figures(request.dbsession, span)
    known = channels(request)
    locale = request.locale_name
    page.update(
        start=span.start.isoformat(), end=span.end.isoformat(), figures=figures,
        charts=_charts(request, figures),
        csv_query={"from": span.start.isoformat(), "to": span.end.isoformat()},
        channel_label=lambda name: (request.localizer.translate(known[name].label)
                                    if name in known else name),
        format_day=lambda day: format_date(day, "medium", locale=locale))
    return page


@view_config(route_name="chat.figures.csv", permission=MANAGE, request_method="GET")
def export(request):
    try:
        span = asked_span(request)
    except BadRange as bad:
        raise HTTPBadRequest(request.localizer.translate(bad.message)) from None
    body = figures_csv(service.figures(request.dbsession, span))
    name = f"chat-figures-{span.start.isoformat()}-{span.end.isoformat()}.csv"
    response = Response(body=body, content_type="text/csv", charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response

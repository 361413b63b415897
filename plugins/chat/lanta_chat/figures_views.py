"""The figures' page (``chat.answer``) and CSV export (``chat.manage``): thin views over
:mod:`.services.figures`. A range :func:`lanta.reporting.period` refuses re-shows the page with the
sentence beside the form (400), or answers 400 with it for the CSV. The range, the
charts and the CSV's layout come from :mod:`lanta.reporting`."""
from __future__ import annotations

from babel.dates import format_date, format_skeleton
from pyramid.httpexceptions import HTTPBadRequest
from pyramid.view import view_config

from lanta import reporting

from . import ANSWER, MANAGE
from .channels import channels
from .figures import Say
from .figures_csv import figures_csv
from .i18n import _
from .services import figures as service

DEFAULT_DAYS = 56  # the last eight weeks, today included


def _charts(request, figures: service.Figures) -> list[dict]:
    locale, translate = request.locale_name, request.localizer.translate

    def week_point(week: service.Week) -> reporting.Point:
        monday = format_skeleton("MMMd", week.monday, locale=locale)
        title = _("Week ${number} (from ${monday}): ${count}", mapping={
            "number": week.number, "monday": monday, "count": week.conversations})
        return reporting.Point(monday, translate(title), week.conversations)

    return [
        {"name": "days", "title": _("Conversations per day"),
         "chart": reporting.bar_chart(reporting.day_points(sorted(figures.per_day.items()),
                                                           locale))},
        {"name": "weeks", "title": _("Conversations per week"),
         "chart": reporting.bar_chart([week_point(w) for w in figures.weeks])}]


@view_config(route_name="chat.figures.show", renderer="lanta_chat:templates/figures.pt",
             permission=ANSWER, request_method="GET")
def show(request):
    request.response.headers["Cache-Control"] = "no-store"
    page = {"admin_section": True, "page_title": _("Chat figures"), "error": None,
            "error_field": None, "start": reporting.shown_day(request, "from"),
            "end": reporting.shown_day(request, "to"), "say": Say(request),
            "can_export": request.has_permission(MANAGE)}
    try:
        span = reporting.asked_period(request, DEFAULT_DAYS)
    except reporting.BadPeriod as bad:
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
        span = reporting.asked_period(request, DEFAULT_DAYS)
    except reporting.BadPeriod as bad:
        raise HTTPBadRequest(request.localizer.translate(bad.message)) from None
    body = figures_csv(service.figures(request.dbsession, span))
    name = f"chat-figures-{span.start.isoformat()}-{span.end.isoformat()}.csv"
    return reporting.csv_response(body, name)

"""The figures' page and its CSV (``imagewall.manage``): thin views over
:mod:`.services.figures`. A period the office cannot have re-shows the page with the
sentence beside the form (400), or answers 400 with it for the CSV."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.view import view_config

from lanta import reporting

from . import MANAGE
from .figures import approval_rate, day_values, kind_label, tag_label
from .i18n import _
from .services import figures as service


@view_config(route_name="imagewall.figures", renderer="lanta_imagewall:templates/figures.pt",
             permission=MANAGE, request_method="GET")
def figures_page(request):
    request.response.headers["Cache-Control"] = "no-store"
    locale = request.locale_name
    page = {"admin_section": True, "page_title": _("Image wall figures"), "error": None,
            "error_field": None, "start": reporting.shown_day(request, "from"),
            "end": reporting.shown_day(request, "to"), "tag_label": tag_label,
            "kind_label": kind_label}
    try:
        period = reporting.asked_period(request)
    except reporting.BadPeriod as bad:
        request.response.status = 400
        page.update(error=bad.message, error_field=bad.field)
        return page
    figures = service.figures(request.dbsession, period, locale)
    page.update(start=period.start.isoformat(), end=period.end.isoformat(), figures=figures,
                rate=approval_rate(figures, locale),
                chart=reporting.bar_chart(day_values(figures, locale)),
                chart_label=_("Contributions per day"),
                csv_url=request.route_url("imagewall.figures", _query={
                    "from": period.start.isoformat(), "to": period.end.isoformat(),
                    "format": "csv"}))
    return page


@view_config(route_name="imagewall.figures", request_param="format=csv", permission=MANAGE,
             request_method="GET")
def figures_csv(request):
    """One row per day of the period: the day and its contributions."""
    try:
        period = reporting.asked_period(request)
    except reporting.BadPeriod as bad:
        raise HTTPBadRequest(request.localizer.translate(bad.message)) from None
    figures = service.figures(request.dbsession, period, request.locale_name)
    translate = request.localizer.translate
    body = reporting.csv_bytes(
        [translate(_("Day")), translate(_("Contributions"))],
        [(day.isoformat(), str(figures.per_day.get(day, 0))) for day in period.days])
    return reporting.csv_response(
        body, f"imagewall-{period.start.isoformat()}-{period.end.isoformat()}.csv")


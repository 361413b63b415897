"""The figures' page (``spectrospoke.manage``): a thin view over
:mod:`.services.figures`. A period the office cannot have re-shows the page with the
sentence beside the form (400)."""
from __future__ import annotations

from pyramid.view import view_config

from lanta import reporting

from . import MANAGE
from .figures import day_values, share
from .i18n import _
from .services import figures as service


@view_config(route_name="spectrospoke.figures",
             renderer="lanta_spectrospoke:templates/figures.pt", permission=MANAGE,
             request_method="GET")
def figures_page(request):
    request.response.headers["Cache-Control"] = "no-store"
    locale = request.locale_name
    page = {"admin_section": True, "page_title": _("Clip figures"), "error": None,
            "error_field": None, "start": reporting.shown_day(request, "from"),
            "end": reporting.shown_day(request, "to"),
            "share": lambda c: share(c, locale)}
    try:
        period = reporting.asked_period(request)
    except reporting.BadPeriod as bad:
        request.response.status = 400
        page.update(error=bad.message, error_field=bad.field)
        return page
    figures = service.figures(request.dbsession, period, locale)
    page.update(
        start=period.start.isoformat(), end=period.end.isoformat(), figures=figures,
        charts=[{"name": "views", "label": _("Clip views per day"),
                 "chart": reporting.bar_chart(day_values(figures, "views", locale))},
                {"name": "bookings", "label": _("Bookings per day"),
                 "chart": reporting.bar_chart(day_values(figures, "bookings", locale))}])
    return page

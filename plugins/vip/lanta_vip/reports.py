"""The office's VIP reports (``vip.manage``): ``/admin/vip/reports`` shows cards issued,
scans and redemptions per day (bar charts drawn as inline SVG, each with its table),
per partner and per offer over a range of office days; ``/admin/vip/reports.csv`` gives
the redemptions one by one for invoicing (format: :mod:`.reports_csv`). The period, the
charts and the CSV's layout come from :mod:`lanta.reporting`."""
from __future__ import annotations

import re

from babel.dates import format_date
from pyramid.httpexceptions import HTTPBadRequest
from pyramid.view import view_config

from lanta import reporting

from . import office_offers_present as present
from .i18n import _
from .models import MAX_ID
from .reports_csv import redemptions_csv
from .services import reports

MANAGE = "vip.manage"


def _charts(days: list[reports.Day], locale: str) -> list[dict]:
    series = (("cards", _("Cards issued per day")), ("scans", _("Scans per day")),
              ("redemptions", _("Redemptions per day")))
    return [{"name": name, "title": title, "chart": reporting.bar_chart(
                reporting.day_points([(d.day, getattr(d, name)) for d in days], locale))}
            for name, title in series]


@view_config(route_name="vip.reports.show", renderer="lanta_vip:templates/report.pt",
             permission=MANAGE, request_method="GET")
def report(request):
    locale = request.locale_name
    # Figures of partners' trade: never kept by a cache between the office and here.
    request.response.headers["Cache-Control"] = "no-store"
    page = {"admin_section": True, "page_title": _("VIP reports"), "error": None,
            "start": reporting.shown_day(request, "from"),
            "end": reporting.shown_day(request, "to"),
            "days": [], "charts": [], "partners": [], "offers": []}
    try:
        span = reporting.asked_period(request)
    except reporting.BadPeriod as bad:
        request.response.status = 400
        page.update(error=bad.message, error_field=bad.field)
        return page
    dbsession = request.dbsession
    days = reports.per_day(dbsession, span)
    csv_query = {"from": span.start.isoformat(), "to": span.end.isoformat()}
    page.update(
        start=span.start.isoformat(), end=span.end.isoformat(), days=days,
        charts=_charts(days, locale), csv_query=csv_query,
        totals={name: sum(getattr(d, name) for d in days)
                for name in ("cards", "scans", "redemptions")},
        partners=reports.per_partner(dbsession, span),
        offers=[{"figures": f, "title": f.offer.text_for("title", locale),
                 "kind": present.KIND_LABELS[f.offer.kind],
                 "value": present.value_text(f.offer, locale)}
                for f in reports.per_offer(dbsession, span)],
        format_day=lambda day: format_date(day, "medium", locale=locale))
    return page


@view_config(route_name="vip.reports.csv", permission=MANAGE, request_method="GET")
def report_csv(request):
    try:
        span = reporting.asked_period(request)
    except reporting.BadPeriod as bad:
        raise HTTPBadRequest(request.localizer.translate(bad.message)) from None
    partner = request.GET.get("partner", "").strip()
    # ASCII digits only (str.isdigit takes "²"), and an id an INTEGER column can hold.
    if partner and (not re.fullmatch(r"[0-9]{1,10}", partner) or int(partner) > MAX_ID):
        raise HTTPBadRequest(request.localizer.translate(_("Unknown partner.")))
    lines = reports.redemption_lines(request.dbsession, span,
                                     int(partner) if partner else None)
    name = f"vip-redemptions-{span.start.isoformat()}-{span.end.isoformat()}"
    if partner and lines:
        name += f"-{lines[0].partner.slug}"
    return reporting.csv_response(redemptions_csv(lines), f"{name}.csv")

"""The statements' pages and CSV files: the office's (``spectrospoke.manage``) and a
partner's own (``partner.self`` plus membership of the listing in the address).

A month that is not one re-shows the page with the sentence beside the field (400), or
answers 400 with it for the CSV. A partner page of a listing that is neither a partner
hotel nor an activity answers 404, like a listing the account does not keep.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPBadRequest, HTTPNotFound
from pyramid.view import view_config

from lanta import reporting

from . import MANAGE
from .hotels import percent
from .i18n import _
from .models import Activity, Hotel
from .partner_pages import own_listing
from .services import statements as service
from .statements import asked_month, money, month_title, shown_month
from .statements_csv import filename, statement_csv

TEMPLATE = "lanta_spectrospoke:templates/statement.pt"


def _page(request, **values) -> dict:
    request.response.headers["Cache-Control"] = "no-store"
    locale = request.locale_name
    page = {"admin_section": True, "error": None, "month": shown_month(request),
            "money": lambda cents: money(cents, locale),
            "percent": lambda bp: percent(bp, locale), "partner": None,
            "show_hotels": True, "show_activities": True}
    page.update(values)
    return page


def _scope(request, partner) -> dict:
    """Whose statement a partner sees: its hotel's, else its activity's. A listing that
    is both (a hotel selling its own activity) sees its hotel's: the commissions it
    earns, not what it owes to other hotels."""
    is_hotel = request.dbsession.get(Hotel, partner.id) is not None
    is_activity = request.dbsession.get(Activity, partner.id) is not None
    if not (is_hotel or is_activity):
        raise HTTPNotFound()
    return {"hotel_id": partner.id if is_hotel else None,
            "activity_id": partner.id if is_activity and not is_hotel else None}


def _shown(request, title, csv_url_for, scope: dict, **values) -> dict:
    page = _page(request, **values)
    try:
        period = asked_month(request)
    except reporting.BadPeriod as bad:
        request.response.status = 400
        page.update(error=bad.message, page_title=title, statement=None)
        return page
    statement = service.statement(request.dbsession, period, request.locale_name, **scope)
    month = period.start.strftime("%Y-%m")
    page.update(statement=statement, month=month,
                page_title=_("${title}, ${month}", mapping={
                    "title": request.localizer.translate(title),
                    "month": month_title(period, request.locale_name)}),
                csv_url=csv_url_for(month))
    return page


@view_config(route_name="spectrospoke.statements", renderer=TEMPLATE, permission=MANAGE,
             request_method="GET")
def office_statement(request):
    """Every hotel's commissions and what every activity partner owes, for a month."""
    return _shown(request, _("Commission statement"),
                  lambda month: request.route_url("spectrospoke.statements.csv",
                                                  _query={"month": month}),
                  {}, form_url=request.route_url("spectrospoke.statements"))


@view_config(route_name="spectrospoke.partner.statement", renderer=TEMPLATE,
             permission="partner.self", request_method="GET")
def partner_statement(request):
    """A hotel's own commissions, or what an activity partner owes to each hotel."""
    partner = own_listing(request)
    scope = _scope(request, partner)
    return _shown(
        request, _("Commission statement of ${name}",
                   mapping={"name": partner.text("name", request.locale_name)}),
        lambda month: request.route_url("spectrospoke.partner.statement.csv",
                                        slug=partner.slug, _query={"month": month}),
        scope, admin_section=False, partner=partner,
        show_hotels=scope["hotel_id"] is not None,
        show_activities=scope["activity_id"] is not None,
        form_url=request.route_url("spectrospoke.partner.statement", slug=partner.slug))


def _csv(request, scope: dict, who: str = ""):
    try:
        period = asked_month(request)
    except reporting.BadPeriod as bad:
        raise HTTPBadRequest(request.localizer.translate(bad.message)) from None
    statement = service.statement(request.dbsession, period, request.locale_name, **scope)
    return reporting.csv_response(statement_csv(statement), filename(statement, who))


@view_config(route_name="spectrospoke.statements.csv", permission=MANAGE,
             request_method="GET")
def office_statement_csv(request):
    return _csv(request, {})


@view_config(route_name="spectrospoke.partner.statement.csv", permission="partner.self",
             request_method="GET")
def partner_statement_csv(request):
    partner = own_listing(request)
    return _csv(request, _scope(request, partner), partner.slug)

"""The views of cost sharing (routes in :mod:`.costs`): thin layers over
:mod:`.services.seasons`, :mod:`.services.claims` and :mod:`.services.cost_report`.

A refused action (an approval the budget cannot cover, a refusal without a reason…)
re-displays the costs page with its message beside the claim and the error's status;
nothing is written then.
"""
from __future__ import annotations

import re
from typing import Any

import colander
import deform
from pyramid.httpexceptions import HTTPBadRequest, HTTPFound, HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import select

from lanta.forms import CSRFSchema, flash, make_form, process_form, render_with_error
from lanta.services.errors import DomainError, NotFound

from . import MANAGE, WRITE
from .costs_csv import claims_csv
from .i18n import _
from .receipt_files import receipt_response
from .models import Season, Test
from .services import claims, cost_report, seasons
from .services.seasons import OFFICE_TZ
from .services.testers import tester_for_user

PAGE = "lanta_reviews:templates/costs.pt"
STATUS_LABELS = {"submitted": _("Waiting"), "approved": _("Approved, to pay"),
                 "refused": _("Refused"), "paid": _("Paid"), "none": _("Not claimed")}



def _year(request) -> int:
    text = request.params.get("season", "").strip()
    if not text:
        return seasons.current_year()
    if not re.fullmatch(r"[0-9]{4}", text) \
            or not seasons.FIRST_YEAR <= int(text) <= seasons.LAST_YEAR:
        raise HTTPBadRequest(request.localizer.translate(
            _("Give the season as a year, like 2026.")))
    return int(text)


def _claim_or_404(request) -> Test:
    try:
        return claims.get_test(request.dbsession, int(request.matchdict["id"]))
    except (ValueError, NotFound):
        raise HTTPNotFound() from None


# --- the season's terms ----------------------------------------------------------------------


class SeasonSchema(CSRFSchema):
    share_percent = colander.SchemaNode(
        colander.Integer(), title=_("Office's share of a test's cost (%)"),
        validator=colander.Range(0, 100, min_err=_("At least 0 %."),
                                 max_err=_("At most 100 %.")),
        widget=deform.widget.TextInputWidget(attributes={
            "type": "number", "min": "0", "max": "100", "step": "1",
            "inputmode": "numeric"}))
    cap = colander.SchemaNode(
        colander.String(), title=_("Cap per test (€)"),
        description=_("The most the office pays for one test, like 30 or 30,50."),
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "decimal"}))
    budget = colander.SchemaNode(
        colander.String(), title=_("Season's budget (€)"),
        description=_("What the office may pay testers over the season, in all."),
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "decimal"}))


def _season_form(request) -> deform.Form:
    return make_form(SeasonSchema(), request,
                     buttons=(deform.Button("save", _("Save the season")),),
                     formid="reviews-season-form")


def _season_values(terms: seasons.SeasonTerms) -> dict[str, Any]:
    return {"share_percent": terms.share_percent,
            "cap": seasons.format_euros(terms.cap_cents),
            "budget": seasons.format_euros(terms.budget_cents)}


def _years(request, year: int) -> list[int]:
    """The seasons to choose from: those with terms or tests, this one and the next."""
    dbsession = request.dbsession
    current = seasons.current_year()
    known = set(dbsession.scalars(select(Season.year))) \
        | set(dbsession.scalars(select(Test.season).distinct()))
    return sorted(known | {current, current + 1, year}, reverse=True)


def _page(request, year: int, *, form_html: str | None = None,
          error: dict[str, Any] | None = None) -> dict[str, Any]:
    dbsession, lang = request.dbsession, request.locale_name
    report = cost_report.season_report(dbsession, year, lang)
    if form_html is None:
        form_html = _season_form(request).render(_season_values(report.terms))
    lines = cost_report.claim_lines(dbsession, year)
    # Cached responses of figures about people's expenses: never.
    request.response.headers["Cache-Control"] = "no-store"
    return {"admin_section": True, "page_title": _("Testers' costs"),
            "year": year, "years": _years(request, year), "form": form_html,
            "report": report, "terms": report.terms, "euros": seasons.format_euros,
            "waiting": [line for line in lines if line.test.claim_status == "submitted"],
            "to_pay": [line for line in lines if line.test.claim_status == "approved"],
            "decided": [line for line in lines
                        if line.test.claim_status in ("refused", "paid")],
            "status_labels": STATUS_LABELS, "error": error or {},
            "office_day": lambda at: at.astimezone(OFFICE_TZ).date().isoformat(),
            "csv_url": request.route_url("reviews.costs.csv",
                                         _query={"season": str(year)})}


@view_config(route_name="reviews.costs.show", renderer=PAGE, permission=MANAGE,
             request_method=("GET", "POST"))
def costs_page(request):
    year = _year(request)
    form = _season_form(request)

    def save(data: dict[str, Any]):
        try:
            seasons.update(request.dbsession, year, share_percent=data["share_percent"],
                           cap=data["cap"], budget=data["budget"])
        except DomainError as exc:
            request.response.status = exc.status
            field = getattr(exc, "on", None)
            return render_with_error(form, data, _(exc.message, mapping=exc.mapping),
                                     field if field in ("share_percent", "cap", "budget")
                                     else None)
        flash(request, _("Season ${year} saved.", mapping={"year": year}))
        return HTTPFound(request.route_url("reviews.costs.show",
                                           _query={"season": str(year)}))

    result, html = process_form(request, form, save)
    if isinstance(result, HTTPFound):
        return result
    if request.method == "POST" and request.response.status_int < 400:
        request.response.status = 400  # re-shown with the mistakes to correct
    return _page(request, year, form_html=result or html)


def _decide(request, action, message):
    """Run one decision on a claim; a refusal re-displays the page with its message."""
    test = _claim_or_404(request)
    year = test.season
    try:
        action(test)
    except DomainError as exc:
        request.response.status = exc.status
        # The services check everything before changing a row: nothing was written.
        return _page(request, year, error={
            "claim_id": test.id, "field": getattr(exc, "on", ""),
            "message": _(exc.message, mapping=exc.mapping),
            "reason": request.POST.get("reason", "")})
    flash(request, message)
    return HTTPFound(request.route_url("reviews.costs.show", _query={"season": str(year)},
                                       _anchor=f"claim-{test.id}"))


@view_config(route_name="reviews.claims.approve", renderer=PAGE, permission=MANAGE,
             request_method="POST")
def claim_approve(request):
    return _decide(request, lambda test: claims.approve(
        request.dbsession, test.id, request.user.id), _("Claim approved."))


@view_config(route_name="reviews.claims.refuse", renderer=PAGE, permission=MANAGE,
             request_method="POST")
def claim_refuse(request):
    return _decide(request, lambda test: claims.refuse(
        request.dbsession, test.id, request.POST.get("reason", ""), request.user.id),
        _("Claim refused; the tester will read the reason."))


@view_config(route_name="reviews.claims.paid", renderer=PAGE, permission=MANAGE,
             request_method="POST")
def claim_paid(request):
    return _decide(request, lambda test: claims.mark_paid(
        request.dbsession, test.id, request.user.id), _("Claim marked paid."))


# --- the CSV and the receipts ----------------------------------------------------------------


@view_config(route_name="reviews.costs.csv", permission=MANAGE, request_method="GET")
def costs_csv(request):
    year = _year(request)
    lines = cost_report.claim_lines(request.dbsession, year)
    response = Response(body=claims_csv(lines), content_type="text/csv", charset="utf-8")
    response.headers["Content-Disposition"] = \
        f'attachment; filename="reviews-claims-{year}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@view_config(route_name="reviews.claims.receipt", permission=MANAGE, request_method="GET")
def claim_receipt(request):
    test = _claim_or_404(request)
    return receipt_response(request, test)


# --- the tester's claim ----------------------------------------------------------------------


@view_config(route_name="reviews.my.claim", permission=WRITE, request_method="POST")
def my_claim(request):
    tester = tester_for_user(request.dbsession, request.user.id)
    if tester is None:
        raise HTTPNotFound()
    try:
        test_id = int(request.matchdict["id"])
        claims.claim(request.dbsession, test_id, tester.id)
    except (ValueError, NotFound):
        raise HTTPNotFound() from None
    except DomainError as exc:
        flash(request, _(exc.message, mapping=exc.mapping))
        return HTTPFound(request.route_url("reviews.my"))
    flash(request, _("Claim sent: the office will decide on it and tell you."))
    return HTTPFound(request.route_url("reviews.my"))

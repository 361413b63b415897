"""The office's recruitment pages (``reviews.moderate``): the applications, pending
first, each accepted or declined with a reason (``/admin/reviews/applications``), and the
testers, whom the office may deactivate and reactivate (``/admin/reviews/testers``).

Accepting makes the tester (and an account when none has the address) then mails the
applicant; declining mails the reason. A refusal comes back as a message on the list
with nothing changed.
"""
from __future__ import annotations

import re

from babel.dates import format_date
from pyramid.httpexceptions import HTTPBadRequest, HTTPFound, HTTPNotFound
from pyramid.view import view_config

from lanta.forms import flash
from lanta.labels import ENVIE_LABELS
from lanta.models import MAX_ID
from lanta.services.errors import DomainError, NotFound

from .i18n import _
from .recruitment_forms import TESTER_KIND_LABELS, language_name
from .recruitment_mail import send_acceptance, send_decline
from .services import applications, testers

MODERATE = "reviews.moderate"
STATUS_LABELS = {"pending": _("Waiting"), "accepted": _("Accepted"),
                 "declined": _("Declined")}



def _id(request) -> int:
    """The id in the address; one no row can have is not found (int() refuses
    thousands of digits, and PostgreSQL an id beyond its INTEGER keys)."""
    value = request.matchdict["id"]
    if not re.fullmatch(r"[0-9]{1,10}", value) or not 1 <= int(value) <= MAX_ID:
        raise HTTPNotFound()
    return int(value)


def _day(request, value) -> str:
    return format_date(value, format="medium", locale=request.locale_name) if value else ""


def _list_page(request, problem=None):
    rows = applications.list_for_office(request.dbsession)
    return {"rows": rows, "problem": problem, "status_labels": STATUS_LABELS,
            "kind_labels": TESTER_KIND_LABELS, "envie_labels": ENVIE_LABELS,
            "language_name": language_name, "day": lambda v: _day(request, v),
            "pending": applications.count_pending(request.dbsession),
            "admin_section": True,
            "page_title": _("Tester applications")}


@view_config(route_name="reviews.applications.list",
             renderer="lanta_reviews:templates/applications_list.pt", permission=MODERATE,
             request_method="GET")
def applications_list(request):
    return _list_page(request)


def _refused(request, application_id: int, exc: DomainError):
    request.response.status = exc.status
    page = _list_page(request, {"id": application_id,
                                "message": _(exc.message, mapping=exc.mapping),
                                "reason": request.POST.get("reason", "")})
    return page


@view_config(route_name="reviews.applications.accept",
             renderer="lanta_reviews:templates/applications_list.pt", permission=MODERATE,
             request_method="POST")
def application_accept(request):
    application_id = _id(request)
    try:
        acceptance = applications.accept(request.dbsession, application_id,
                                         request.user.id)
    except NotFound:
        raise HTTPNotFound() from None
    except DomainError as exc:
        return _refused(request, application_id, exc)
    send_acceptance(request, acceptance)
    flash(request, _("${name} is now a tester and was told by e-mail.",
                      mapping={"name": acceptance.tester.display_name}))
    return HTTPFound(request.route_url("reviews.applications.list",
                                       _anchor=f"application-{application_id}"))


@view_config(route_name="reviews.applications.decline",
             renderer="lanta_reviews:templates/applications_list.pt", permission=MODERATE,
             request_method="POST")
def application_decline(request):
    application_id = _id(request)
    try:
        application = applications.decline(request.dbsession, application_id,
                                           request.POST.get("reason", ""), request.user.id)
    except NotFound:
        raise HTTPNotFound() from None
    except DomainError as exc:
        return _refused(request, application_id, exc)
    send_decline(request, application)
    flash(request, _("Application declined; ${name} was told why by e-mail.",
                      mapping={"name": application.name}))
    return HTTPFound(request.route_url("reviews.applications.list",
                                       _anchor=f"application-{application_id}"))


@view_config(route_name="reviews.testers.office",
             renderer="lanta_reviews:templates/tester_office.pt", permission=MODERATE,
             request_method="GET")
def testers_list(request):
    return {"testers": testers.list_all(request.dbsession), "kind_labels": TESTER_KIND_LABELS,
            "day": lambda v: _day(request, v), "lang": request.locale_name,
            "public_lang": (request.site.languages or ["fr"])[0],
            "admin_section": True, "page_title": _("Testers")}


@view_config(route_name="reviews.testers.active", permission=MODERATE,
             request_method="POST")
def tester_active(request):
    try:
        tester = testers.get(request.dbsession, _id(request))
    except NotFound:
        raise HTTPNotFound() from None
    state = request.POST.get("active")
    if state not in ("0", "1"):
        raise HTTPBadRequest()
    testers.set_active(request.dbsession, tester, state == "1")
    flash(request, _("${name} is a tester again.", mapping={"name": tester.display_name})
           if tester.active else
           _("${name} is no longer a tester: their profile and published reviews stay.",
             mapping={"name": tester.display_name}))
    return HTTPFound(request.route_url("reviews.testers.office",
                                       _anchor=f"tester-{tester.id}"))

"""One place maps failures to answers: an HTML page, or ``application/problem+json``
(RFC 9457) under ``/api/``. A 500 shows a calm sentence and logs the traceback."""
from __future__ import annotations

import logging

from pyramid.httpexceptions import HTTPException, HTTPForbidden, HTTPFound, HTTPNotFound
from pyramid.response import Response
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config

from ..i18n import _
from ..logging_tween import loggable_path
from ..services.errors import DomainError

log = logging.getLogger(__name__)

TITLES = {
    400: _("Bad request"),
    403: _("Access denied"),
    404: _("Page not found"),
    405: _("Method not allowed"),
    409: _("Conflict"),
    429: _("Too many requests"),
    500: _("Something went wrong"),
    503: _("Service unavailable"),
}
DETAILS = {
    400: _("The request could not be understood. If you were sending a form, reload the page and try again."),
    403: _("You do not have permission to see this page."),
    404: _("This page does not exist or has moved."),
    405: _("This address does not accept this kind of request."),
    500: _("We have been told about it and will fix it. Please try again in a moment."),
}


def wants_problem_json(request) -> bool:
    return request.path.startswith("/api/")


def error_response(request, status: int, detail=None) -> Response:
    localizer = request.localizer
    title = localizer.translate(TITLES.get(status, TITLES[400] if status < 500 else TITLES[500]))
    detail_text = localizer.translate(detail if detail is not None else
                                      DETAILS.get(status, DETAILS[400 if status < 500 else 500]))
    if wants_problem_json(request):
        response = Response(json_body={"type": "about:blank", "status": status, "title": title,
                                       "detail": detail_text},
                            status=status, content_type="application/problem+json")
        return response
    from pyramid.renderers import render_to_response
    try:
        response = render_to_response("lanta:templates/error.pt",
                                      {"title": title, "detail": detail_text,
                                       "status": status, "page_title": title},
                                      request=request)
    except Exception:  # the layout itself failed (database down…): plain words then
        log.exception("error page could not be rendered")
        response = Response(f"{title}. {detail_text}", content_type="text/plain")
    response.status = status
    return response


@notfound_view_config()
def not_found(exc, request):
    detail = None
    return error_response(request, 404, detail)


@forbidden_view_config()
def forbidden(exc, request):
    if request.user is None and not wants_problem_json(request) and request.method == "GET":
        return HTTPFound(request.route_url("auth.login", _query={"came_from": request.url}))
    return error_response(request, 403)


@exception_view_config(DomainError)
def domain_error(exc, request):
    return error_response(request, exc.status, _(exc.message, mapping=exc.mapping))


@exception_view_config(HTTPException)
def http_exception(exc, request):
    if exc.status_int < 400 or isinstance(exc, (HTTPNotFound, HTTPForbidden)):
        return exc
    # BadCSRFToken and the like: the right status with a sentence a person understands.
    return error_response(request, exc.status_int)


@exception_view_config(Exception)
def server_error(exc, request):
    log.exception("unhandled error on %s %s", request.method, loggable_path(request))
    return error_response(request, 500)

"""The add-on's HTTP layer: admin pages, the public page of notices, the JSON API.

Thin views: they validate with the form, call one service and pick the response.
"""
from __future__ import annotations

import deform
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from lanta.forms import make_form, process_form

from . import presentation, services
from .forms import notice_schema, to_input
from .i18n import _

MANAGE = "banner.manage"
ADMIN_FORM = "lanta_banner:templates/admin_form.pt"


def _flash(request, message) -> None:
    request.session.flash(request.localizer.translate(message))


def _notice_id(request) -> int:
    return int(request.matchdict["id"])


def _form(request):
    return make_form(notice_schema(), request,
                     buttons=(deform.Button("save", _("Save")),), formid="banner-notice-form")


# --- admin ------------------------------------------------------------------------------


@view_config(route_name="banner.admin.list", renderer="lanta_banner:templates/admin_list.pt",
             permission=MANAGE, request_method="GET")
def admin_list(request):
    now = services.utcnow()
    rows = [dict(presentation.present(n, "fr"), status=services.status(n, now),
                 text_en=n.text_en, on_partner_pages=n.on_partner_pages)
            for n in services.list_all(request.dbsession)]
    return {"rows": rows, "admin_section": True, "page_title": _("Banners")}


@view_config(route_name="banner.admin.add", renderer=ADMIN_FORM, permission=MANAGE,
             request_method=("GET", "POST"))
def admin_add(request):
    form = _form(request)

    def save(data):
        notice = services.create(request.dbsession, to_input(data))
        _flash(request, _("Notice ${id} saved.", mapping={"id": notice.id}))
        return HTTPFound(request.route_url("banner.admin.list"))

    result, html = process_form(request, form, save,
                                appstruct={"level": "info", "starts_at": services.utcnow()})
    if result is not None:
        return result
    return {"form": html, "admin_section": True, "page_title": _("New notice")}


@view_config(route_name="banner.admin.edit", renderer=ADMIN_FORM, permission=MANAGE,
             request_method=("GET", "POST"))
def admin_edit(request):
    notice = services.get(request.dbsession, _notice_id(request))
    form = _form(request)

    def save(data):
        services.update(request.dbsession, notice.id, to_input(data))
        _flash(request, _("Notice ${id} saved.", mapping={"id": notice.id}))
        return HTTPFound(request.route_url("banner.admin.list"))

    result, html = process_form(request, form, save,
                                appstruct=vars(services.as_input(notice)))
    if result is not None:
        return result
    return {"form": html, "admin_section": True,
            "page_title": _("Notice ${id}", mapping={"id": notice.id})}


@view_config(route_name="banner.admin.delete", permission=MANAGE, request_method="POST")
def admin_delete(request):
    notice_id = _notice_id(request)
    services.remove(request.dbsession, notice_id)
    _flash(request, _("Notice ${id} deleted.", mapping={"id": notice_id}))
    return HTTPFound(request.route_url("banner.admin.list"))


# --- visitors ---------------------------------------------------------------------------


@view_config(route_name="banner.public.list", renderer="lanta_banner:templates/public.pt",
             permission="view", request_method="GET")
def public_list(request):
    lang = request.matchdict["lang"]
    if lang not in request.site.languages:
        raise HTTPNotFound()
    notices = presentation.current_for_request(request)
    return {"notices": [presentation.present(n, lang) for n in notices],
            "page_title": _("Practical notices")}


@view_config(route_name="banner.api.current", renderer="json", permission="view",
             request_method="GET")
def api_current(request):
    lang = services.check_language(request.GET.get("lang"), request.site.languages)
    return {"items": [services.as_json(n, lang) for n in services.current(request.dbsession)]}


@view_config(route_name="banner.api.current", permission="view", require_csrf=False,
             request_method=("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"))
def api_current_other_methods(request):
    """405 with ``Allow``, as RFC 9110 asks, instead of Pyramid's 404 for other methods."""
    localizer = request.localizer
    response = Response(status=405, headers={"Allow": "GET, HEAD"})
    response.json_body = {"type": "about:blank", "status": 405,
                          "title": localizer.translate(_("Method not allowed")),
                          "detail": localizer.translate(_("This address only answers GET."))}
    response.content_type = "application/problem+json"
    return response

"""A partner's own space (``/partner/``): the listings its account keeps, and a form to
propose changes that an editor approves before visitors see them."""
from __future__ import annotations

from typing import Any

import deform
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.view import view_config

from ..forms import make_form, process_form, render_with_error
from ..i18n import _
from ..services import partner_changes
from ..services.errors import DomainError, NotFound
from .admin.partners import PartnerSchema, error_field, form_values, renderable, service_data

# The fields of the office's partner form that a partner account does not edit.
OFFICE_FIELDS = ("slug", "category", "name_fr", "name_en", "street", "postcode", "city",
                 "lat", "lon", "relay_corner", "published", "members")


@view_config(route_name="partner.home", renderer="lanta:templates/partner_self/home.pt",
             permission="partner.self", request_method="GET")
def home(request):
    dbsession = request.dbsession
    listings = [(p, partner_changes.waiting(dbsession, p),
                 partner_changes.latest_decision(dbsession, p), add_on_links(request, p))
                for p in partner_changes.listings_of(dbsession, request.user)]
    return {"listings": listings, "lang": request.locale_name, "page_title": _("My listing")}


def add_on_links(request, partner) -> list:
    """What enabled add-ons offer this account for this listing (its VIP offers…)."""
    links = [link for result in request.hooks.lanta_partner_space_links(request=request,
                                                                          partner=partner)
             for link in result or () if request.has_permission(link.permission)]
    return sorted(links, key=lambda link: (link.order, str(link.title)))


def self_schema() -> PartnerSchema:
    schema = PartnerSchema()
    for name in OFFICE_FIELDS:
        if name in schema:
            del schema[name]
    return schema


@view_config(route_name="partner.edit", renderer="lanta:templates/partner_self/edit.pt",
             permission="partner.self", request_method=("GET", "POST"))
def edit(request):
    try:
        partner = partner_changes.listing_of(request.dbsession, request.user,
                                             request.matchdict["slug"])
    except NotFound as exc:
        raise HTTPNotFound() from exc
    form = make_form(self_schema(), request, formid="partner-form",
                     buttons=(deform.Button("save", _("Send for approval")),))
    waiting = partner_changes.waiting(request.dbsession, partner)
    values = form_values(partner)
    if waiting is not None:  # go on from what waits, not from the published listing
        values.update(form_values(partner, waiting.data))

    def send(data: dict[str, Any]):
        proposed = {k: v for k, v in service_data(data).items()
                    if k in partner_changes.SELF_FIELDS}
        try:
            change = partner_changes.propose(request.dbsession, partner, request.user,
                                             proposed)
        except DomainError as exc:
            request.response.status = exc.status
            return render_with_error(form, renderable(data), _(exc.message, mapping=exc.mapping),
                                     error_field(exc, form))
        request.session.flash(request.localizer.translate(
            _("Sent. The office checks your changes before visitors see them.")
            if change is not None else
            _("Your waiting changes are withdrawn: the listing stays as published.")))
        return HTTPFound(request.route_url("partner.home"))

    result, html = process_form(request, form, send, appstruct=values)
    if isinstance(result, HTTPFound):
        return result
    if request.method == "POST" and request.response.status_int < 400:
        request.response.status = 400
    return {"partner": partner, "waiting": waiting, "form": result or html,
            "lang": request.locale_name,
            "page_title": _("Edit ${name}", mapping={"name": partner.text(
                "name", request.locale_name)})}

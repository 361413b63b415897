"""A visitor's rights and the retention of their data (``vip.manage``): the export of
everything stored (JSON download), the erasure (after a confirmation), withdrawing a
consent, the retention setting and anonymising the departed now.

Thin views over :mod:`.services.privacy`.
"""
from __future__ import annotations

import json

import deform
from pyramid.httpexceptions import HTTPBadRequest, HTTPFound
from pyramid.response import Response
from pyramid.view import view_config

from lanta.forms import make_form, process_form

from . import office_cards_forms as forms
from .i18n import _
from .models import CONSENT_PURPOSES
from .office_cards_common import MANAGE, flash, no_store, path_id, template
from .services import privacy
from .services import secrets as vip_secrets


def _visitor(request):
    return privacy.get_visitor(request.dbsession, path_id(request))


def _back_to_card(request, visitor) -> HTTPFound:
    """The visitor's latest card: the page these actions start from."""
    return HTTPFound(request.route_url("vip.cards.view", id=visitor.cards[-1].id))


@view_config(route_name="vip.visitors.export", permission=MANAGE, request_method="GET")
def export(request):
    visitor = _visitor(request)
    body = json.dumps(privacy.export_visitor(request.dbsession, visitor.id),
                      ensure_ascii=False, indent=2)
    response = Response(body=body.encode("utf-8"), content_type="application/json",
                        charset="utf-8")
    response.headers["Content-Disposition"] = \
        f'attachment; filename="vip-visitor-{visitor.id}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@view_config(route_name="vip.visitors.erase", renderer=template("visitor_erase.pt"),
             permission=MANAGE, request_method=("GET", "POST"))
def erase(request):
    """GET asks for confirmation; POST erases the personal data, keeping the counts."""
    visitor = _visitor(request)
    if request.method == "POST":
        privacy.erase_visitor(request.dbsession, visitor.id)
        flash(request, _("The visitor's personal data is erased; the counts stay."))
        return _back_to_card(request, visitor)
    no_store(request)
    return {"visitor": visitor, "card": visitor.cards[-1],
            "number": vip_secrets.format_card_number, "admin_section": True,
            "page_title": _("Erase this visitor's data")}


@view_config(route_name="vip.visitors.withdraw", permission=MANAGE, request_method="POST")
def withdraw(request):
    visitor = _visitor(request)
    purpose = request.POST.get("purpose")
    if purpose not in CONSENT_PURPOSES:
        raise HTTPBadRequest()
    privacy.withdraw_consent(request.dbsession, visitor.id, purpose)
    flash(request, _("Consent withdrawn: ${purpose}.", mapping={
        "purpose": request.localizer.translate(forms.CONSENT_TITLES[purpose])}))
    return _back_to_card(request, visitor)


@view_config(route_name="vip.settings", renderer=template("visitor_settings.pt"),
             permission=MANAGE, request_method=("GET", "POST"))
def settings(request):
    form = make_form(forms.RetentionSchema(), request, formid="vip-retention-form",
                     buttons=(deform.Button("save", _("Save")),))

    def save(data):
        # The form's range is the service's: nothing it accepts is refused here.
        privacy.set_retention_days(request.dbsession, data["retention_days"])
        flash(request, _("Visitors' data is now kept ${days} days after their departure.",
                         mapping={"days": data["retention_days"]}))
        return HTTPFound(request.route_url("vip.settings"))

    result, html = process_form(request, form, save, appstruct={
        "retention_days": privacy.retention_days(request.dbsession)})
    if isinstance(result, HTTPFound):
        return result
    if request.method == "POST":
        request.response.status = 400
    no_store(request)
    return {"form": html, "statistics": privacy.statistics(request.dbsession),
            "admin_section": True, "page_title": _("VIP cards: privacy")}


@view_config(route_name="vip.settings.anonymise", permission=MANAGE, request_method="POST")
def anonymise_now(request):
    count = privacy.anonymise_departed(request.dbsession)
    flash(request, _("${count} departed visitors anonymised.", mapping={"count": count}))
    return HTTPFound(request.route_url("vip.settings"))

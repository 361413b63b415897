"""The offers' pages: the office's list, form, approval and withdrawal
(``/admin/vip/offers/``, ``vip.manage``), and a partner's own offers with its proposal
form (``/partner/{slug}/vip-offers``, ``partner.self``, only for a listing the account
keeps).

Thin views over :mod:`lanta_vip.services.offers`: the service checks every value and
sends a changed approved offer back for approval; a refusal is shown on the form with
nothing written.
"""
from __future__ import annotations

from typing import Any

import deform
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.view import view_config

from lanta.forms import make_form, process_form, render_with_error
from lanta.services import partner_changes
from lanta.services.errors import DomainError, NotFound

from . import office_offers_present as present
from .i18n import _
from .models import MAX_ID, OFFER_STATES, Offer
from .office_offers_form import appstruct, error_field, offer_schema, renderable, to_input
from .services import offers

MANAGE = "vip.manage"
FORM = "lanta_vip:templates/offer_form.pt"


def _flash(request, message) -> None:
    request.session.flash(request.localizer.translate(message))


def _offer_or_404(request) -> Offer:
    try:
        offer_id = int(request.matchdict["id"])
        if not 1 <= offer_id <= MAX_ID:  # no row has it; the database would fail on it
            raise HTTPNotFound()
        return offers.get_offer(request.dbsession, offer_id)
    except (ValueError, NotFound):
        raise HTTPNotFound() from None


def _saved_message(offer: Offer, *, created: bool, was_approved: bool, by_office: bool):
    if offer.status == "approved":
        return _("Offer saved and approved: terminals show it now.")
    if was_approved:
        return _("Offer saved. The change sent it back for approval: terminals no longer "
                 "show it until it is approved again.")
    if not by_office:
        return _("Offer sent: the office checks it before terminals show it.")
    return _("Offer saved. It waits for approval before terminals show it.") if created \
        else _("Offer saved.")


class OfferForm:
    """One offer form: a new offer or a change, by the office (which picks the partner
    and may approve at once) or by a partner (for its own listing)."""

    def __init__(self, request, *, offer: Offer | None, partner_id: int | None,
                 done_url: str) -> None:
        self.request = request
        self.offer = offer
        self.partner_id = partner_id  # None: the office chooses
        self.done_url = done_url
        self.by_office = partner_id is None
        buttons = [deform.Button("save", _("Send for approval") if not self.by_office
                                 else _("Save"))]
        if self.by_office:
            buttons.append(deform.Button("save_approve", _("Save and approve")))
        self.form = make_form(offer_schema(with_partner=self.by_office), request,
                              buttons=buttons, formid="vip-offer-form")
        if offer is not None:  # keep the languages it was given, even rare ones
            self.form["languages"].widget.values = present.language_choices(
                request.locale_name, tuple(offer.languages))

    def save(self, data: dict[str, Any]):
        request, dbsession = self.request, self.request.dbsession
        partner_id = self.partner_id if self.partner_id is not None else data["partner_id"]
        was_approved = self.offer is not None and self.offer.status == "approved"
        try:
            if self.offer is None:
                offer = offers.create_offer(dbsession, to_input(data, partner_id),
                                            created_by_id=request.user.id)
            else:
                offer = offers.update_offer(dbsession, self.offer.id,
                                            to_input(data, partner_id))
        except DomainError as exc:
            request.response.status = exc.status
            return render_with_error(self.form, renderable(data),
                                     _(exc.message, mapping=exc.mapping),
                                     error_field(exc, self.form))
        if self.by_office and "save_approve" in request.POST:
            offers.approve_offer(dbsession, offer.id, approved_by_id=request.user.id)
        _flash(request, _saved_message(offer, created=self.offer is None,
                                       was_approved=was_approved, by_office=self.by_office))
        return HTTPFound(self.done_url)

    def __call__(self, values: dict[str, Any]) -> HTTPFound | str:
        result, html = process_form(self.request, self.form, self.save, appstruct=values)
        if isinstance(result, HTTPFound):
            return result
        if self.request.method == "POST" and self.request.response.status_int < 400:
            self.request.response.status = 400  # re-shown with the mistakes to correct
        return result or html


def _form_page(request, offer_form: OfferForm, values: dict[str, Any],
               page: dict[str, Any]):
    shown = offer_form(values)
    if isinstance(shown, HTTPFound):
        return shown
    page.update(form=shown, offer=offer_form.offer, by_office=offer_form.by_office,
                status_labels=present.STATUS_LABELS)
    return page


# --- the office ------------------------------------------------------------------------------


@view_config(route_name="vip.offers.list", renderer="lanta_vip:templates/offer_list.pt",
             permission=MANAGE, request_method="GET")
def offers_list(request):
    dbsession, lang = request.dbsession, request.locale_name
    status = request.GET.get("status", "")
    status = status if status in OFFER_STATES else ""
    partners = {p.id: p for p in offers.partners(dbsession, having_offers=True)}
    try:
        partner_id = int(request.GET.get("partner", ""))
    except ValueError:
        partner_id = None
    partner_id = partner_id if partner_id in partners else None
    found = offers.list_for_office(dbsession, status=status or None, partner_id=partner_id)
    uses = offers.uses(dbsession, [o.id for o in found])
    return {"rows": [present.row(o, partners.get(o.partner_id), uses.get(o.id, 0), lang)
                     for o in found],
            "status": status, "partner_id": partner_id,
            "statuses": list(present.STATUS_LABELS.items()),
            "partners": sorted(((p.id, p.text("name", lang)) for p in partners.values()),
                               key=lambda choice: choice[1].lower()),
            "waiting": offers.count_waiting(dbsession),
            "admin_section": True, "page_title": _("VIP offers")}


@view_config(route_name="vip.offers.add", renderer=FORM, permission=MANAGE,
             request_method=("GET", "POST"))
def offer_add(request):
    form = OfferForm(request, offer=None, partner_id=None,
                     done_url=request.route_url("vip.offers.list"))
    values = {"kind": "percent"}
    if request.GET.get("partner", "").isdigit():
        values["partner_id"] = int(request.GET["partner"])
    return _form_page(request, form, values, {
        "back_url": request.route_url("vip.offers.list"), "admin_section": True,
        "page_title": _("New VIP offer")})


@view_config(route_name="vip.offers.edit", renderer=FORM, permission=MANAGE,
             request_method=("GET", "POST"))
def offer_edit(request):
    offer = _offer_or_404(request)
    form = OfferForm(request, offer=offer, partner_id=None,
                     done_url=request.route_url("vip.offers.list"))
    return _form_page(request, form, appstruct(offer), {
        "back_url": request.route_url("vip.offers.list"), "admin_section": True,
        "page_title": _("Edit the offer ${title}",
                        mapping={"title": offer.text_for("title", request.locale_name)})})


@view_config(route_name="vip.offers.approve", permission=MANAGE, request_method="POST")
def offer_approve(request):
    offer = _offer_or_404(request)
    offers.approve_offer(request.dbsession, offer.id, approved_by_id=request.user.id)
    _flash(request, _("Offer approved: terminals show it now."))
    return HTTPFound(request.route_url("vip.offers.list", _anchor=f"offer-{offer.id}"))


@view_config(route_name="vip.offers.withdraw", permission=MANAGE, request_method="POST")
def offer_withdraw(request):
    offer = _offer_or_404(request)
    offers.withdraw_offer(request.dbsession, offer.id)
    _flash(request, _("Offer withdrawn: terminals no longer show it. Its uses stay "
                      "counted."))
    return HTTPFound(request.route_url("vip.offers.list", _anchor=f"offer-{offer.id}"))


# --- a partner's own offers ------------------------------------------------------------------


def _own_listing(request):
    try:
        return partner_changes.listing_of(request.dbsession, request.user,
                                          request.matchdict["slug"])
    except NotFound:
        raise HTTPNotFound() from None


@view_config(route_name="vip.partner_offers.list",
             renderer="lanta_vip:templates/offer_partner.pt", permission="partner.self",
             request_method=("GET", "POST"))
def partner_offers(request):
    partner = _own_listing(request)
    page_url = request.route_url("vip.partner_offers.list", slug=partner.slug)
    form = OfferForm(request, offer=None, partner_id=partner.id,
                     done_url=page_url + "#vip-offers")
    shown = form({"kind": "percent"})
    if isinstance(shown, HTTPFound):
        return shown
    lang = request.locale_name
    own = offers.list_for_office(request.dbsession, partner_id=partner.id)
    uses = offers.uses(request.dbsession, [o.id for o in own])
    return {"partner": partner, "form": shown,
            "rows": [present.row(o, partner, uses.get(o.id, 0), lang) for o in own],
            "page_title": _("VIP offers of ${name}",
                            mapping={"name": partner.text("name", lang)})}


@view_config(route_name="vip.partner_offers.edit", renderer=FORM, permission="partner.self",
             request_method=("GET", "POST"))
def partner_offer_edit(request):
    partner = _own_listing(request)
    offer = _offer_or_404(request)
    if offer.partner_id != partner.id:
        raise HTTPNotFound()
    page_url = request.route_url("vip.partner_offers.list", slug=partner.slug)
    form = OfferForm(request, offer=offer, partner_id=partner.id,
                     done_url=page_url + "#vip-offers")
    return _form_page(request, form, appstruct(offer), {
        "back_url": page_url, "partner": partner,
        "page_title": _("Edit the offer ${title}",
                        mapping={"title": offer.text_for("title", request.locale_name)})})

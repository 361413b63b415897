"""The webcams' pages: the office adds one (``/admin/imagewall/webcams/add``, on the
wall at once); a partner lists, adds, changes and deletes its listing's own
(``/partner/{slug}/imagewall/webcams``), each new one or change that visitors would
see waiting for a moderator.

Thin views over :mod:`.services.webcams`: a refusal re-shows the form with the message
beside its field, the values typed, status 400, and nothing written.
"""
from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from lanta.forms import flash
from lanta.models import Partner, utcnow
from lanta.services import partner_changes
from lanta.services.errors import InvalidField, NotFound

from . import MODERATE
from . import moderation as pages
from .i18n import _
from .models import Item
from .moderation_views import item_values, partner_choices, posted_values, webcams_kinds
from .services import moderation, webcams

FORM = "lanta_imagewall:templates/webcam_form.pt"
PARTNER_LIST = "lanta_imagewall:templates/partner_webcams.pt"
# What a partner reads of its webcam's state.
PARTNER_STATES = {"pending": _("Waiting for the office's check"),
                  "approved": _("On the wall"), "rejected": _("Not accepted")}
EMPTY = {"kind": "webcam_image", "url": "", "refresh_s": "", "caption": "", "credit": "",
         "partner_id": "", "place_name": "", "lat": "", "lon": "", "tags": set()}


def _input(post, partner: Partner | None) -> webcams.WebcamInput:
    """The posted webcam; a partner's is always its listing's."""
    form = dict(post.items())
    if partner is not None:
        form["partner_id"] = str(partner.id)
    details = moderation.details_from_form(form, post.getall("tags"))
    return webcams.WebcamInput(kind=post.get("kind", ""), url=post.get("url", ""),
                               details=details,
                               refresh_s=webcams.refresh_from_text(post.get("refresh_s")))


def _form_parts(request, values, errors) -> dict[str, Any]:
    return {"values": values, "errors": errors, "error": None, "kinds": webcams_kinds(),
            "tag_labels": pages.TAG_LABELS, "labels": {"kind": pages.KIND_LABELS},
            "stylesheet": pages.STYLESHEET}


# --- the office ----------------------------------------------------------------------------


@view_config(route_name="imagewall.webcams.add", renderer=FORM, permission=MODERATE,
             request_method=("GET", "POST"))
def webcam_add(request):
    values, errors = dict(EMPTY), {}
    if request.method == "POST":
        try:
            item = webcams.add(request.dbsession, _input(request.POST, None), by_office=True,
                               by_user=request.user.id, now=utcnow())
        except InvalidField as exc:
            request.response.status = exc.status
            values, errors = posted_values(request.POST), {exc.on: _(exc.message,
                                                               mapping=exc.mapping)}
        else:
            flash(request, _("Webcam “${caption}” added: it is on the wall.",
                             mapping={"caption": item.caption}))
            return HTTPSeeOther(request.route_url("imagewall.items.edit", id=item.id))
    return {**_form_parts(request, values, errors),
            "partner_choices": partner_choices(request), "intro": None,
            "action_url": request.route_url("imagewall.webcams.add"), "delete_url": None,
            "back_url": request.route_url("imagewall.queue"),
            "back_text": _("Back to the queue"), "admin_section": True,
            "page_title": _("Add a webcam")}


# --- a partner's own ------------------------------------------------------------------------


def _own_listing(request) -> Partner:
    try:
        return partner_changes.listing_of(request.dbsession, request.user,
                                          request.matchdict["slug"])
    except NotFound:
        raise HTTPNotFound() from None


def _own_webcam(request, partner: Partner) -> Item:
    try:
        return webcams.partner_webcam(request.dbsession, partner.id,
                                      int(request.matchdict["id"]))
    except (ValueError, NotFound):
        raise HTTPNotFound() from None


def _list_url(request, partner: Partner) -> str:
    return request.route_url("imagewall.partner.webcams", slug=partner.slug)


@view_config(route_name="imagewall.partner.webcams", renderer=PARTNER_LIST,
             permission="partner.self", request_method=("GET", "POST"))
def partner_webcams(request):
    partner = _own_listing(request)
    values, errors = dict(EMPTY), {}
    if request.method == "POST":
        try:
            webcams.add(request.dbsession, _input(request.POST, partner), by_office=False,
                        by_user=request.user.id, now=utcnow())
        except InvalidField as exc:
            request.response.status = exc.status
            values, errors = posted_values(request.POST), {exc.on: _(exc.message,
                                                               mapping=exc.mapping)}
        else:
            flash(request, _("Webcam sent: the office checks it before it is shown."))
            return HTTPSeeOther(_list_url(request, partner))
    return {**_form_parts(request, values, errors), "partner": partner,
            "partner_choices": None, "partner_states": PARTNER_STATES,
            "items": webcams.of_partner(request.dbsession, partner.id),
            "page_title": _("Webcams of ${name}", mapping={
                "name": partner.text("name", request.locale_name)})}


@view_config(route_name="imagewall.partner.webcams.edit", renderer=FORM,
             permission="partner.self", request_method=("GET", "POST"))
def partner_webcam_edit(request):
    partner = _own_listing(request)
    item = _own_webcam(request, partner)
    values, errors = item_values(item), {}
    if request.method == "POST":
        try:
            queued = webcams.update(request.dbsession, item, _input(request.POST, partner),
                                    by_office=False)
        except InvalidField as exc:
            request.response.status = exc.status
            values, errors = posted_values(request.POST), {exc.on: _(exc.message,
                                                               mapping=exc.mapping)}
        else:
            flash(request, _("Webcam saved: the office checks the change before visitors see it.")
                  if queued else _("Webcam saved."))
            return HTTPSeeOther(_list_url(request, partner))
    return _edit_page(request, partner, item, values, errors)


@view_config(route_name="imagewall.partner.webcams.delete", renderer=FORM,
             permission="partner.self", request_method="POST")
def partner_webcam_delete(request):
    partner = _own_listing(request)
    item = _own_webcam(request, partner)
    if request.POST.get("confirm") != "yes":
        request.response.status = 400
        return _edit_page(request, partner, item, item_values(item), {},
                          error=_("Tick the box confirming the deletion."))
    webcams.delete(request.dbsession, request.registry.lanta_settings.uploads_dir, item,
                   request.tm)
    flash(request, _("Webcam deleted."))
    return HTTPSeeOther(_list_url(request, partner))


def _edit_page(request, partner: Partner, item: Item, values, errors,
               error=None) -> dict[str, Any]:
    return {**_form_parts(request, values, errors), "partner_choices": None, "error": error,
            "intro": _("The office checks any change visitors would see before it is shown."),
            "action_url": request.route_url("imagewall.partner.webcams.edit",
                                            slug=partner.slug, id=item.id),
            "delete_url": request.route_url("imagewall.partner.webcams.delete",
                                            slug=partner.slug, id=item.id),
            "back_url": _list_url(request, partner), "back_text": _("Back to my webcams"),
            "page_title": _("Webcam “${caption}”", mapping={"caption": item.caption})}

"""Editors' queue of the changes partners propose to their listings
(``/admin/partners/changes``): each with what it changes, to approve or reject with a
reason. The partner is told by mail either way."""
from __future__ import annotations

import json
from typing import Any

from pyramid.httpexceptions import HTTPBadRequest, HTTPFound
from pyramid.view import view_config
from pyramid_mailer import get_mailer
from pyramid_mailer.message import Message

from ...i18n import _, site_languages
from ...models import Partner, User
from ...services import partner_changes, partner_photos
from ...services.errors import InvalidField
from ...labels import ACCESSIBILITY_LABELS, AUDIENCE_LABELS, ENVIE_LABELS
from ..password import localizer_for

FIELD_TITLES = {
    "summary": _("Summary"), "description": _("Description"), "phone": _("Phone"),
    "email": _("E-mail"), "website": _("Website"), "price_range": _("Price range"),
    "envies": _("Envies"), "audiences": _("Audiences"), "labels": _("Labels"),
    "accessibility": _("Accessibility"), "opening_hours": _("Opening hours (JSON)"),
}


def shown(request, field: str, value: Any) -> str:
    """A value as an editor compares it: texts per language, lists by their labels."""
    translate = request.localizer.translate
    if value in (None, "", [], {}):
        return "—"
    if field in ("summary", "description"):
        return "\n".join(f"[{lang}] {text}" for lang, text in sorted(value.items()))
    labels = {"envies": ENVIE_LABELS, "audiences": AUDIENCE_LABELS}.get(field)
    if labels:
        return ", ".join(translate(labels.get(v, v)) for v in value)
    if field == "accessibility":
        return ", ".join(translate(ACCESSIBILITY_LABELS.get(k, k)) for k, v in value.items() if v)
    if field == "opening_hours":
        return json.dumps(value, indent=1, ensure_ascii=False)
    if field == "labels":
        return ", ".join(value)
    return str(value)


@view_config(route_name="admin.partners.changes",
             renderer="lanta:templates/admin/partner_changes.pt",
             permission="partners.edit", request_method="GET")
def queue(request):
    dbsession = request.dbsession
    entries = []
    for change in partner_changes.pending(dbsession):
        partner = dbsession.get(Partner, change.partner_id)
        author = dbsession.get(User, change.author_id) if change.author_id else None
        rows = [(request.localizer.translate(FIELD_TITLES.get(d.field, d.field)),
                 shown(request, d.field, d.before), shown(request, d.field, d.after))
                for d in partner_changes.differences(dbsession, change)]
        entries.append({"change": change, "partner": partner, "author": author, "rows": rows})
    photos = [(photo, dbsession.get(Partner, photo.partner_id))
              for photo in partner_photos.waiting(dbsession)]
    return {"entries": entries, "photos": photos, "lang": request.locale_name,
            "admin_section": True,
            "page_title": _("Changes proposed by partners")}


@view_config(route_name="admin.partners.change", permission="partners.edit",
             request_method="POST")
def decide(request):
    dbsession = request.dbsession
    change = partner_changes.get(dbsession, int(request.matchdict["id"]))
    decision = request.POST.get("decision")
    partner = dbsession.get(Partner, change.partner_id)
    if decision == "approve":
        partner_changes.approve(dbsession, change, request.user)
        message = _("Approved: the listing shows the changes now.")
    elif decision == "reject":
        try:
            partner_changes.reject(dbsession, change, request.user,
                                   request.POST.get("reason", ""))
        except InvalidField as exc:
            request.session.flash(request.localizer.translate(_(exc.message)))
            return HTTPFound(request.route_url("admin.partners.changes"))
        message = _("Rejected: the partner is told why.")
    else:
        raise HTTPBadRequest()
    _tell_author(request, change, partner)
    request.session.flash(request.localizer.translate(message))
    return HTTPFound(request.route_url("admin.partners.changes"))


def _tell_author(request, change, partner) -> None:
    author = request.dbsession.get(User, change.author_id) if change.author_id else None
    if author is None or not author.active:
        return
    locale = author.locale if author.locale in site_languages(request) else "fr"
    translate = localizer_for(request, locale).translate
    names = {"name": partner.text("name", locale), "site": request.site.name}
    if change.state == "approved":
        subject = translate(_("Your changes to ${name} are online", mapping=names))
        body = translate(_("The office approved your changes: visitors see them now on "
                           "${site}.", mapping=names))
    else:
        subject = translate(_("Your changes to ${name} were not accepted", mapping=names))
        body = translate(_("The office did not accept your changes, for this reason:",
                           mapping=names)) + "\n\n" + change.reason + "\n\n" + translate(
            _("You can correct them and send them again from your space:")) + "\n" + \
            request.route_url("partner.home")
    get_mailer(request).send(Message(subject=" ".join(subject.split()),
                                     recipients=[author.email],
                                     body=body + "\n\n-- \n" + request.site.name + "\n"))

"""The partner admin (``/admin/partners/``): the list of every listing, published or
not, and one form to add or edit a listing.

The form only shapes the values; :mod:`lanta.services.partners` checks them all before
writing anything, and its refusal (bad hours, a taken address name…) is shown on the
form with nothing saved.
"""
from __future__ import annotations

import json
import math
from typing import Any

import colander
import deform
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.view import view_config
from sqlalchemy import func, select

from ...forms import CSRFSchema, make_form, process_form, render_with_error
from ...i18n import _
from ...models import Partner
from ...services import partner_changes
from ...services import partners as partners_service
from ...services.errors import DomainError
from ...services.partner_vocabulary import CATEGORIES
from ...services.text_folding import words
from ..paging import page_number
from ...labels import (ACCESSIBILITY_LABELS, AUDIENCE_LABELS, CATEGORY_LABELS,
                              ENVIE_LABELS, PRICE_LABELS)

PER_PAGE = 50
LANGS = ("fr", "en")
# deform's own choice template emits autofocus="False" and a label for no control.
CHECKBOXES = "lanta:templates/deform/checkbox_choice.pt"
# The service's sentences name no field: the field each one is about, by its words.
# The form's field for a service field, where their names differ.
FORM_FIELDS = {"name": "name_fr"}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _text(title, *, required: bool = False, max_length: int = 255, area: bool = False,
          **kw: Any) -> colander.SchemaNode:
    widget = deform.widget.TextAreaWidget(rows=6) if area else deform.widget.TextInputWidget()
    options: dict[str, Any] = {} if required else {"missing": ""}
    return colander.SchemaNode(colander.String(), title=title, preparer=_strip,
                               validator=colander.Length(min=1 if required else 0,
                                                         max=max_length),
                               widget=widget, **options, **kw)


def _checkboxes(title, labels: dict, oid: str) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.Set(), title=title, oid=oid, missing=set(),
        widget=deform.widget.CheckboxChoiceWidget(values=list(labels.items()),
                                                  template=CHECKBOXES))


def _boolean(title, **kw: Any) -> colander.SchemaNode:
    return colander.SchemaNode(colander.Boolean(), title=title, missing=False,
                               widget=deform.widget.CheckboxWidget(), **kw)


def _coordinate(title) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.Float(), title=title, missing=None,
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "decimal"}))


@colander.deferred
def _price_widget(node, kw):
    translate = kw["request"].localizer.translate
    values = [("", translate(_("Not given")))]
    values += [(str(n), f"{'€' * n} — {translate(label)}") for n, label in PRICE_LABELS.items()]
    return deform.widget.SelectWidget(values=values)


def _json_object(node, value) -> None:
    if not value:
        return
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise colander.Invalid(node, _("This is not valid JSON: ${reason}",
                                       mapping={"reason": str(exc)})) from None
    if not isinstance(parsed, dict):
        raise colander.Invalid(node, _("The opening hours must be a JSON object { … }."))


class PartnerSchema(CSRFSchema):
    slug = colander.SchemaNode(
        colander.String(), title=_("Address name"), preparer=_strip,
        validator=colander.Length(min=1, max=120),
        description=_("The end of the partner's web address, like hotel-du-gave: "
                      "lower-case letters, digits and hyphens. It cannot change later."))
    category = colander.SchemaNode(
        colander.String(), title=_("Category"), validator=colander.OneOf(CATEGORIES),
        widget=deform.widget.SelectWidget(
            values=[("", _("Choose a category"))] + list(CATEGORY_LABELS.items())))
    name_fr = _text(_("Name (French)"), required=True, max_length=200)
    name_en = _text(_("Name (English)"), max_length=200)
    summary_fr = _text(_("Summary (French)"), max_length=500,
                       description=_("One sentence shown in the lists."))
    summary_en = _text(_("Summary (English)"), max_length=500)
    description_fr = _text(_("Description (French)"), max_length=20000, area=True,
                           description=_("Plain text, no HTML: each line is a "
                                         "paragraph."))
    description_en = _text(_("Description (English)"), max_length=20000, area=True)
    street = _text(_("Street"))
    postcode = _text(_("Postcode"), max_length=16)
    city = _text(_("Town"), max_length=120)
    lat = _coordinate(_("Latitude"))
    lon = _coordinate(_("Longitude"))
    phone = _text(_("Phone"), max_length=40)
    email = colander.SchemaNode(
        colander.String(), title=_("E-mail"), missing="", preparer=_strip,
        validator=colander.All(colander.Length(max=254), colander.Email(
            msg=_("Enter a valid e-mail address, like contact@example.org."))),
        widget=deform.widget.TextInputWidget(attributes={"type": "email"}))
    website = colander.SchemaNode(
        colander.String(), title=_("Website"), missing="", preparer=_strip,
        validator=colander.All(
            colander.Length(max=500),
            colander.Regex(r"(?i)^https?://[^\s/]+\.[^\s]*$", msg=_(
                "Enter a web address starting with http:// or https://."))),
        widget=deform.widget.TextInputWidget(attributes={"type": "url"}))
    price_range = colander.SchemaNode(colander.Integer(), title=_("Price range"),
                                      missing=None, validator=colander.Range(1, 4),
                                      widget=_price_widget)
    envies = _checkboxes(_("Envies"), ENVIE_LABELS, "envies")
    audiences = _checkboxes(_("Audiences"), AUDIENCE_LABELS, "audiences")
    labels = _text(_("Labels"), max_length=5000, area=True,
                   description=_("One label per line, like Clef verte."))
    accessibility = _checkboxes(_("Accessibility"), ACCESSIBILITY_LABELS, "accessibility")
    relay_corner = _boolean(_("Relay corner"),
                            label=_("Keeps a corner of the office's leaflets"))
    published = _boolean(_("Published"), label=_("Visitors can see this partner"))
    members = _text(_("Partner accounts"), max_length=5000, area=True,
                    description=_("The e-mails of the accounts with the partner role that "
                                  "keep this listing, one per line. What they change waits "
                                  "for an editor's approval."))
    opening_hours = colander.SchemaNode(
        colander.String(), title=_("Opening hours (JSON)"), missing="", preparer=_strip,
        validator=_json_object, widget=deform.widget.TextAreaWidget(rows=12),
        description=_("Leave empty when the hours are not known. The format is described "
                      "in docs/api.md, section “Opening hours format”."))


def service_data(data: dict[str, Any]) -> dict[str, Any]:
    """The service's keys for a valid form (of the fields this form has: a partner's own
    form lacks the office's)."""
    out: dict[str, Any] = {
        key: {lang: data[f"{key}_{lang}"] for lang in LANGS}
        for key in ("name", "summary", "description") if f"{key}_{LANGS[0]}" in data}
    out.update({key: data[key] for key in (
        "slug", "category", "street", "postcode", "city", "lat", "lon", "phone", "email",
        "website", "price_range", "relay_corner", "published") if key in data})
    out["envies"] = [e for e in ENVIE_LABELS if e in data["envies"]]
    out["audiences"] = [a for a in AUDIENCE_LABELS if a in data["audiences"]]
    out["labels"] = data["labels"].splitlines()
    out["accessibility"] = {key: key in data["accessibility"] for key in ACCESSIBILITY_LABELS}
    hours = data["opening_hours"]
    out["opening_hours"] = json.loads(hours) if hours else None
    return out


def form_values(partner: Partner, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The form's appstruct for a stored listing, or for ``overrides`` (service keys, such
    as a proposed change) laid over it."""
    def value(key: str) -> Any:
        return overrides[key] if overrides and key in overrides else getattr(partner, key)

    values: dict[str, Any] = {
        f"{key}_{lang}": (value(key) or {}).get(lang, "")
        for key in ("name", "summary", "description") for lang in LANGS}
    values.update({key: value(key) or "" for key in (
        "category", "street", "postcode", "city", "phone", "email", "website")})
    values.update({key: value(key) for key in ("lat", "lon", "price_range")})
    values.update(relay_corner=bool(value("relay_corner")), published=bool(value("published")),
                  envies=set(value("envies") or ()), audiences=set(value("audiences") or ()),
                  labels="\n".join(value("labels") or ()),
                  accessibility={k for k, v in (value("accessibility") or {}).items() if v})
    hours = value("opening_hours")
    values["opening_hours"] = json.dumps(hours, indent=2, ensure_ascii=False) if hours else ""
    return renderable(values)


def renderable(values: dict[str, Any]) -> dict[str, Any]:
    # colander serializes an absent number as null, not None.
    return {key: colander.null if value is None else value for key, value in values.items()}


def error_field(exc: DomainError, form: deform.Form) -> str | None:
    """The form field the service refused, or None (the message goes above the form)."""
    field = getattr(exc, "on", None)
    field = FORM_FIELDS.get(field, field)
    return field if field is not None and field in form.schema else None


def _save_or_redisplay(request, form: deform.Form, write) -> Any:
    """``on_success`` for :func:`process_form`: write through the service, or show the
    service's refusal on the form (nothing was written)."""
    def save(data: dict[str, Any]):
        try:
            accounts = partner_changes.check_members(request.dbsession,
                                                     data["members"].splitlines())
            partner = write(service_data(data))
            partner_changes.set_members(request.dbsession, partner, accounts)
        except DomainError as exc:
            request.response.status = exc.status
            return render_with_error(form, renderable(data),
                                     _(exc.message, mapping=exc.mapping),
                                     error_field(exc, form))
        request.session.flash(request.localizer.translate(_("Saved.")))
        return HTTPFound(request.route_url("admin.partners.list"))
    return save


def _form_page(request, form: deform.Form, save, appstruct: dict[str, Any],
               page: dict[str, Any]):
    result, html = process_form(request, form, save, appstruct=appstruct)
    if isinstance(result, HTTPFound):
        return result
    if request.method == "POST" and request.response.status_int < 400:
        request.response.status = 400  # re-shown with the mistakes to correct
    page.update(form=result or html, admin_section=True)
    return page


@view_config(route_name="admin.partners.add", renderer="lanta:templates/admin/partner_form.pt",
             permission="partners.edit", request_method=("GET", "POST"))
def add_partner(request):
    form = make_form(PartnerSchema(), request, formid="partner-form",
                     buttons=(deform.Button("save", _("Add the partner")),))
    save = _save_or_redisplay(
        request, form, lambda data: partners_service.create(request.dbsession, data))
    return _form_page(request, form, save, {"published": True},
                      {"edited": None, "page_title": _("Add a partner")})


@view_config(route_name="admin.partners.edit",
             renderer="lanta:templates/admin/partner_form.pt",
             permission="partners.edit", request_method=("GET", "POST"))
def edit_partner(request):
    try:
        partner = partners_service.get(request.dbsession, int(request.matchdict["id"]),
                                       published_only=False)
    except DomainError as exc:
        raise HTTPNotFound() from exc
    schema = PartnerSchema()
    del schema["slug"]
    form = make_form(schema, request, formid="partner-form",
                     buttons=(deform.Button("save", _("Save")),))
    save = _save_or_redisplay(request, form,
                              lambda data: partners_service.update(partner, data))
    name = partner.text("name", request.locale_name)
    values = form_values(partner)
    values["members"] = "\n".join(
        u.email for u in partner_changes.members(request.dbsession, partner))
    return _form_page(request, form, save, values,
                      {"edited": partner, "page_title": _("Edit ${name}",
                                                          mapping={"name": name})})


# --- the list ----------------------------------------------------------------------------


@view_config(route_name="admin.partners.list", renderer="lanta:templates/admin/partners.pt",
             permission="partners.edit", request_method="GET")
def partners_list(request):
    q = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    if category not in CATEGORIES:
        category = ""
    # Every listing, published or not: find() shows only what visitors see.
    clauses = [Partner.search_text.contains(word, autoescape=True) for word in words(q)]
    if category:
        clauses.append(Partner.category == category)
    total = request.dbsession.scalar(
        select(func.count()).select_from(Partner).where(*clauses)) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(page_number(request), pages)
    partners = request.dbsession.scalars(
        select(Partner).where(*clauses).order_by(Partner.slug)
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()

    def page_url(number: int) -> str:
        query = {key: value for key, value in (("q", q), ("category", category)) if value}
        if number > 1:
            query["page"] = str(number)
        return request.route_url("admin.partners.list", _query=query)

    return {"partners": partners, "total": total, "page": page, "pages": pages,
            "page_url": page_url, "q": q, "category": category,
            "categories": list(CATEGORY_LABELS.items()), "category_labels": CATEGORY_LABELS,
            "lang": request.locale_name, "admin_section": True,
            "page_title": _("Partners")}

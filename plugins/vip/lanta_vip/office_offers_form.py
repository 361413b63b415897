"""The offer form (deform/colander), shared by the office and the partners: its schema,
and the passage between what the form holds and the service's
:class:`~lanta_vip.services.offers.OfferInput`.

The form speaks in office days and euros; the service in instants and cents. The
validity window is given as a first and a last day, both included (Europe/Paris); the
last day becomes ``valid_until``, the first instant after it.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import colander
import deform

from lanta.forms import CSRFSchema
from lanta.labels import ENVIE_LABELS

from .i18n import _
from .office_offers_present import (KIND_LABELS, first_valid_day, language_choices,
                                    last_valid_day, month_choices)
from .services import offers
from .models import MAX_ID
from .services.clock import FIRST_DAY, LAST_DAY, start_of_office_day
from .services.offers import OfferInput

LANGS = ("fr", "en")
CHECKBOXES = "lanta:templates/deform/checkbox_choice.pt"
_NUMBER = re.compile(r"^\d{1,6}([.,]\d{1,2})?$")
_LANGUAGE = re.compile(r"[a-z]{2}")
MONTHS = frozenset(str(n) for n in range(1, 13))
# The service names the offer's attributes; the form has one field per language.
FORM_FIELDS = {"title": "title_fr", "text": "text_fr", "terms": "terms_fr"}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _text(title, *, required: bool = False, max_length: int, area: bool = False,
          **kw: Any) -> colander.SchemaNode:
    widget = deform.widget.TextAreaWidget(rows=3) if area else deform.widget.TextInputWidget()
    options: dict[str, Any] = {} if required else {"missing": ""}
    return colander.SchemaNode(colander.String(), title=title, preparer=_strip,
                               validator=colander.Length(min=1 if required else 0,
                                                         max=max_length),
                               widget=widget, **options, **kw)


def _count(title, **kw: Any) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.Integer(), title=title, missing=None,
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "numeric"}), **kw)


def _in_calendar(node: colander.SchemaNode, value: dt.date) -> None:
    # The day after the last one must still be a date: valid_until is that day's start.
    if not FIRST_DAY <= value <= LAST_DAY:
        raise colander.Invalid(node, _("Choose a day from the year ${first} to the year "
                                       "${last}.", mapping={"first": FIRST_DAY.year,
                                                            "last": LAST_DAY.year}))


def _only(allowed, message):
    """A validator of a set of ticked boxes: colander.Set takes any value posted."""
    def check(node: colander.SchemaNode, values) -> None:
        if any(not allowed(value) for value in values):
            raise colander.Invalid(node, message)
    return check


def _day(title, **kw: Any) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.Date(), title=title, missing=None, validator=_in_calendar,
        widget=deform.widget.TextInputWidget(attributes={"type": "date"}), **kw)


def _choices(title, values, **kw: Any) -> colander.SchemaNode:
    return colander.SchemaNode(colander.Set(), title=title, missing=set(),
                               widget=deform.widget.CheckboxChoiceWidget(
                                   values=values, template=CHECKBOXES, inline=True), **kw)


@colander.deferred
def _partner_widget(node, kw):
    request = kw["request"]
    lang = request.locale_name
    partners = offers.partners(request.dbsession)
    values = [("", request.localizer.translate(_("Choose a partner")))]
    values += sorted(((str(p.id), p.text("name", lang)) for p in partners),
                     key=lambda choice: choice[1].lower())
    return deform.widget.SelectWidget(values=values)


@colander.deferred
def _language_widget(node, kw):
    request = kw["request"]
    return deform.widget.CheckboxChoiceWidget(
        values=language_choices(request.locale_name), template=CHECKBOXES, inline=True)


@colander.deferred
def _month_widget(node, kw):
    return deform.widget.CheckboxChoiceWidget(
        values=month_choices(kw["request"].locale_name), template=CHECKBOXES, inline=True)


def _value_fits_kind(form, values) -> None:
    """The value's unit depends on the kind: a whole percentage, or euros and cents."""
    value, kind = values.get("value") or "", values.get("kind")
    if not value:
        return
    error = colander.Invalid(form)
    if not _NUMBER.match(value):
        error["value"] = _("Write a number, like 10 or 5,50.")
        raise error
    if kind == "percent" and not value.isdigit():
        error["value"] = _("A percentage is a whole number, like 10.")
        raise error


class OfferSchema(CSRFSchema):
    partner_id = colander.SchemaNode(colander.Integer(), title=_("Partner"),
                                     validator=colander.Range(1, MAX_ID),
                                     widget=_partner_widget)
    kind = colander.SchemaNode(
        colander.String(), title=_("Kind of offer"), validator=colander.OneOf(list(KIND_LABELS)),
        widget=deform.widget.SelectWidget(values=[("", _("Choose a kind"))]
                                          + list(KIND_LABELS.items())))
    value = colander.SchemaNode(
        colander.String(), title=_("Value"), missing="", preparer=_strip,
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "decimal"}),
        description=_("For a percentage off: the percentage, like 10 for 10 %. For an "
                      "amount off: in euros, like 5 or 5,50. Leave empty for a gift, a "
                      "free entry or priority access."))
    title_fr = _text(_("Title (French)"), required=True, max_length=120,
                     description=_("What the terminal and the visitor's card show, like "
                                   "« 10 % sur la descente en raft »."))
    title_en = _text(_("Title (English)"), max_length=120)
    text_fr = _text(_("Text (French)"), max_length=1000, area=True)
    text_en = _text(_("Text (English)"), max_length=1000, area=True)
    terms_fr = _text(_("Terms (French)"), max_length=1000, area=True,
                     description=_("Conditions the visitor should know, like “on "
                                   "weekdays, booking required”."))
    terms_en = _text(_("Terms (English)"), max_length=1000, area=True)
    envies = _choices(_("For visitors with one of these interests"),
                      list(ENVIE_LABELS.items()), oid="envies",
                      description=_("None ticked: for every visitor."))
    requires_children = colander.SchemaNode(
        colander.Boolean(), title=_("Party"), missing=False,
        label=_("Only for parties with children"), widget=deform.widget.CheckboxWidget())
    languages = colander.SchemaNode(
        colander.Set(), title=_("For visitors speaking"), missing=set(), oid="languages",
        validator=_only(_LANGUAGE.fullmatch, _("Give the language as two letters, like fr "
                                               "or en.")),
        widget=_language_widget, description=_("None ticked: every language."))
    min_nights = _count(_("Shortest stay (nights)"), validator=colander.Range(0, 366))
    max_nights = _count(_("Longest stay (nights)"), validator=colander.Range(0, 366))
    max_days_before_departure = _count(
        _("Only in the last days of the stay"), validator=colander.Range(0, 366),
        description=_("A number of days before departure, like 2 for the last two days. "
                      "Empty: the whole stay."))
    months = colander.SchemaNode(colander.Set(), title=_("Months"), missing=set(),
                                 validator=_only(MONTHS.__contains__,
                                                 _("Months go from 1 to 12.")),
                                 widget=_month_widget, oid="months",
                                 description=_("None ticked: all year."))
    valid_from = _day(_("First day"), description=_("Empty: from its approval."))
    valid_until = _day(_("Last day (included)"), description=_("Empty: no end date."))
    limit_per_card = _count(_("Uses per visitor"), validator=colander.Range(1, 100_000),
                            description=_("Over the whole stay. Empty: no limit."))
    limit_per_day = _count(_("Uses per day, all visitors"),
                           validator=colander.Range(1, 100_000))
    limit_total = _count(_("Uses in all"), validator=colander.Range(1, 100_000))

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, validator=_value_fits_kind, **kw)


def offer_schema(*, with_partner: bool) -> OfferSchema:
    """The office's form chooses the partner; a partner's form is for its own listing."""
    schema = OfferSchema()
    if not with_partner:
        del schema["partner_id"]
    return schema


def _value(kind: str, text: str) -> int | None:
    if not text:
        return None
    number = Decimal(text.replace(",", "."))
    return int(number * 100) if kind == "amount" else int(number)


def _last_day_end(day: dt.date | None) -> dt.datetime | None:
    return start_of_office_day(day + dt.timedelta(days=1)) if day is not None else None


def to_input(data: dict[str, Any], partner_id: int) -> OfferInput:
    """The service's input for a form that validated."""
    return OfferInput(
        partner_id=partner_id, kind=data["kind"], value=_value(data["kind"], data["value"]),
        title={lang: data[f"title_{lang}"] for lang in LANGS},
        text={lang: data[f"text_{lang}"] for lang in LANGS},
        terms={lang: data[f"terms_{lang}"] for lang in LANGS},
        envies=tuple(e for e in ENVIE_LABELS if e in data["envies"]),
        requires_children=data["requires_children"],
        languages=tuple(sorted(data["languages"])),
        min_nights=data["min_nights"], max_nights=data["max_nights"],
        max_days_before_departure=data["max_days_before_departure"],
        months=tuple(sorted(int(m) for m in data["months"])),
        valid_from=start_of_office_day(data["valid_from"]) if data["valid_from"] else None,
        valid_until=_last_day_end(data["valid_until"]),
        limit_per_card=data["limit_per_card"], limit_per_day=data["limit_per_day"],
        limit_total=data["limit_total"])


def _value_text(kind: str, value: int | None) -> str:
    if value is None:
        return ""
    if kind == "amount":
        euros, cents = divmod(value, 100)
        return f"{euros},{cents:02d}" if cents else str(euros)
    return str(value)


def appstruct(offer) -> dict[str, Any]:
    """The form's values for a stored offer."""
    values: dict[str, Any] = {
        f"{field}_{lang}": (getattr(offer, field) or {}).get(lang, "")
        for field in ("title", "text", "terms") for lang in LANGS}
    values.update(
        partner_id=offer.partner_id, kind=offer.kind,
        value=_value_text(offer.kind, offer.value), envies=set(offer.envies or ()),
        requires_children=bool(offer.requires_children),
        languages=set(offer.languages or ()), months={str(m) for m in offer.months or ()},
        min_nights=offer.min_nights, max_nights=offer.max_nights,
        max_days_before_departure=offer.max_days_before_departure,
        valid_from=first_valid_day(offer), valid_until=last_valid_day(offer),
        limit_per_card=offer.limit_per_card, limit_per_day=offer.limit_per_day,
        limit_total=offer.limit_total)
    return renderable(values)


def renderable(values: dict[str, Any]) -> dict[str, Any]:
    # colander serializes an absent number or date as null, not None.
    return {key: colander.null if value is None else value for key, value in values.items()}


def error_field(exc, form: deform.Form) -> str | None:
    """The form field a service refusal is about, or None (the message goes on top)."""
    field = getattr(exc, "on", None)
    field = FORM_FIELDS.get(field, field)
    return field if field is not None and field in form.schema else None

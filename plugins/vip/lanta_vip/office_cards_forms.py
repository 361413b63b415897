"""The forms of the office's card and terminal pages (colander schemas rendered by
deform) and the translation of a valid issuing form into the service's input.

The forms shape values; :mod:`.services.cards` and :mod:`.services.terminals` judge
them, and their refusal is shown on the field it names.
"""
from __future__ import annotations

import colander
import deform

from lanta.forms import CSRFSchema
from lanta.labels import AUDIENCE_LABELS, ENVIE_LABELS
from lanta.services.partner_vocabulary import AUDIENCES, ENVIES

from .i18n import _
from .office_cards_common import translate_in
from .services import cards, privacy, terminals
from .services.cards import MAX_PARTY

# deform's own choice template emits autofocus="False" and a label for no control: the
# core ships an accessible one.
CHECKBOXES = "lanta:templates/deform/checkbox_choice.pt"
RADIOS = "lanta:templates/deform/radio_choice.pt"
CONSENT_CHECKBOX = "lanta_vip:templates/cards_consent_checkbox.pt"
# What the visitor agrees to, word for word: the wording in the visitor's language is
# stored with the consent (see the README, "Office pages").
CONSENT_WORDINGS = {
    "offers": _("I agree to receive the partners' offers by e-mail or text message "
                "during my stay."),
    "follow_up": _("I agree to be contacted by the tourist office after my stay, about "
                   "how it went and my next visit."),
}
CONSENT_TITLES = {"offers": _("Offers during the stay"),
                  "follow_up": _("Follow-up after the stay")}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _text(title, max_length: int, *, required: bool = False, node: dict | None = None,
          **attributes) -> colander.SchemaNode:
    """A text field; ``node`` holds the node's own keywords (oid, description), the rest
    are the input's attributes."""
    attributes.setdefault("autocomplete", "off")
    return colander.SchemaNode(
        colander.String(), title=title, preparer=_strip,
        validator=colander.Length(min=1 if required else 0, max=max_length),
        widget=deform.widget.TextInputWidget(attributes=attributes),
        **({} if required else {"missing": ""}), **(node or {}))


def _count(title, low: int, high: int, default: int) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.Integer(), title=title, default=default, missing=default,
        validator=colander.Range(low, high),
        widget=deform.widget.TextInputWidget(attributes={
            "type": "number", "min": str(low), "max": str(high), "inputmode": "numeric"}))


def _date(title) -> colander.SchemaNode:
    return colander.SchemaNode(colander.Date(), title=title,
                               widget=deform.widget.TextInputWidget(attributes={"type": "date"}))


def _choices(title, labels: dict, oid: str) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.Set(), title=title, oid=oid, missing=set(),
        widget=deform.widget.CheckboxChoiceWidget(values=list(labels.items()),
                                                  template=CHECKBOXES))


class AgeList(colander.SchemaType):
    """Children's ages typed as "4, 7" (commas, semicolons or spaces between them)."""

    def serialize(self, node, appstruct):
        if appstruct in (colander.null, None):
            return colander.null
        return ", ".join(str(age) for age in appstruct)

    def deserialize(self, node, cstruct):
        if cstruct in (colander.null, None):
            return ()
        parts = str(cstruct).replace(";", ",").replace(",", " ").split()
        if not all(part.isdigit() for part in parts) or len(parts) > MAX_PARTY:
            raise colander.Invalid(node, _("Give the children's ages as numbers separated "
                                           "by commas, like 4, 7."))
        return tuple(int(part) for part in parts)


def _wedge_attributes(next_oid: str, autofocus: bool = False) -> dict:
    """A field a keyboard-wedge NFC reader types into: no autocompletion nor spelling,
    and Enter (which the reader sends last) moves to ``next_oid`` (cards_issue.js)."""
    attributes = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters",
                  "data-vip-wedge": "", "data-vip-next": next_oid, "enterkeyhint": "next"}
    if autofocus:
        attributes["autofocus"] = "autofocus"
    return attributes


def _uid_node(autofocus: bool = False) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(), title=_("NFC chip number (UID)"), oid="vip-uid", preparer=_strip,
        validator=colander.Length(min=1, max=64),
        description=_("Put the card on the reader: it types the number here. Or type the "
                      "hexadecimal number printed inside the card."),
        widget=deform.widget.TextInputWidget(attributes=_wedge_attributes("vip-number",
                                                                          autofocus)))


def _number_node() -> colander.SchemaNode:
    return _text(_("Printed card number"), 16, inputmode="numeric", node={
        "oid": "vip-number",
        "description": _("The nine digits printed on a pre-printed card. Leave empty to "
                         "have a number drawn.")})


@colander.deferred
def _language_widget(node, kw):
    return deform.widget.RadioChoiceWidget(values=kw["languages"], template=RADIOS)


@colander.deferred
def _language_validator(node, kw):
    return colander.OneOf([code for code, _name in kw["languages"]])


@colander.deferred
def _accommodation_widget(node, kw):
    return deform.widget.SelectWidget(values=[("", kw["no_accommodation"])]
                                      + kw["accommodations"])


@colander.deferred
def _accommodation_validator(node, kw):
    return colander.OneOf([int(value) for value, _name in kw["accommodations"]])


def _consent_widget(purpose: str):
    @colander.deferred
    def widget(node, kw):
        return deform.widget.CheckboxWidget(template=CONSENT_CHECKBOX,
                                            wordings=kw["wordings"][purpose])
    return widget


def _consent_node(purpose: str) -> colander.SchemaNode:
    return colander.SchemaNode(colander.Boolean(), title=CONSENT_TITLES[purpose],
                               missing=False, widget=_consent_widget(purpose))


def _contact_for_consent(form, value) -> None:
    if (value.get("consent_offers") or value.get("consent_follow_up")) \
            and not (value.get("email") or value.get("phone")):
        error = colander.Invalid(form)
        error["email"] = _("Give an e-mail address or a phone number to contact the "
                           "visitor, or leave the consent boxes unticked.")
        raise error


class IssueSchema(CSRFSchema):
    first_name = _text(_("First name"), 80, required=True)
    last_name = _text(_("Last name"), 80)
    language = colander.SchemaNode(colander.String(), title=_("Language of the visitor"),
                                   oid="vip-language",
                                   widget=_language_widget, validator=_language_validator,
                                   description=_("Offers and the card's page speak it."))
    email = colander.SchemaNode(
        colander.String(), title=_("E-mail (optional)"), missing="", preparer=_strip,
        validator=colander.All(colander.Length(max=254), colander.Email(
            msg=_("Enter a valid e-mail address, like lea@example.org."))),
        widget=deform.widget.TextInputWidget(attributes={"type": "email",
                                                         "autocomplete": "off"}))
    phone = _text(_("Phone (optional)"), 40, type="tel")
    consent_offers = _consent_node("offers")
    consent_follow_up = _consent_node("follow_up")
    arrival = _date(_("Arrival"))
    departure = _date(_("Departure"))
    accommodation_id = colander.SchemaNode(colander.Integer(), title=_("Accommodation"),
                                           missing=None, widget=_accommodation_widget,
                                           validator=_accommodation_validator)
    adults = _count(_("Adults"), 1, MAX_PARTY, 1)
    children_ages = colander.SchemaNode(
        AgeList(), title=_("Children's ages"), missing=(),
        description=_("One age per child, separated by commas, like 4, 7. Empty: no "
                      "children."),
        widget=deform.widget.TextInputWidget(attributes={"autocomplete": "off"}))
    pets = _count(_("Pets"), 0, MAX_PARTY, 0)
    envies = _choices(_("Interests (envies)"), ENVIE_LABELS, "vip-envies")
    audiences = _choices(_("Audience"), AUDIENCE_LABELS, "vip-audiences")
    uid = _uid_node()
    number = _number_node()
    welcome_bag = colander.SchemaNode(colander.Boolean(), title=_("Welcome bag"),
                                      missing=False, label=_("Welcome bag given"),
                                      widget=deform.widget.CheckboxWidget())

    def __init__(self, *args, **kw):
        super().__init__(*args, validator=_contact_for_consent, **kw)


class ReissueSchema(CSRFSchema):
    uid = _uid_node(autofocus=True)
    number = _number_node()


@colander.deferred
def _partner_widget(node, kw):
    return deform.widget.SelectWidget(values=[("", kw["choose_partner"])] + kw["partners"])


@colander.deferred
def _partner_validator(node, kw):
    return colander.OneOf([int(value) for value, _name in kw["partners"]])


class TerminalSchema(CSRFSchema):
    partner_id = colander.SchemaNode(colander.Integer(), title=_("Partner"),
                                     widget=_partner_widget, validator=_partner_validator)
    label = _text(_("Label"), terminals.LABEL_MAX, node={
        "description": _("Where the terminal stands, like Reception or Bar.")})


class RetentionSchema(CSRFSchema):
    retention_days = colander.SchemaNode(
        colander.Integer(), title=_("Days kept after the departure"),
        validator=colander.Range(0, privacy.MAX_RETENTION_DAYS),
        description=_("Then names, contact details and children's ages are erased; the "
                      "counts stay for statistics."),
        widget=deform.widget.TextInputWidget(attributes={
            "type": "number", "min": "0", "max": str(privacy.MAX_RETENTION_DAYS),
            "inputmode": "numeric"}))


# --- binding and reading ---------------------------------------------------------------


def issue_bindings(request, accommodations, languages) -> dict:
    """What IssueSchema's deferred parts need: the choices and each consent's wording
    in every language of the site (form's language first)."""
    lang = request.locale_name
    name = lambda p: p.text("name", lang)  # noqa: E731
    others = [code for code, _n in languages if code != lang]
    return {
        "languages": languages,
        "accommodations": sorted(((str(p.id), name(p)) for p in accommodations),
                                 key=lambda pair: pair[1].lower()),
        "no_accommodation": request.localizer.translate(_("Not at a partner")),
        "wordings": {purpose: [(code, translate_in(request, wording, code))
                               for code in [lang] + others]
                     for purpose, wording in CONSENT_WORDINGS.items()},
    }


def card_input(request, data: dict) -> cards.CardInput:
    """The service's input for a valid form; each consent ticked carries its wording in
    the visitor's language."""
    consents = tuple(
        cards.ConsentInput(purpose, translate_in(request, wording, data["language"]))
        for purpose, wording in CONSENT_WORDINGS.items() if data.get(f"consent_{purpose}"))
    return cards.CardInput(
        uid=data["uid"], first_name=data["first_name"], last_name=data["last_name"],
        language=data["language"], email=data["email"], phone=data["phone"],
        arrival=data["arrival"], departure=data["departure"],
        accommodation_id=data["accommodation_id"], adults=data["adults"],
        children_ages=tuple(data["children_ages"]), pets=data["pets"],
        envies=tuple(e for e in ENVIES if e in data["envies"]),
        audiences=tuple(a for a in AUDIENCES if a in data["audiences"]),
        welcome_bag=data["welcome_bag"], consents=consents, number=data["number"] or None)


def error_field(exc, form: deform.Form) -> str | None:
    """The form field a service refused, or None (the message goes above the form)."""
    field = getattr(exc, "on", None)
    return field if field is not None and field in form.schema else None


def renderable(data: dict) -> dict:
    # colander serializes an absent value as null, not None.
    return {key: colander.null if value is None else value for key, value in data.items()}

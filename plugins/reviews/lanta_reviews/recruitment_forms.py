"""The forms of recruitment (deform/colander): the public application, the office's
decline reason is a plain field of its list, and the tester's own profile with its
photo.

Field names are the services' (``name``, ``email``…), so a service refusal naming a
field (``InvalidField.on``) lands beside that field.
"""
from __future__ import annotations

from typing import Any

import colander
import deform
from babel import Locale
from babel.core import UnknownLocaleError

from lanta.forms import CSRFSchema, RequestTmpStore, cleaned_upload
from lanta.labels import ENVIE_LABELS
from lanta.services import images as images_service

from .i18n import _
from .services.applications import MOTIVATION_MAX, NAME_MAX
from .services.testers import BIO_MAX, DISPLAY_NAME_MAX

CHECKBOXES = "lanta:templates/deform/checkbox_choice.pt"
RADIOS = "lanta:templates/deform/radio_choice.pt"
KIND_LABELS = {"resident": _("I live in the area"),
               "professional": _("I work in tourism here")}
# The same, as others read it about a tester (profiles, the office's lists).
TESTER_KIND_LABELS = {"resident": _("Resident"), "professional": _("Tourism professional")}


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def language_name(code: str) -> str:
    """A language named in itself ("Français", "English"): readers look for theirs."""
    try:
        return Locale.parse(code).get_display_name(code).capitalize()
    except (ValueError, UnknownLocaleError):
        return code


def language_choices(languages) -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in languages]


def _text(title, *, max_length: int, required: bool = True, area: bool = False,
          **kw: Any) -> colander.SchemaNode:
    widget = kw.pop("widget", None) or (deform.widget.TextAreaWidget(rows=5) if area
                                        else deform.widget.TextInputWidget())
    options: dict[str, Any] = {} if required else {"missing": ""}
    return colander.SchemaNode(colander.String(), title=title, preparer=strip,
                               validator=colander.Length(min=1 if required else 0,
                                                         max=max_length),
                               widget=widget, **options, **kw)


def _ticked(node, value) -> None:
    if value is not True:
        raise colander.Invalid(node, _("Without your consent the office cannot study "
                                       "your application."))


@colander.deferred
def _language_widget(node, kw):
    return deform.widget.CheckboxChoiceWidget(
        values=language_choices(kw["request"].site.languages or ["fr"]),
        template=CHECKBOXES, inline=True)


@colander.deferred
def _photo_widget(node, kw):
    # A store per form: a module-level one would be shared by every request.
    return deform.widget.FileUploadWidget(RequestTmpStore(),
                                          accept="image/jpeg,image/png,image/webp")


def _interests() -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.Set(), title=_("What you like"), missing=set(), oid="interests",
        widget=deform.widget.CheckboxChoiceWidget(values=list(ENVIE_LABELS.items()),
                                                  template=CHECKBOXES, inline=True),
        description=_("The office suggests places to test that suit you."))


def _languages(title) -> colander.SchemaNode:
    return colander.SchemaNode(colander.Set(), title=title, missing=set(),
                               oid="languages", widget=_language_widget)


class ApplySchema(CSRFSchema):
    name = _text(_("Your name"), max_length=NAME_MAX,
                 widget=deform.widget.TextInputWidget(attributes={"autocomplete": "name"}))
    email = colander.SchemaNode(
        colander.String(), title=_("Your e-mail address"), preparer=strip,
        validator=colander.All(colander.Length(max=254), colander.Email(
            msg=_("Give an e-mail address like name@example.org."))),
        widget=deform.widget.TextInputWidget(attributes={"type": "email",
                                                         "autocomplete": "email"}),
        description=_("The office answers here."))
    kind = colander.SchemaNode(
        colander.String(), title=_("You are"), validator=colander.OneOf(list(KIND_LABELS)),
        oid="kind",  # deform names radio buttons by their oid
        widget=deform.widget.RadioChoiceWidget(values=list(KIND_LABELS.items()),
                                                template=RADIOS))
    interests = _interests()
    languages = _languages(_("Languages you would write in"))
    motivation = _text(_("Why you would like to test places"), max_length=MOTIVATION_MAX,
                       required=False, area=True)
    consent = colander.SchemaNode(
        colander.Boolean(), title=_("Your data"), missing=False, validator=_ticked,
        label=_("I agree that the office keeps these details to study my application "
                "and, if I am accepted, to run the testers' programme. I can ask for "
                "them to be deleted at any time."),
        widget=deform.widget.CheckboxWidget())


def apply_schema(*, with_email: bool) -> ApplySchema:
    """A logged-in applicant applies with their account's address."""
    schema = ApplySchema()
    if not with_email:
        del schema["email"]
    return schema


class ProfileSchema(CSRFSchema):
    display_name = _text(_("Name shown to visitors"), max_length=DISPLAY_NAME_MAX,
                         description=_("Your name, a first name and an initial, or a "
                                       "pseudonym: your choice."))
    bio = _text(_("About you"), max_length=BIO_MAX, required=False, area=True,
                description=_("A few words for visitors: what you love around here."))
    interests = _interests()
    languages = _languages(_("Languages you write in"))


class PhotoSchema(CSRFSchema):
    image = colander.SchemaNode(
        deform.FileData(), title=_("Photo"),
        validator=cleaned_upload(images_service.read_upload),
        widget=_photo_widget,
        description=_("A JPEG, PNG or WebP picture. Its location and camera data are "
                      "removed."))
    image_alt = _text(_("Text alternative"), max_length=300,
                      description=_("What the photo shows, for those who cannot see it, "
                                    "like “Me on the Pic du Midi”."))


def renderable(values: dict[str, Any]) -> dict[str, Any]:
    """Values a form can show again (an upload cannot be re-shown)."""
    return {key: value for key, value in values.items() if key != "image"}


def error_field(exc, form: deform.Form) -> str | None:
    """The form field a service refusal is about, or None (the message goes on top)."""
    field = getattr(exc, "on", None)
    return field if field is not None and field in form.schema else None

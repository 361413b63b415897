"""The tester's forms (deform/colander): declaring a test and writing its review, and
the passage from what a form holds to the services' inputs.

The forms speak in euros and days; the services in cents and dates. Uploads are checked
by the services' own cleaners in the field's validator, so a refused file is named on
its field and its bytes are read once.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import colander
import deform

from lanta.forms import CSRFSchema, RequestTmpStore, cleaned_upload
from lanta.labels import AUDIENCE_LABELS, LANGUAGE_NAMES
from lanta.services import images as images_service
from lanta.services.uploads import InvalidUpload

from .i18n import _
from .services import receipts, tests
from .services.reviews import MAX_TEXT, MAX_TITLE, PhotoInput, ReviewInput
from .services.tests import MAX_WHAT, VisitInput

CHECKBOXES = "lanta:templates/deform/checkbox_choice.pt"
_EUROS = re.compile(r"^\d{1,5}([.,]\d{1,2})?$")
PHOTO_SLOTS = 3  # photos added per save; the review holds six at most


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _read_photo(fp):
    try:
        return images_service.read_upload(fp)
    except InvalidUpload as exc:  # the core's English text, given in this add-on's words
        raise InvalidUpload(_("The photo must be a JPEG, PNG or WebP picture of at most "
                              "15 MB.")) from exc


@colander.deferred
def _receipt_widget(node, kw):
    return deform.widget.FileUploadWidget(
        RequestTmpStore(), accept="image/jpeg,image/png,image/webp,application/pdf")


@colander.deferred
def _photo_widget(node, kw):
    return deform.widget.FileUploadWidget(RequestTmpStore(),
                                          accept="image/jpeg,image/png,image/webp")


@colander.deferred
def _partner_widget(node, kw):
    request = kw["request"]
    lang = request.locale_name
    values = [("", request.localizer.translate(_("Choose the place")))]
    values += sorted(((str(p.id), p.text("name", lang))
                      for p in tests.published_partners(request.dbsession)),
                     key=lambda choice: choice[1].lower())
    return deform.widget.SelectWidget(values=values)


def _euros(node, value: str) -> None:
    if value and not _EUROS.match(value):
        raise colander.Invalid(node, _("Write an amount in euros, like 24 or 24,50."))


class VisitSchema(CSRFSchema):
    partner_id = colander.SchemaNode(colander.Integer(), title=_("Place tested"),
                                     validator=colander.Range(1, 2**31 - 1),
                                     widget=_partner_widget)
    visited_on = colander.SchemaNode(
        colander.Date(), title=_("Day of the visit"),
        widget=deform.widget.TextInputWidget(attributes={"type": "date"}))
    what = colander.SchemaNode(
        colander.String(), title=_("What you tested"), preparer=_strip,
        validator=colander.Length(min=1, max=MAX_WHAT),
        description=_("Like “dinner for two” or “a morning of rafting”."))
    amount = colander.SchemaNode(
        colander.String(), title=_("Amount spent (euros)"), preparer=_strip, missing="",
        validator=_euros,
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "decimal"}),
        description=_("What you paid, all included. Empty or 0 if it cost nothing."))
    receipt = colander.SchemaNode(
        deform.FileData(), title=_("Receipt"), missing=None,
        validator=cleaned_upload(receipts.read), widget=_receipt_widget,
        description=_("A photo or a PDF of the receipt, up to 10 MB; required when you "
                      "paid something. Only you and the office see it."))


def visit_schema() -> VisitSchema:
    return VisitSchema()


def cents(text: str) -> int:
    return int(Decimal((text or "0").replace(",", ".")) * 100)


def visit_input(data: dict[str, Any]) -> VisitInput:
    receipt = data.get("receipt")
    return VisitInput(partner_id=data["partner_id"], visited_on=data["visited_on"],
                      what=data["what"], amount_cents=cents(data["amount"]),
                      receipt=receipt["clean"] if receipt else None)


# --- the review -----------------------------------------------------------------------------


def photo_slot(number: int) -> colander.SchemaNode:
    """One photo and its text alternative, numbered so that each label is unique."""
    slot = colander.SchemaNode(colander.Mapping(), name=f"photo_{number}",
                               title=_("Photo ${number}", mapping={"number": number}),
                               validator=_photo_needs_alt)
    slot.add(colander.SchemaNode(
        deform.FileData(), name="image", missing=None, validator=cleaned_upload(_read_photo),
        widget=_photo_widget, title=_("Photo ${number} (file)", mapping={"number": number}),
        description=_("A JPEG, PNG or WebP photo, up to 15 MB. Its location and camera "
                      "data are removed.")))
    slot.add(colander.SchemaNode(
        colander.String(), name="alt", missing="", preparer=_strip,
        validator=colander.Length(max=300),
        title=_("What photo ${number} shows", mapping={"number": number}),
        description=_("For those who cannot see it, like “The terrace at sunset”. "
                      "Required with a photo.")))
    return slot


def _photo_needs_alt(node, value) -> None:
    if value.get("image") and not value.get("alt"):
        error = colander.Invalid(node)
        error["alt"] = _("Describe the photo in a few words.")
        raise error


@colander.deferred
def _language_widget(node, kw):
    return deform.widget.SelectWidget(values=[
        (code, LANGUAGE_NAMES.get(code, code)) for code in kw["request"].site.languages])


@colander.deferred
def _language_validator(node, kw):
    return colander.OneOf(list(kw["request"].site.languages))


def _only_audiences(node, values) -> None:
    if any(value not in AUDIENCE_LABELS for value in values):
        raise colander.Invalid(node, _("Choose among the audiences listed."))


class ReviewSchema(CSRFSchema):
    rating = colander.SchemaNode(
        colander.Integer(), title=_("Your coup de cœur rating"),
        validator=colander.Range(1, 5),
        widget=deform.widget.SelectWidget(values=[
            ("", _("Choose a rating")), ("5", _("5 – a real coup de cœur")),
            ("4", _("4 – I recommend it")), ("3", _("3 – fine")),
            ("2", _("2 – disappointing")), ("1", _("1 – not for me"))]),
        description=_("Only the reviews rated high enough are published; the others "
                      "go to the office as private feedback."))
    title = colander.SchemaNode(colander.String(), title=_("Title"), preparer=_strip,
                                validator=colander.Length(min=1, max=MAX_TITLE))
    text = colander.SchemaNode(
        colander.String(), title=_("Your review"), preparer=_strip,
        validator=colander.Length(min=1, max=MAX_TEXT),
        widget=deform.widget.TextAreaWidget(rows=8),
        description=_("Plain text: what you liked, for whom, a tip."))
    language = colander.SchemaNode(colander.String(), title=_("Written in"),
                                   widget=_language_widget, validator=_language_validator)
    audiences = colander.SchemaNode(
        colander.Set(), title=_("Recommended for"), missing=set(), validator=_only_audiences,
        widget=deform.widget.CheckboxChoiceWidget(values=list(AUDIENCE_LABELS.items()),
                                                  template=CHECKBOXES, inline=True))


def review_schema(*, photo_slots: int) -> ReviewSchema:
    schema = ReviewSchema()
    for number in range(1, photo_slots + 1):
        schema.add(photo_slot(number))
    return schema


def review_input(data: dict[str, Any]) -> ReviewInput:
    photos = tuple(PhotoInput(slot["image"]["clean"], slot["alt"])
                   for name, slot in sorted(data.items())
                   if name.startswith("photo_") and slot.get("image"))
    return ReviewInput(rating=data["rating"], title=data["title"], text=data["text"],
                       language=data["language"], audiences=tuple(sorted(data["audiences"])),
                       photos=photos)


def review_appstruct(review) -> dict[str, Any]:
    return {"rating": review.rating, "title": review.title, "text": review.text,
            "language": review.language, "audiences": set(review.audiences or ())}

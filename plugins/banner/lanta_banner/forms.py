"""The notice form: a colander schema whose whole-form check is the service's own."""
from __future__ import annotations

import colander
import deform

from lanta.forms import CSRFSchema

from . import services
from .i18n import _
from .models import LEVELS



class LocalDateTime(colander.SchemaType):
    """``YYYY-MM-DDTHH:MM`` in office time (what ``<input type=datetime-local>`` sends)."""

    def serialize(self, node, appstruct):
        if appstruct in (colander.null, None):
            return colander.null
        return appstruct.astimezone(services.PARIS).strftime("%Y-%m-%dT%H:%M")

    def deserialize(self, node, cstruct):
        if cstruct in (colander.null, None) or not str(cstruct).strip():
            return colander.null
        try:
            return services.parse_local_datetime(str(cstruct))
        except services.InvalidNotice as exc:
            raise colander.Invalid(node, exc.message) from None


def _datetime_widget() -> deform.widget.TextInputWidget:
    return deform.widget.TextInputWidget(attributes={"type": "datetime-local"})


LEVEL_CHOICES = (
    ("info", _("Information (closure, changed hours)")),
    ("warning", _("Warning (road closed, event cancelled)")),
    ("alert", _("Alert (storm, flood, danger)")),
)


def to_input(data: dict) -> services.NoticeInput:
    return services.NoticeInput(
        level=data.get("level") or "", text_fr=data.get("text_fr") or "",
        text_en=data.get("text_en") or "", link=data.get("link") or "",
        starts_at=data.get("starts_at") or None, ends_at=data.get("ends_at") or None,
        on_partner_pages=bool(data.get("on_partner_pages")))


def _check_notice(form, value) -> None:
    """Ask the service, so that the form and the command line refuse the same things."""
    try:
        services.validate(to_input(value))
    except services.InvalidNotice as exc:
        error = colander.Invalid(form)
        if exc.field in form:
            error[exc.field] = exc.message
        else:
            error.msg = exc.message
        raise error from None


class NoticeSchema(CSRFSchema):
    level = colander.SchemaNode(
        colander.String(), title=_("Level"), validator=colander.OneOf(LEVELS),
        widget=deform.widget.SelectWidget(values=LEVEL_CHOICES))
    text_fr = colander.SchemaNode(
        colander.String(), title=_("Text in French"),
        description=_("Required. One or two sentences: what, where, until when."),
        validator=colander.Length(max=services.TEXT_MAX),
        widget=deform.widget.TextAreaWidget(rows=3))
    text_en = colander.SchemaNode(
        colander.String(), title=_("Text in English"), missing="",
        description=_("Optional: visitors reading in English see the French text otherwise."),
        validator=colander.Length(max=services.TEXT_MAX),
        widget=deform.widget.TextAreaWidget(rows=3))
    link = colander.SchemaNode(
        colander.String(), title=_("Link for more information"), missing="",
        description=_("Optional: a web address (https://…) or a page of this site (/fr/…)."),
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "url"}))
    starts_at = colander.SchemaNode(
        LocalDateTime(), title=_("Shown from"), missing=None,
        description=_("Office time (Paris). Empty: from now."), widget=_datetime_widget())
    ends_at = colander.SchemaNode(
        LocalDateTime(), title=_("Shown until"), missing=None,
        description=_("Office time (Paris). Empty: until you remove it."),
        widget=_datetime_widget())
    on_partner_pages = colander.SchemaNode(
        colander.Boolean(), title=_("Also show on partner pages"), missing=False,
        widget=deform.widget.CheckboxWidget())


def notice_schema() -> NoticeSchema:
    return NoticeSchema(validator=_check_notice)

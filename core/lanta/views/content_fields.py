"""Form fields of the content forms that need more than a colander type: Paris times,
an event's dates and place, and the lead picture's upload."""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import colander
import deform
from sqlalchemy import select

from ..i18n import _
from ..models import Partner, StoredImage
from ..services import events as events_service
from ..services import images as images_service
from ..services.errors import InvalidField
from ..services.local_times import skipped
from ..forms import RequestTmpStore

ZONE = ZoneInfo("Europe/Paris")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def local_datetime(node, value) -> None:
    if not value:
        return
    typed = _typed(value)
    if typed is None:
        raise colander.Invalid(node, _("Give a date and time like 2026-07-14 09:30."))
    if skipped(typed, ZONE):
        raise colander.Invalid(node, _("This time does not exist: that night the clocks go "
                                       "forward from 2:00 to 3:00. Choose another time."))


def _typed(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        return None


def parse_local(value: str) -> dt.datetime | None:
    """A datetime typed in Pau's time (the browser's datetime-local format)."""
    parsed = _typed(value)
    if parsed is None:
        return None
    return parsed.replace(tzinfo=ZONE) if parsed.tzinfo is None else parsed


def local_text(value: dt.datetime | None) -> str:
    return value.astimezone(ZONE).strftime(LOCAL_FORMAT) if value else ""


def when_node(title, description) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(), title=title, description=description, missing="",
        preparer=strip, validator=local_datetime,
        widget=deform.widget.TextInputWidget(attributes={"type": "datetime-local"}))


@colander.deferred
def picture_widget(node, kw):
    return deform.widget.FileUploadWidget(RequestTmpStore(),
                                          accept="image/jpeg,image/png,image/webp")


REPEAT_LABELS = {
    "": _("Does not repeat"),
    "daily": _("Every day"),
    "weekly": _("Every week"),
    "monthly": _("Every month"),
}


def valid_date(node, value) -> None:
    if value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise colander.Invalid(node, _("Give a date like 2026-08-31.")) from None


def add_event_nodes(schema: colander.Schema) -> None:
    """The fields an event has beyond a page's, placed after the summary."""
    at = list(schema.children).index(schema["description"]) + 1
    nodes = [
        when_node(_("Starts"), _("Date and time, Paris time.")),
        when_node(_("Ends"), _("Optional.")),
        colander.SchemaNode(colander.Boolean(), name="all_day", title=_("All day"),
                            missing=False, label=_("It lasts the whole day (no times)"),
                            widget=deform.widget.CheckboxWidget()),
        colander.SchemaNode(colander.String(), name="repeat", title=_("Repeats"),
                            missing="", validator=colander.OneOf(list(REPEAT_LABELS)),
                            widget=deform.widget.SelectWidget(
                                values=list(REPEAT_LABELS.items()))),
        colander.SchemaNode(colander.String(), name="repeat_until", title=_("Last date"),
                            missing="", preparer=strip, validator=valid_date,
                            description=_("Optional. Without it, the event repeats with no "
                                          "end."),
                            widget=deform.widget.TextInputWidget(attributes={"type": "date"})),
        colander.SchemaNode(colander.String(), name="place_partner", title=_("Partner"),
                            missing="", preparer=strip, validator=colander.Length(max=120),
                            description=_("Optional. The address name of the partner where "
                                          "it happens, like hotel-du-gave.")),
        colander.SchemaNode(colander.String(), name="place_name", title=_("Place"),
                            missing="", preparer=strip, validator=colander.Length(max=200)),
        colander.SchemaNode(colander.String(), name="place_address", title=_("Address"),
                            missing="", preparer=strip, validator=colander.Length(max=300)),
    ]
    nodes[0].name, nodes[1].name = "starts_at", "ends_at"
    nodes[0].missing = colander.required
    for offset, node in enumerate(nodes):
        schema.children.insert(at + offset, node)


def event_data(request, data: dict[str, Any]) -> events_service.EventData:
    """The form's event fields as the service's values; refusals name their field."""
    partner_id = None
    if data["place_partner"]:
        partner = request.dbsession.scalar(select(Partner).where(
            Partner.slug == data["place_partner"]))
        if partner is None:
            raise InvalidField("There is no partner with the address name ${slug}.",
                               on="place_partner", slug=data["place_partner"])
        partner_id = partner.id
    return events_service.check(request.dbsession, events_service.EventData(
        starts_at=parse_local(data["starts_at"]),
        ends_at=parse_local(data["ends_at"]) if data["ends_at"] else None,
        all_day=data["all_day"], repeat=data["repeat"],
        repeat_until=dt.date.fromisoformat(data["repeat_until"]) if data["repeat_until"]
        else None,
        place_partner_id=partner_id, place_name=data["place_name"],
        place_address=data["place_address"]))


def event_values(request, item) -> dict[str, Any]:
    details = events_service.details_of(request.dbsession, item)
    if details is None:
        return {}
    data = events_service.data_of(details)
    partner = request.dbsession.get(Partner, data.place_partner_id) if data.place_partner_id \
        else None
    return {"starts_at": local_text(data.starts_at), "ends_at": local_text(data.ends_at),
            "all_day": data.all_day, "repeat": data.repeat,
            "repeat_until": data.repeat_until.isoformat() if data.repeat_until else "",
            "place_partner": partner.slug if partner else "", "place_name": data.place_name,
            "place_address": data.place_address}


def picture_id(request, data: dict[str, Any], current: int | None) -> int | None:
    """The lead picture after this save: a new upload (stored now), none, the current
    one, or the current one under a new text alternative (a new picture row, so the
    change is a new revision and older ones keep their text)."""
    upload = data.get("image")
    if upload and upload.get("clean") is not None:
        stored = images_service.store(
            request.dbsession, request.registry.lanta_settings.uploads_dir, upload["clean"],
            alt=data["image_alt"], author=request.user)
        return stored.id
    if data.get("remove_image") or current is None:
        return None
    image = request.dbsession.get(StoredImage, current)
    if image is not None and " ".join(data["image_alt"].split()) != image.alt:
        return images_service.with_alt(
            request.dbsession, request.registry.lanta_settings.uploads_dir, image,
            data["image_alt"], author=request.user).id
    return current

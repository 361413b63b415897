"""Editing the content tree, on the items themselves (Plone style): ``@@add``, ``@@edit``,
``@@workflow``, ``@@history``, ``@@diff``, ``@@revert``, ``@@translate`` and ``@@delete``.

The forms only shape values; :mod:`lanta.services.content` checks them and refuses with a
sentence, shown on the form with nothing saved.
"""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import colander
import deform
from babel.dates import format_datetime
from pyramid.httpexceptions import HTTPBadRequest, HTTPFound, HTTPNotFound
from pyramid.view import view_config
from sqlalchemy import select

from ..forms import CSRFSchema, make_form, process_form, render_with_error
from ..i18n import _, site_languages
from ..models import Partner, StoredImage, User
from ..models.content import CONTENT_TYPES
from ..services import content as content_service
from ..services import events as events_service
from ..services import images as images_service
from ..services.uploads import InvalidUpload
from .admin.settings import RequestTmpStore
from ..services.errors import DomainError, InvalidField
from .content_public import TYPE_LABELS, breadcrumbs
from .content_resources import (ROUTE, ContentResource, LanguageRoot, item_url,
                                reserved_names)

ZONE = ZoneInfo("Europe/Paris")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
TINYMCE_LANGUAGES = {"fr": "fr_FR"}
FLASHES = {
    "submit": _("Submitted for review."),
    "withdraw": _("The submission was withdrawn."),
    "publish": _("Published: visitors see this version now."),
    "reject": _("Sent back to its authors."),
    "unpublish": _("Unpublished: visitors no longer see it."),
}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _local_datetime(node, value) -> None:
    if value and _parse_local(value) is None:
        raise colander.Invalid(node, _("Give a date and time like 2026-07-14 09:30."))


def _parse_local(value: str) -> dt.datetime | None:
    """A datetime typed in Pau's time (the browser's datetime-local format)."""
    try:
        parsed = dt.datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=ZONE) if parsed.tzinfo is None else parsed


def _local_text(value: dt.datetime | None) -> str:
    return value.astimezone(ZONE).strftime(LOCAL_FORMAT) if value else ""


def _when(title, description) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(), title=title, description=description, missing="",
        preparer=_strip, validator=_local_datetime,
        widget=deform.widget.TextInputWidget(attributes={"type": "datetime-local"}))


@colander.deferred
def _body_widget(node, kw):
    language = kw["request"].locale_name
    return deform.widget.RichTextWidget(options={
        "language": TINYMCE_LANGUAGES.get(language, "en"),
        "menubar": False, "promotion": False, "branding": False, "height": 420,
        "plugins": "lists link image table",
        "toolbar": "undo redo | blocks | bold italic | bullist numlist | link image | table",
        "block_formats": "Paragraph=p; Heading 2=h2; Heading 3=h3; Heading 4=h4",
        "image_description": True, "relative_urls": False,
    })


def _clean_picture(node, value) -> None:
    fp = value["fp"]
    try:
        # Kept for the view: the pixels are decoded once, here.
        value["clean"] = images_service.read_upload(fp)
    except InvalidUpload as exc:
        raise colander.Invalid(node, _(exc.message, mapping=exc.mapping)) from None
    finally:
        fp.close()


@colander.deferred
def _picture_widget(node, kw):
    return deform.widget.FileUploadWidget(RequestTmpStore(),
                                          accept="image/jpeg,image/png,image/webp")


class ContentSchema(CSRFSchema):
    title = colander.SchemaNode(colander.String(), title=_("Title"), preparer=_strip,
                                validator=colander.Length(min=1, max=300))
    slug = colander.SchemaNode(
        colander.String(), title=_("Address name"), missing="", preparer=_strip,
        validator=colander.Length(max=120),
        description=_("The end of the page's address, like our-walks. Leave empty to "
                      "make it from the title. It cannot change later."))
    description = colander.SchemaNode(
        colander.String(), title=_("Summary"), missing="", preparer=_strip,
        validator=colander.Length(max=1000), widget=deform.widget.TextAreaWidget(rows=3),
        description=_("One or two sentences shown in lists, search results and feeds."))
    body = colander.SchemaNode(colander.String(), title=_("Text"), missing="",
                               widget=_body_widget)
    image = colander.SchemaNode(
        deform.FileData(), title=_("Picture"), missing=None, validator=_clean_picture,
        widget=_picture_widget,
        description=_("Optional. A JPEG, PNG or WebP photo, up to 15 MB. It is shown at "
                      "the top of the page and in lists, in sizes fitted to each screen."))
    image_alt = colander.SchemaNode(
        colander.String(), title=_("Text alternative of the picture"), missing="",
        preparer=_strip, validator=colander.Length(max=300),
        description=_("What the picture shows, for those who cannot see it, like “The "
                      "castle's keep at sunset”. Required with a picture."))
    remove_image = colander.SchemaNode(
        colander.Boolean(), title=_("Remove the picture"), missing=False,
        label=_("Show no picture any more"), widget=deform.widget.CheckboxWidget())
    in_navigation = colander.SchemaNode(
        colander.Boolean(), title=_("Navigation"), missing=False,
        label=_("Show it in the site's menus"), widget=deform.widget.CheckboxWidget())
    effective_at = _when(_("Publish from"),
                         _("Optional. Once published, visitors see it from this time on "
                           "(Paris time)."))
    expires_at = _when(_("Publish until"),
                       _("Optional. Visitors no longer see it from this time on."))
    note = colander.SchemaNode(
        colander.String(), title=_("Change note"), missing="", preparer=_strip,
        validator=colander.Length(max=300),
        description=_("Optional. Says what changed, in the history."))


REPEAT_LABELS = {
    "": _("Does not repeat"),
    "daily": _("Every day"),
    "weekly": _("Every week"),
    "monthly": _("Every month"),
}


def _valid_date(node, value) -> None:
    if value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise colander.Invalid(node, _("Give a date like 2026-08-31.")) from None


def add_event_nodes(schema: colander.Schema) -> None:
    """The fields an event has beyond a page's, placed after the summary."""
    at = list(schema.children).index(schema["description"]) + 1
    nodes = [
        _when(_("Starts"), _("Date and time, Paris time.")),
        _when(_("Ends"), _("Optional.")),
        colander.SchemaNode(colander.Boolean(), name="all_day", title=_("All day"),
                            missing=False, label=_("It lasts the whole day (no times)"),
                            widget=deform.widget.CheckboxWidget()),
        colander.SchemaNode(colander.String(), name="repeat", title=_("Repeats"),
                            missing="", validator=colander.OneOf(list(REPEAT_LABELS)),
                            widget=deform.widget.SelectWidget(
                                values=list(REPEAT_LABELS.items()))),
        colander.SchemaNode(colander.String(), name="repeat_until", title=_("Last date"),
                            missing="", preparer=_strip, validator=_valid_date,
                            description=_("Optional. Without it, the event repeats with no "
                                          "end."),
                            widget=deform.widget.TextInputWidget(attributes={"type": "date"})),
        colander.SchemaNode(colander.String(), name="place_partner", title=_("Partner"),
                            missing="", preparer=_strip, validator=colander.Length(max=120),
                            description=_("Optional. The address name of the partner where "
                                          "it happens, like hotel-du-gave.")),
        colander.SchemaNode(colander.String(), name="place_name", title=_("Place"),
                            missing="", preparer=_strip, validator=colander.Length(max=200)),
        colander.SchemaNode(colander.String(), name="place_address", title=_("Address"),
                            missing="", preparer=_strip, validator=colander.Length(max=300)),
    ]
    nodes[0].name, nodes[1].name = "starts_at", "ends_at"
    nodes[0].missing = colander.required
    for offset, node in enumerate(nodes):
        schema.children.insert(at + offset, node)


def _event_data(request, data: dict[str, Any]) -> events_service.EventData:
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
        starts_at=_parse_local(data["starts_at"]),
        ends_at=_parse_local(data["ends_at"]) if data["ends_at"] else None,
        all_day=data["all_day"], repeat=data["repeat"],
        repeat_until=dt.date.fromisoformat(data["repeat_until"]) if data["repeat_until"]
        else None,
        place_partner_id=partner_id, place_name=data["place_name"],
        place_address=data["place_address"]))


def _event_values(request, item) -> dict[str, Any]:
    details = events_service.details_of(request.dbsession, item)
    if details is None:
        return {}
    data = events_service.data_of(details)
    partner = request.dbsession.get(Partner, data.place_partner_id) if data.place_partner_id \
        else None
    return {"starts_at": _local_text(data.starts_at), "ends_at": _local_text(data.ends_at),
            "all_day": data.all_day, "repeat": data.repeat,
            "repeat_until": data.repeat_until.isoformat() if data.repeat_until else "",
            "place_partner": partner.slug if partner else "", "place_name": data.place_name,
            "place_address": data.place_address}


def _texts(data: dict[str, Any], image_id: int | None) -> content_service.Texts:
    return content_service.Texts(title=data["title"], description=data["description"],
                                 body=data["body"], note=data["note"], image_id=image_id)


def _picture_id(request, data: dict[str, Any], current: int | None) -> int | None:
    """The lead picture after this save: a new upload (stored now), none, or the current
    one with its text alternative updated."""
    upload = data.get("image")
    if upload and upload.get("clean") is not None:
        stored = images_service.store(
            request.dbsession, request.registry.lanta_settings.uploads_dir, upload["clean"],
            alt=data["image_alt"], author=request.user)
        return stored.id
    if data.get("remove_image") or current is None:
        return None
    image = request.dbsession.get(StoredImage, current)
    if image is not None and data["image_alt"] != image.alt:
        image.alt = images_service.check_alt(data["image_alt"])
    return current


def _window(data: dict[str, Any]) -> dict[str, Any]:
    return {"effective_at": _parse_local(data["effective_at"]) if data["effective_at"] else None,
            "expires_at": _parse_local(data["expires_at"]) if data["expires_at"] else None}


def _user(request) -> User | None:
    return request.user


def _form_page(request, form: deform.Form, on_success, appstruct: dict[str, Any],
               page: dict[str, Any]):
    def save(data: dict[str, Any]):
        try:
            # A savepoint: a refusal after a picture was stored leaves no row behind
            # (its files stay on disk, unreferenced).
            with request.dbsession.begin_nested():
                return on_success(data)
        except DomainError as exc:
            request.response.status = exc.status
            field = getattr(exc, "on", None)
            # An uploaded file is not kept between requests: it is asked for again.
            shown = {**data, "image": colander.null} if "image" in data else data
            return render_with_error(form, shown, _(exc.message, mapping=exc.mapping),
                                     field if field in form.schema else None)

    result, html = process_form(request, form, save, appstruct=appstruct)
    if isinstance(result, HTTPFound):
        return result
    if request.method == "POST" and request.response.status_int < 400:
        request.response.status = 400  # re-shown with the mistakes to correct
    page.update(form=result or html, form_resources=form.get_widget_resources())
    return page


# --- adding --------------------------------------------------------------------------------


@view_config(route_name=ROUTE, context=LanguageRoot, name="add",
             renderer="lanta:templates/content_form.pt", permission="content.edit",
             request_method=("GET", "POST"))
@view_config(route_name=ROUTE, context=ContentResource, name="add",
             renderer="lanta:templates/content_form.pt", permission="content.edit",
             request_method=("GET", "POST"))
def add_item(context, request):
    parent = context.item
    if parent is not None and parent.type not in content_service.CONTAINERS:
        raise HTTPNotFound()
    kind = request.params.get("type", "page")
    if kind not in CONTENT_TYPES:
        raise HTTPBadRequest()
    schema = ContentSchema()
    del schema["remove_image"]
    if kind == "event":
        add_event_nodes(schema)
    form = make_form(schema, request, formid="content-form", action=request.path_qs,
                     buttons=(deform.Button("save", _("Create")),))

    def create(data: dict[str, Any]):
        event = _event_data(request, data) if kind == "event" else None
        item = content_service.create(
            request.dbsession, language=context.language, parent=parent, type=kind,
            slug=data["slug"] or content_service.slugify(data["title"]),
            texts=_texts(data, _picture_id(request, data, None)),
            author=_user(request), in_navigation=data["in_navigation"],
            reserved=reserved_names(request.registry), **_window(data))
        if event is not None:
            events_service.set_details(request.dbsession, item, event)
        request.session.flash(request.localizer.translate(
            _("Created. It is private until it is published: submit it for review when "
              "it is ready.")))
        return HTTPFound(item_url(request, item))

    return _form_page(request, form, create, {"in_navigation": kind in ("folder", "page")}, {
        "lang": context.language, "page_title": _("Add: ${type}",
                                                  mapping={"type": TYPE_LABELS[kind]}),
        "item": None, "parent": parent, "kind": kind, "type_labels": TYPE_LABELS,
        "crumbs": breadcrumbs(request, parent) + [(parent.title, item_url(request, parent))]
        if parent else []})


# --- editing -------------------------------------------------------------------------------


@view_config(route_name=ROUTE, context=ContentResource, name="edit",
             renderer="lanta:templates/content_form.pt", permission="content.edit",
             request_method=("GET", "POST"))
def edit_item(context, request):
    item = context.item
    head = content_service.revision(request.dbsession, item, None)
    schema = ContentSchema()
    del schema["slug"]
    if head.image_id is None:
        del schema["remove_image"]
    if item.type == "event":
        add_event_nodes(schema)
    form = make_form(schema, request, formid="content-form",
                     buttons=(deform.Button("save", _("Save")),))

    def save(data: dict[str, Any]):
        event = _event_data(request, data) if item.type == "event" else None
        saved = content_service.edit(request.dbsession, item,
                                     _texts(data, _picture_id(request, data, head.image_id)),
                                     author=_user(request),
                                     in_navigation=data["in_navigation"], **_window(data))
        if event is not None:
            events_service.set_details(request.dbsession, item, event)
        if saved is not None and item.live_number is not None:
            message = _("Saved as a draft: visitors still see the published version until "
                        "this one is published.")
        else:
            message = _("Saved.")
        request.session.flash(request.localizer.translate(message))
        return HTTPFound(item_url(request, item))

    picture = request.dbsession.get(StoredImage, head.image_id) if head.image_id else None
    values = {"title": head.title, "description": head.description, "body": head.body,
              "image_alt": picture.alt if picture else "",
              "in_navigation": item.in_navigation,
              "effective_at": _local_text(item.effective_at),
              "expires_at": _local_text(item.expires_at), "note": "",
              **_event_values(request, item)}
    return _form_page(request, form, save, values, {
        "lang": item.language, "page_title": _("Edit ${title}", mapping={"title": head.title}),
        "item": item, "parent": None, "kind": item.type, "type_labels": TYPE_LABELS,
        "crumbs": breadcrumbs(request, item) + [(head.title, item_url(request, item))]})


@view_config(route_name=ROUTE, context=ContentResource, name="workflow",
             permission="content.edit", request_method="POST")
def workflow(context, request):
    name = request.POST.get("transition", "")
    content_service.transition(request.dbsession, context.item, name,
                               can_review=bool(request.has_permission("content.review")))
    request.session.flash(request.localizer.translate(FLASHES[name]))
    return HTTPFound(item_url(request, context.item))


# --- history -------------------------------------------------------------------------------


@view_config(route_name=ROUTE, context=ContentResource, name="history",
             renderer="lanta:templates/content_history.pt", permission="content.edit",
             request_method="GET")
def history(context, request):
    item = context.item
    revisions = content_service.history(request.dbsession, item)
    authors = {u.id: u for u in request.dbsession.query(User).filter(
        User.id.in_({r.author_id for r in revisions if r.author_id}))}
    return {"item": item, "revisions": revisions, "authors": authors, "lang": item.language,
            "page_title": _("History of ${title}", mapping={"title": item.title}),
            "item_url": lambda i, view="", **q: item_url(request, i, view, **q),
            "when": lambda value: format_datetime(value.astimezone(ZONE), "medium",
                                                  locale=request.locale_name),
            "crumbs": breadcrumbs(request, item) + [(item.title, item_url(request, item))]}


def _number(request, key: str, default: int) -> int:
    try:
        return int(request.params.get(key, default))
    except ValueError:
        raise HTTPBadRequest() from None


@view_config(route_name=ROUTE, context=ContentResource, name="diff",
             renderer="lanta:templates/content_diff.pt", permission="content.edit",
             request_method="GET")
def compare(context, request):
    item = context.item
    new_number = _number(request, "to", item.head_number)
    old_number = _number(request, "from", new_number - 1)
    old = content_service.revision(request.dbsession, item, old_number)
    new = content_service.revision(request.dbsession, item, new_number)
    field_titles = {"title": _("Title"), "description": _("Summary"), "body": _("Text"),
                    "image": _("Picture")}
    return {"item": item, "old": old, "new": new, "lang": item.language,
            "changes": content_service.diff(old, new), "field_titles": field_titles,
            "page_title": _("Changes to ${title}", mapping={"title": item.title}),
            "history_url": item_url(request, item, "history"),
            "crumbs": breadcrumbs(request, item) + [(item.title, item_url(request, item))]}


@view_config(route_name=ROUTE, context=ContentResource, name="revert",
             permission="content.edit", request_method="POST")
def revert(context, request):
    number = _number(request, "number", 0)
    content_service.revert(request.dbsession, context.item, number, author=_user(request))
    request.session.flash(request.localizer.translate(
        _("Version ${number} is back as a new draft.", mapping={"number": number})))
    return HTTPFound(item_url(request, context.item))


# --- translating and deleting ----------------------------------------------------------------


@view_config(route_name=ROUTE, context=ContentResource, name="translate",
             permission="content.edit", request_method="POST")
def translate(context, request):
    language = request.POST.get("language", "")
    if language not in site_languages(request):
        raise HTTPBadRequest()
    copy = content_service.translate(request.dbsession, context.item, language,
                                     author=_user(request),
                                     reserved=reserved_names(request.registry))
    request.session.flash(request.localizer.translate(
        _("A copy to translate was made; it is private until it is published.")))
    return HTTPFound(item_url(request, copy, "edit"))


@view_config(route_name=ROUTE, context=ContentResource, name="delete",
             renderer="lanta:templates/content_delete.pt", permission="content.review",
             request_method=("GET", "POST"))
def delete(context, request):
    item = context.item
    if request.method == "POST":
        parent = (content_service.get(request.dbsession, item.parent_id)
                  if item.parent_id else None)
        content_service.delete(request.dbsession, item)
        request.session.flash(request.localizer.translate(_("Deleted.")))
        if parent is not None:
            return HTTPFound(item_url(request, parent))
        return HTTPFound(request.route_url("admin.content"))
    inside = content_service.children(request.dbsession, item.language, item)
    return {"item": item, "inside": inside, "lang": item.language,
            "page_title": _("Delete ${title}", mapping={"title": item.title}),
            "item_url": item_url(request, item),
            "crumbs": breadcrumbs(request, item) + [(item.title, item_url(request, item))]}

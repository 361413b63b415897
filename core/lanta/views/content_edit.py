"""Editing the content tree, on the items themselves (Plone style): ``@@add``, ``@@edit``,
``@@workflow``, ``@@translate`` and ``@@delete`` (the history's views are beside, in
:mod:`lanta.views.content_history`).

The forms only shape values; :mod:`lanta.services.content` checks them and refuses with a
sentence, shown on the form with nothing saved.
"""
from __future__ import annotations

from typing import Any

import colander
import deform
from pyramid.httpexceptions import HTTPBadRequest, HTTPFound, HTTPNotFound
from pyramid.view import view_config

from ..forms import (CSRFSchema, cleaned_upload, make_form, process_form,
                     render_with_error)
from ..i18n import _, site_languages
from ..models import StoredImage, User
from ..models.content import CONTENT_TYPES
from ..services import content as content_service
from ..services import events as events_service
from ..services import images as images_service
from ..services.errors import DomainError
from .content_fields import (add_event_nodes, event_data, event_values,
                             local_text, parse_local, picture_id, picture_widget, strip,
                             when_node)
from .content_public import TYPE_LABELS, breadcrumbs
from .content_resources import (ROUTE, ContentResource, LanguageRoot, item_url,
                                reserved_names)

TINYMCE_LANGUAGES = {"fr": "fr_FR"}
FLASHES = {
    "submit": _("Submitted for review."),
    "withdraw": _("The submission was withdrawn."),
    "publish": _("Published: visitors see this version now."),
    "reject": _("Sent back to its authors."),
    "unpublish": _("Unpublished: visitors no longer see it."),
}


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


class ContentSchema(CSRFSchema):
    title = colander.SchemaNode(colander.String(), title=_("Title"), preparer=strip,
                                validator=colander.Length(min=1, max=300))
    slug = colander.SchemaNode(
        colander.String(), title=_("Address name"), missing="", preparer=strip,
        validator=colander.Length(max=120),
        description=_("The end of the page's address, like our-walks. Leave empty to "
                      "make it from the title. It cannot change later."))
    description = colander.SchemaNode(
        colander.String(), title=_("Summary"), missing="", preparer=strip,
        validator=colander.Length(max=1000), widget=deform.widget.TextAreaWidget(rows=3),
        description=_("One or two sentences shown in lists, search results and feeds."))
    body = colander.SchemaNode(colander.String(), title=_("Text"), missing="",
                               widget=_body_widget)
    image = colander.SchemaNode(
        deform.FileData(), title=_("Picture"), missing=None,
        validator=cleaned_upload(images_service.read_upload),
        widget=picture_widget,
        description=_("Optional. A JPEG, PNG or WebP photo, up to 15 MB. It is shown at "
                      "the top of the page and in lists, in sizes fitted to each screen."))
    image_alt = colander.SchemaNode(
        colander.String(), title=_("Text alternative of the picture"), missing="",
        preparer=strip, validator=colander.Length(max=300),
        description=_("What the picture shows, for those who cannot see it, like “The "
                      "castle's keep at sunset”. Required with a picture."))
    remove_image = colander.SchemaNode(
        colander.Boolean(), title=_("Remove the picture"), missing=False,
        label=_("Show no picture any more"), widget=deform.widget.CheckboxWidget())
    in_navigation = colander.SchemaNode(
        colander.Boolean(), title=_("Navigation"), missing=False,
        label=_("Show it in the site's menus"), widget=deform.widget.CheckboxWidget())
    effective_at = when_node(_("Publish from"),
                         _("Optional. Once published, visitors see it from this time on "
                           "(Paris time)."))
    expires_at = when_node(_("Publish until"),
                       _("Optional. Visitors no longer see it from this time on."))
    note = colander.SchemaNode(
        colander.String(), title=_("Change note"), missing="", preparer=strip,
        validator=colander.Length(max=300),
        description=_("Optional. Says what changed, in the history."))


def _texts(data: dict[str, Any], image_id: int | None) -> content_service.Texts:
    return content_service.Texts(title=data["title"], description=data["description"],
                                 body=data["body"], note=data["note"], image_id=image_id)


def _window(data: dict[str, Any]) -> dict[str, Any]:
    return {"effective_at": parse_local(data["effective_at"]) if data["effective_at"] else None,
            "expires_at": parse_local(data["expires_at"]) if data["expires_at"] else None}


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
        event = event_data(request, data) if kind == "event" else None
        item = content_service.create(
            request.dbsession, language=context.language, parent=parent, type=kind,
            slug=data["slug"] or content_service.slugify(data["title"]),
            texts=_texts(data, picture_id(request, data, None)),
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
        event = event_data(request, data) if item.type == "event" else None
        saved = content_service.edit(request.dbsession, item,
                                     _texts(data, picture_id(request, data, head.image_id)),
                                     author=_user(request),
                                     in_navigation=data["in_navigation"],
                                     can_review=bool(request.has_permission("content.review")),
                                     **_window(data))
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
              "effective_at": local_text(item.effective_at),
              "expires_at": local_text(item.expires_at), "note": "",
              **event_values(request, item)}
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

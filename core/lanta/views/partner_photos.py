"""The photos of a listing: ``/admin/partners/{id}/photos`` for the office and
``/partner/{slug}/photos`` for the partner's own account. One page serves both; what
differs is who may approve (the office) and whether a new photo waits (the partner's)."""
from __future__ import annotations

from typing import Any

import colander
import deform
from pyramid.httpexceptions import HTTPBadRequest, HTTPFound, HTTPNotFound
from pyramid.view import view_config

from ..forms import CSRFSchema, cleaned_upload, make_form, process_form, render_with_error
from ..i18n import _
from ..models import Partner
from ..services import images as images_service
from ..services import partner_changes, partner_photos
from ..services import partners as partners_service
from ..services.errors import DomainError, NotFound
from .content_fields import picture_widget, strip
from ..pictures import picture

ACTIONS = ("up", "down", "remove", "approve", "describe")
THUMBNAIL_SIZES = "(min-width: 40em) 16rem, 100vw"


class PhotoSchema(CSRFSchema):
    image = colander.SchemaNode(
        deform.FileData(), title=_("Photo"),
        validator=cleaned_upload(images_service.read_upload), widget=picture_widget,
        description=_("A JPEG, PNG or WebP photo, up to 15 MB. Its location and camera "
                      "data are removed; visitors get sizes fitted to their screen."))
    image_alt = colander.SchemaNode(
        colander.String(), title=_("Text alternative"), preparer=strip,
        validator=colander.Length(min=1, max=300),
        description=_("What the photo shows, for those who cannot see it, like “The "
                      "terrace under the plane trees”."))
    credit = colander.SchemaNode(
        colander.String(), title=_("Credit"), missing="", preparer=strip,
        validator=colander.Length(max=200),
        description=_("Optional: who took the photo, as it should be printed."))


class PhotosPage:
    def __init__(self, request, partner: Partner, *, by_office: bool) -> None:
        self.request = request
        self.partner = partner
        self.by_office = by_office

    @property
    def url(self) -> str:
        if self.by_office:
            return self.request.route_url("admin.partners.photos", id=self.partner.id)
        return self.request.route_url("partner.photos", slug=self.partner.slug)

    def __call__(self) -> Any:
        request = self.request
        form = make_form(PhotoSchema(), request, formid="photo-form",
                         buttons=(deform.Button("add", _("Add the photo")),))
        problem: dict[str, Any] = {}
        if request.method == "POST" and "add" not in request.POST:
            problem = self.act()
            if isinstance(problem, HTTPFound):
                return problem
            request.response.status = 400

        def add(data: dict[str, Any]):
            try:
                partner_photos.add(
                    request.dbsession, request.registry.lanta_settings.uploads_dir,
                    self.partner, data["image"]["clean"], alt=data["image_alt"],
                    credit=data["credit"], author=request.user, approved=self.by_office)
            except DomainError as exc:
                request.response.status = exc.status
                return render_with_error(form, {k: v for k, v in data.items()
                                                if k != "image"},
                                         _(exc.message, mapping=exc.mapping))
            self.flash(_("Photo added.") if self.by_office else
                       _("Photo sent: visitors see it once the office approves it."))
            return HTTPFound(self.url)

        result, html = process_form(request, form, add)
        if isinstance(result, HTTPFound):
            return result
        if request.method == "POST" and request.response.status_int < 400:
            request.response.status = 400
        return {"problem": problem, "partner": self.partner, "photos": partner_photos.all_of(
                    request.dbsession, self.partner),
                "form": result or html, "page_url": self.url, "by_office": self.by_office,
                "max_photos": partner_photos.MAX_PHOTOS, "lang": request.locale_name,
                "picture": lambda image: picture(request, image, sizes=THUMBNAIL_SIZES),
                "admin_section": self.by_office,
                "page_title": _("Photos of ${name}", mapping={
                    "name": self.partner.text("name", request.locale_name)})}

    def act(self) -> HTTPFound | dict[str, Any]:
        """One button of one photo: move, remove, approve or describe it. A refused
        description comes back as the photo's id, the message and what was typed."""
        request = self.request
        action = request.POST.get("action")
        try:
            photo = partner_photos.get(request.dbsession, self.partner,
                                       int(request.POST.get("photo", "")))
        except (ValueError, NotFound):
            raise HTTPBadRequest() from None
        if action not in ACTIONS or (action == "approve" and not self.by_office):
            raise HTTPBadRequest()
        if action in ("up", "down"):
            partner_photos.move(request.dbsession, photo, -1 if action == "up" else 1)
            self.flash(_("Order saved."))
        elif action == "remove":
            partner_photos.remove(request.dbsession, photo)
            self.flash(_("Photo removed."))
        elif action == "approve":
            partner_photos.approve(photo)
            self.flash(_("Photo approved: visitors see it now."))
        else:
            try:
                partner_photos.describe(photo, request.POST.get("alt", ""),
                                        request.POST.get("credit", ""))
            except DomainError as exc:
                return {"photo": photo.id, "message": _(exc.message, mapping=exc.mapping),
                        "alt": request.POST.get("alt", ""),
                        "credit": request.POST.get("credit", "")}
            self.flash(_("Description saved."))
        return HTTPFound(self.url + f"#photo-{photo.id}")

    def flash(self, message) -> None:
        self.request.session.flash(self.request.localizer.translate(message))


@view_config(route_name="admin.partners.photos", renderer="lanta:templates/partner_photos.pt",
             permission="partners.edit", request_method=("GET", "POST"))
def office_photos(request):
    try:
        partner = partners_service.get(request.dbsession, int(request.matchdict["id"]),
                                       published_only=False)
    except NotFound as exc:
        raise HTTPNotFound() from exc
    return PhotosPage(request, partner, by_office=True)()


@view_config(route_name="partner.photos", renderer="lanta:templates/partner_photos.pt",
             permission="partner.self", request_method=("GET", "POST"))
def own_photos(request):
    try:
        partner = partner_changes.listing_of(request.dbsession, request.user,
                                             request.matchdict["slug"])
    except NotFound as exc:
        raise HTTPNotFound() from exc
    return PhotosPage(request, partner, by_office=False)()

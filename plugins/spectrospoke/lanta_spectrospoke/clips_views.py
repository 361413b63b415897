"""The clip catalogue's pages (``/admin/spectrospoke/clips/``, ``spectrospoke.edit``):
the list with its filters, the form to add or edit a clip, the deletion with its
confirmation; and the stored video files (``/spectrospoke/videos/{name}``), served with
byte ranges so that players can seek.

Thin views over :mod:`lanta_spectrospoke.services.clips`: the service checks every value
and stores the files; a refusal is shown on the form with nothing written.
"""
from __future__ import annotations

from typing import Any

import deform
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.response import FileResponse
from pyramid.view import view_config

from lanta.forms import flash, process_form, render_with_error
from lanta.labels import ENVIE_LABELS
from lanta.models import StoredImage
from lanta.pictures import picture
from lanta.services.errors import Conflict, DomainError, NotFound

from .clips_form import appstruct, clip_schema, error_field, renderable, to_input
from .i18n import _
from .labels import FITNESS_LABELS, PROJECTION_LABELS, SEASON_LABELS
from .models import SEASONS, Clip
from .services import clips, videos

EDIT = "spectrospoke.edit"
FORM = "lanta_spectrospoke:templates/clip_form.pt"
# A stored video never changes (a new upload gets a new name): caches may keep it.
ONE_YEAR = 365 * 24 * 3600
PUBLISHED_FILTER = {"yes": True, "no": False}


def _storage(request) -> clips.Storage:
    return clips.Storage(uploads_dir=request.registry.lanta_settings.uploads_dir,
                         tm=request.tm, author=request.user,
                         max_video_bytes=videos.max_bytes(request.registry.settings))


def _clip_or_404(request) -> Clip:
    try:
        return clips.get(request.dbsession, int(request.matchdict["id"]))
    except (ValueError, NotFound):
        raise HTTPNotFound() from None


class ClipForm:
    """The form of a new clip or of a change to one."""

    def __init__(self, request, clip: Clip | None) -> None:
        self.request, self.clip = request, clip
        schema = clip_schema(editing=clip is not None and clip.poster_id is not None)
        bound = schema.bind(request=request,
                            partners=clips.activity_partners(request.dbsession),
                            max_video_bytes=_storage(request).max_video_bytes)
        self.form = deform.Form(bound, buttons=[deform.Button("save", _("Save"))],
                                formid="spectrospoke-clip-form")

    def save(self, data: dict[str, Any]):
        request = self.request
        clip_input, media = to_input(data)
        try:
            if self.clip is None:
                clip = clips.create(request.dbsession, clip_input, media, _storage(request))
            else:
                clip = clips.update(request.dbsession, self.clip.id, clip_input, media,
                                    _storage(request))
        except DomainError as exc:
            request.response.status = 400
            return render_with_error(self.form, renderable(data),
                                     _(exc.message, mapping=exc.mapping),
                                     error_field(exc, self.form))
        finally:
            for upload in (data.get("video"), data.get("poster")):
                if upload and not upload["fp"].closed:
                    upload["fp"].close()
        flash(request, _("Clip “${title}” saved.",
                         mapping={"title": clip.text_for("title", request.locale_name)}))
        return HTTPFound(request.route_url("spectrospoke.clips.list",
                                           _anchor=f"clip-{clip.id}"))

    def __call__(self, values: dict[str, Any]) -> HTTPFound | str:
        result, html = process_form(self.request, self.form, self.save, appstruct=values)
        _close_uploads(self.request)
        if isinstance(result, HTTPFound):
            return result
        if self.request.method == "POST":
            self.request.response.status = 400  # re-shown with the mistakes to correct
        return result or html


def _close_uploads(request) -> None:
    # A refused form never reads the video it was sent: its temporary file is closed now
    # rather than whenever it is garbage-collected.
    if request.method != "POST":
        return
    for value in request.POST.values():
        file = getattr(value, "file", None)
        if file is not None and not file.closed:
            file.close()


def _form_page(request, clip: Clip | None, values: dict[str, Any], title):
    shown = ClipForm(request, clip)(values)
    if isinstance(shown, HTTPFound):
        return shown
    poster = request.dbsession.get(StoredImage, clip.poster_id) \
        if clip is not None and clip.poster_id else None
    return {"form": shown, "clip": clip, "poster": poster, "confirm_delete": False,
            "picture": lambda image: picture(request, image, sizes="16rem", lazy=False),
            "video_src": clips.video_src(request, clip) if clip is not None else "",
            "back_url": request.route_url("spectrospoke.clips.list"),
            "admin_section": True, "page_title": title}


@view_config(route_name="spectrospoke.clips.list",
             renderer="lanta_spectrospoke:templates/clips_list.pt", permission=EDIT,
             request_method="GET")
def clips_list(request):
    dbsession, lang, params = request.dbsession, request.locale_name, request.GET
    partners = clips.activity_partners(dbsession)
    envie = params.get("envie", "") if params.get("envie") in ENVIE_LABELS else ""
    season = params.get("season", "") if params.get("season") in SEASONS else ""
    partner_id = next((p.id for p in partners if str(p.id) == params.get("partner")), None)
    published = params.get("published", "")
    published = published if published in PUBLISHED_FILTER else ""
    found = clips.list_for_office(dbsession, envie=envie, season=season,
                                  partner_id=partner_id,
                                  published=PUBLISHED_FILTER.get(published))
    names = {p.id: p.text("name", lang) for p in partners}
    return {"clips": found, "posters": clips.posters(dbsession, found),
            "picture": lambda image: picture(request, image, sizes="6rem"),
            "partner_names": names, "duration_text": clips.duration_text,
            "projection_labels": PROJECTION_LABELS, "fitness_labels": FITNESS_LABELS,
            "envie_labels": ENVIE_LABELS, "season_labels": SEASON_LABELS,
            "partners": sorted(names.items(), key=lambda choice: choice[1].lower()),
            "envie": envie, "season": season, "partner_id": partner_id,
            "published": published, "filtered": bool(envie or season or partner_id
                                                      or published),
            "admin_section": True, "page_title": _("Immersive clips")}


@view_config(route_name="spectrospoke.clips.add", renderer=FORM, permission=EDIT,
             request_method=("GET", "POST"))
def clip_add(request):
    values = {"projection": "360_mono", "fitness": "easy"}
    return _form_page(request, None, values, _("New immersive clip"))


@view_config(route_name="spectrospoke.clips.edit", renderer=FORM, permission=EDIT,
             request_method=("GET", "POST"))
def clip_edit(request):
    clip = _clip_or_404(request)
    poster = request.dbsession.get(StoredImage, clip.poster_id) if clip.poster_id else None
    return _form_page(request, clip, appstruct(clip, poster.alt if poster else ""),
                      _("Edit the clip “${title}”",
                        mapping={"title": clip.text_for("title", request.locale_name)}))


@view_config(route_name="spectrospoke.clips.delete", renderer=FORM, permission=EDIT,
             request_method=("GET", "POST"))
def clip_delete(request):
    """GET asks for confirmation; POST deletes, or unpublishes a clip that has bookings."""
    clip = _clip_or_404(request)
    title = clip.text_for("title", request.locale_name)
    list_url = request.route_url("spectrospoke.clips.list")
    refusal = None
    if request.method == "POST" and "unpublish" in request.POST:
        clips.set_published(request.dbsession, clip.id, False)
        flash(request, _("Clip “${title}” unpublished: headsets no longer show it.",
                         mapping={"title": title}))
        return HTTPFound(list_url)
    if request.method == "POST":
        try:
            clips.delete(request.dbsession, clip.id, _storage(request))
        except Conflict as exc:
            request.response.status = exc.status
            refusal = _(exc.message, mapping=exc.mapping)
        else:
            flash(request, _("Clip “${title}” deleted.", mapping={"title": title}))
            return HTTPFound(list_url)
    return {"clip": clip, "confirm_delete": True, "refusal": refusal, "form": None,
            "poster": None, "video_src": "",
            "bookings": clips.bookings_count(request.dbsession, clip.id),
            "back_url": list_url, "admin_section": True,
            "page_title": _("Delete the clip “${title}”", mapping={"title": title})}


@view_config(route_name="spectrospoke.video", permission="view",
             request_method=("GET", "HEAD"))
def video_file(request):
    """A stored video, with ``Range`` answered by 206 and the bytes asked for."""
    name = request.matchdict["name"]
    path = videos.stored_path(request.registry.lanta_settings.uploads_dir, name)
    if path is None:
        raise HTTPNotFound()
    response = FileResponse(str(path), request=request,
                            content_type=videos.media_type_of(name))
    response.conditional_response = True
    response.accept_ranges = "bytes"
    response.cache_control = f"public, max-age={ONE_YEAR}, immutable"
    return response

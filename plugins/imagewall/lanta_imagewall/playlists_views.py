"""The playlists' office pages (``imagewall.manage``): thin views over
:mod:`.services.playlists`.

A refused form comes back with its message beside the field, the values typed and the
status 400; nothing is stored. Deleting asks first (GET), then deletes (POST).
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther, HTTPNotFound
from pyramid.view import view_config
from translationstring import TranslationString

from lanta.forms import flash
from lanta.labels import ENVIE_LABELS
from lanta.models import utcnow
from lanta.services.errors import InvalidField

from . import MANAGE
from .i18n import DOMAIN, _
from .models import KINDS, Playlist
from .playlists import KIND_LABELS, ORDER_LABELS, TEMPLATES, rules_summary
from .services import places
from .services import playlists as service

MAX_ID = 2**31 - 1
NEW_VALUES = {"name": "", "slug": "", "featured_only": False, "recent_days": "0",
              "tags": [], "partner_ids": [], "kinds": list(KINDS), "max_items": "100",
              "photo_seconds": "8", "item_order": "featured_first"}


def _message(error: InvalidField) -> TranslationString:
    return TranslationString(error.message, domain=getattr(error.message, "domain", None)
                             or DOMAIN, mapping=error.mapping)


def screen_url(request, playlist: Playlist) -> str:
    lang = (request.site.languages or ["fr"])[0]
    return request.route_url("imagewall.screen", lang=lang, slug=playlist.slug)


@view_config(route_name="imagewall.playlists.list", permission=MANAGE, request_method="GET",
             renderer=TEMPLATES + "playlists_list.pt")
def playlists_list(request):
    now, dbsession = utcnow(), request.dbsession
    rows = [{"playlist": playlist, "summary": rules_summary(request, playlist),
             "screen_url": screen_url(request, playlist),
             "count": len(service.items_for(dbsession, playlist, now))}
            for playlist in service.all_playlists(dbsession)]
    return {"admin_section": True, "page_title": _("Screens and web TV"), "rows": rows,
            "feed_url": request.route_url("imagewall.api.playlists")}


def _posted(request) -> dict:
    post = request.POST
    return {"name": post.get("name", ""), "slug": post.get("slug", "").strip(),
            "featured_only": post.get("featured_only") == "1",
            "recent_days": post.get("recent_days", "").strip(),
            "tags": post.getall("tags"), "partner_ids": post.getall("partner_ids"),
            "kinds": post.getall("kinds"), "max_items": post.get("max_items", "").strip(),
            "photo_seconds": post.get("photo_seconds", "").strip(),
            "item_order": post.get("item_order", "")}


def _values_of(playlist: Playlist) -> dict:
    return {"name": playlist.name, "slug": playlist.slug,
            "featured_only": playlist.featured_only,
            "recent_days": str(playlist.recent_days), "tags": list(playlist.tags or ()),
            "partner_ids": [str(i) for i in playlist.partner_ids or ()],
            "kinds": list(playlist.kinds or ()), "max_items": str(playlist.max_items),
            "photo_seconds": str(playlist.photo_seconds), "item_order": playlist.item_order}


def _kept_partners(playlist: Playlist | None, values: dict) -> set[int]:
    """The listings the form must keep offering even unpublished: those the playlist
    already names, and those just posted (a refused form shows them again)."""
    kept = {int(i) for i in values["partner_ids"] if str(i).isdigit() and int(i) <= MAX_ID}
    return kept | {int(i) for i in (playlist.partner_ids if playlist else None) or ()}


def _form_page(request, playlist: Playlist | None, values: dict, errors: dict) -> dict:
    lang = request.locale_name
    title = (_("New playlist") if playlist is None else
             _("Playlist ${name}", mapping={"name": playlist.name}))
    return {"admin_section": True, "page_title": title, "playlist": playlist,
            "values": values, "errors": errors, "confirm_delete": False,
            "envie_labels": ENVIE_LABELS, "kind_labels": KIND_LABELS,
            "order_labels": ORDER_LABELS,
            "partners": places.partner_choices(request.dbsession, lang,
                                               keep=_kept_partners(playlist, values)),
            "selected_partners": {str(i) for i in values["partner_ids"]},
            "screen_url": screen_url(request, playlist) if playlist is not None else None,
            "back_url": request.route_url("imagewall.playlists.list")}


def _save(request, playlist: Playlist | None):
    values = _posted(request)
    try:
        if playlist is None:
            playlist = service.create(request.dbsession, values)
            flash(request, _("The playlist is created: open its screen address on the "
                             "screen."))
        else:
            service.update(request.dbsession, playlist, values)
            flash(request, _("The playlist is saved; its screens pick up the change "
                             "within a minute."))
    except InvalidField as error:
        request.response.status = 400
        return _form_page(request, playlist, values, {error.on: _message(error)})
    return HTTPSeeOther(request.route_url("imagewall.playlists.list"))


@view_config(route_name="imagewall.playlists.add", permission=MANAGE,
             request_method=("GET", "POST"), renderer=TEMPLATES + "playlist_form.pt")
def playlist_add(request):
    if request.method == "POST":
        return _save(request, None)
    return _form_page(request, None, dict(NEW_VALUES), {})


def _playlist(request) -> Playlist:
    playlist_id = int(request.matchdict["id"])
    playlist = service.by_id(request.dbsession, playlist_id) if playlist_id <= MAX_ID else None
    if playlist is None:
        raise HTTPNotFound()
    return playlist


@view_config(route_name="imagewall.playlists.edit", permission=MANAGE,
             request_method=("GET", "POST"), renderer=TEMPLATES + "playlist_form.pt")
def playlist_edit(request):
    playlist = _playlist(request)
    if request.method == "POST":
        return _save(request, playlist)
    return _form_page(request, playlist, _values_of(playlist), {})


@view_config(route_name="imagewall.playlists.delete", permission=MANAGE,
             request_method=("GET", "POST"), renderer=TEMPLATES + "playlist_form.pt")
def playlist_delete(request):
    """GET asks; POST with ``delete`` deletes (the items stay on the wall)."""
    playlist = _playlist(request)
    if request.method == "POST" and "delete" in request.POST:
        name = playlist.name
        service.delete(request.dbsession, playlist)
        flash(request, _("The playlist ${name} is deleted.", mapping={"name": name}))
        return HTTPSeeOther(request.route_url("imagewall.playlists.list"))
    page = _form_page(request, playlist, _values_of(playlist), {})
    page.update(confirm_delete=True,
                page_title=_("Delete the playlist ${name}?", mapping={"name": playlist.name}))
    return page

"""The office's playlists (``imagewall.manage``): the list with each screen's address,
the form to add or edit one, the deletion; and the public feed of playlists
(``/api/v1/imagewall/playlists``) that screens and third-party signage players read.

Views live in :mod:`.playlists_views` (staff pages) and :mod:`.playlists_api_views`
(the feed); the rules are applied by :mod:`.services.playlists`; the OpenAPI
description of the feed is :data:`.playlists_openapi.PATHS`. This module holds the
admin menu entry "Screens and web TV" and the labels the pages share.
"""
from __future__ import annotations

from lanta.addon_api import AdminMenuEntry
from lanta.labels import ENVIE_LABELS

from . import MANAGE
from .i18n import ADMIN_SECTION, _
from .models import KINDS, Playlist

TEMPLATES = "lanta_imagewall:templates/"
KIND_LABELS = {"photo": _("Photos"), "clip": _("Clips"),
               "webcam_image": _("Webcams (still images)"),
               "webcam_stream": _("Webcams (live video)")}
ORDER_LABELS = {"featured_first": _("Featured first, then newest"),
                "newest": _("Newest first"),
                "shuffle": _("Shuffled (the same order all day on every screen)")}


def includeme(config) -> None:
    config.scan(".playlists_views")
    config.scan(".playlists_api_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Screens and web TV"),
                           request.route_url("imagewall.playlists.list"), MANAGE,
                           order=96, name="imagewall.playlists", section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list:
    return []


def rules_summary(request, playlist: Playlist) -> list[str]:
    """The playlist's rules in short translated phrases, for the list page."""
    translate = request.localizer.translate

    def names(labels: dict, codes) -> str:
        return ", ".join(translate(labels[code]) for code in codes if code in labels)

    parts = []
    if set(playlist.kinds or ()) != set(KINDS):
        parts.append(names(KIND_LABELS, playlist.kinds))
    if playlist.featured_only:
        parts.append(_("featured only"))
    if playlist.recent_days:
        parts.append(_("approved within ${days} days (featured: any age)",
                       mapping={"days": playlist.recent_days}))
    if playlist.tags:
        parts.append(_("activities: ${names}",
                       mapping={"names": names(ENVIE_LABELS, playlist.tags)}))
    if playlist.partner_ids:
        parts.append(_("places chosen: ${count}", mapping={"count": len(playlist.partner_ids)}))
    parts.append(_("${count} items at most", mapping={"count": playlist.max_items}))
    parts.append(_("${seconds} s per photo", mapping={"seconds": playlist.photo_seconds}))
    parts.append(ORDER_LABELS[playlist.item_order])
    return [translate(part) for part in parts]

"""The clip catalogue's office pages (editors): the list, the form, the deletion, the
video files; the admin menu entry "Immersive clips" and the dashboard widget (clips
published, those whose last day is near). The views live in :mod:`.clips_views`.
"""
from __future__ import annotations

from markupsafe import Markup

from lanta.addon_api import AdminMenuEntry, DashboardWidget

from .i18n import ADMIN_SECTION, _
from .services import clips, slots

EDIT = "spectrospoke.edit"
EXPIRING_DAYS = 30


def includeme(config) -> None:
    """This module's views (the routes are in :mod:`.routes`)."""
    config.scan(".clips_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Immersive clips"), request.route_url("spectrospoke.clips.list"),
                           EDIT, order=90, name="spectrospoke.clips", section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"Immersive clips": how many are published, and those whose last day falls within
    the next 30 days (so that the editor renews their rights or replaces them)."""
    if not request.has_permission(EDIT):
        return []  # the core would drop it too; this spares the queries
    dbsession, translate = request.dbsession, request.localizer.translate
    count = clips.published_count(dbsession)
    expiring = clips.expiring(dbsession, slots.office_today(), EXPIRING_DAYS)
    parts = [Markup('<p data-spectrospoke-published="{}">{}</p>').format(
        count, translate(_("Published clips: ${count}", mapping={"count": count})))]
    if expiring:
        parts.append(Markup("<p>{}</p><ul data-spectrospoke-expiring=\"{}\">").format(
            translate(_("Shown for the last days:")), len(expiring)))
        for clip in expiring:
            parts.append(Markup('<li><a href="{}">{}</a> — {}</li>').format(
                request.route_url("spectrospoke.clips.edit", id=clip.id),
                clip.text_for("title", request.locale_name),
                translate(_("until ${day}", mapping={"day": clip.valid_until.isoformat()}))))
        parts.append(Markup("</ul>"))
    parts.append(Markup('<p><a href="{}">{}</a></p>').format(
        request.route_url("spectrospoke.clips.list"), translate(_("See the clips"))))
    return [DashboardWidget(_("Immersive clips"), Markup("").join(parts), permission=EDIT,
                            order=90)]

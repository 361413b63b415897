"""How the catalogue's words read, translated: projections, fitness levels, seasons.
Shared by the editors' form, the office's list and the kiosk."""
from __future__ import annotations

from .i18n import _

PROJECTION_LABELS = {
    "360_mono": _("360° (one picture for both eyes)"),
    "360_stereo_tb": _("360° in relief (left eye above, right eye below)"),
    "180_sbs": _("180° in relief (eyes side by side)"),
    "flat": _("Flat film (no headset needed)"),
}
FITNESS_LABELS = {"easy": _("Easy"), "moderate": _("Moderate"), "demanding": _("Demanding")}
SEASON_LABELS = {"spring": _("Spring"), "summer": _("Summer"), "autumn": _("Autumn"),
                 "winter": _("Winter")}

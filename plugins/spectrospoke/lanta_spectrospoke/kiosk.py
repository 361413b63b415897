"""The headset kiosk: the catalogue made for headsets and tablets, and the 360° player.

Pages (all ``view``, no login; gated: 404 while the add-on is disabled; views in
:mod:`.kiosk_views`): ``spectrospoke.kiosk`` (sends the headset to the catalogue in its
browser's language), ``spectrospoke.kiosk.catalogue``, ``spectrospoke.kiosk.clip`` and
``spectrospoke.kiosk.started`` and ``spectrospoke.kiosk.viewed`` (the player's "began"
and "watched to the end", POST; pages read, only these posts and the booking form write:
see :mod:`.kiosk_views`). The secret
token in every address is the headset's: it ties each view (and, through the booking
form, each booking) to the headset's hotel.

The add-on's static files (the player, its stylesheet and the three.js copy under
``static/vendor/``, made by ``make node-tools``) are served under
``/spectrospoke/static/``.
"""
from __future__ import annotations

from lanta.addon_api import AdminMenuEntry, DashboardWidget

from .i18n import _

STATIC_NAME = "spectrospoke/static"
KIOSK_LANGUAGES: tuple[str, ...] = ("fr", "en")
# The token in the address is the headset's key: no cache may keep a page, no other
# site may learn the address, no search engine may list it. "same-origin" rather than
# "no-referrer": under the latter browsers post forms with "Origin: null", which the
# CSRF origin check refuses over HTTPS; the address still never leaves the site.
KIOSK_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin",
                 "X-Robots-Tag": "noindex"}


def duration_text(seconds: int):
    """A clip's length as a guest reads it ("45 s", "3 min"), None when unknown."""
    if not seconds:
        return None
    if seconds < 60:
        return _("${seconds} s", mapping={"seconds": seconds})
    return _("${minutes} min", mapping={"minutes": round(seconds / 60)})


def includeme(config) -> None:
    config.add_static_view(STATIC_NAME, "lanta_spectrospoke:static", permission="view",
                           cache_max_age=3600)
    config.scan(".kiosk_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return []


def dashboard_widgets(request) -> list[DashboardWidget]:
    return []

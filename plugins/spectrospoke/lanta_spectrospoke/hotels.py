"""The office's pages of partner hotels and their headsets (``spectrospoke.manage``).

Routes (names in :mod:`.routes`): ``spectrospoke.hotels.list`` (the hotels; sign one
up), ``spectrospoke.hotels.edit`` (default rate, note, rates per activity, headsets),
``spectrospoke.headsets.add`` / ``.renew`` / ``.remove``. The views live in
:mod:`.hotels_views`; this module holds the menu entry and what the pages share.
"""
from __future__ import annotations

from babel.numbers import format_percent

from lanta.addon_api import AdminMenuEntry
from lanta.reporting import OFFICE_TZ

from . import MANAGE
from .i18n import ADMIN_SECTION, _
from .models import BASIS_POINTS

TEMPLATES = "lanta_spectrospoke:templates/"


def includeme(config) -> None:
    config.scan(".hotels_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [AdminMenuEntry(_("Hotels and headsets"),
                           request.route_url("spectrospoke.hotels.list"), MANAGE,
                           order=93, name="spectrospoke.hotels.list", section=ADMIN_SECTION)]


def dashboard_widgets(request) -> list:
    return []


def percent(basis_points: int, locale: str) -> str:
    """Basis points as a percentage in the page's language ("7,5 %", "7.5%")."""
    return format_percent(basis_points / BASIS_POINTS, locale=locale,
                          decimal_quantization=False)


def local_time(moment) -> str:
    """An aware instant in office time, to the minute ("" for none)."""
    return moment.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M") if moment else ""


def no_store(request) -> None:
    """Keep the answer out of every cache: it may show a kiosk address, a secret."""
    request.response.headers["Cache-Control"] = "no-store"

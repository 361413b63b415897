"""The full-screen player of the oasis screens and the web TV (``imagewall.screen``,
public ``view``): a black page without the site's chrome that plays a playlist in a
loop, reading the playlist's feed (:mod:`.playlists_api_views`) and polling it, so that
newly approved items come in without a reload. The view lives in
:mod:`.screens_views`; the player is ``static/screen.js``.

The add-on's static files (``screen.js``, ``screen.css``) are served by the static
view declared in :mod:`.routes`.
"""
from __future__ import annotations


def includeme(config) -> None:
    # The static view is declared once for all page modules, in routes.py.
    config.scan(".screens_views")


def menu_entries(request) -> list:
    return []


def dashboard_widgets(request) -> list:
    return []

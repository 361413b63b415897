"""The items' JSON feed (``/api/v1/imagewall/items``, ``…/items/{id}``), public: what
third-party signage players and the office's own screens read. The views live in
:mod:`.api_views`, their OpenAPI description in :mod:`.openapi`; the playlists' feed is
:mod:`.playlists`'.
"""
from __future__ import annotations


def includeme(config) -> None:
    config.scan(".api_views")


def menu_entries(request) -> list:
    return []


def dashboard_widgets(request) -> list:
    return []

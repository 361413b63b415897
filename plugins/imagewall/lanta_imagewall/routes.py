"""Every address of the add-on, in one place (the views live in the page modules).

Visitors' pages under ``/{lang}/wall/`` (the mosaic, an item, the contribution form,
the screens' full-screen player); office pages under ``/admin/imagewall/``; a partner's
webcams under ``/partner/{slug}/imagewall/``; clips' files under
``/imagewall/videos/{name}`` (photos and posters are the core's pictures,
``/media/images/…``); the JSON feed under ``/api/v1/imagewall/``.
"""
from __future__ import annotations

LANG = "/{lang:[a-z]{2}}"
WALL = f"{LANG}/wall"
ADMIN = "/admin/imagewall"
PARTNER = "/partner/{slug}/imagewall"
API = "/api/v1/imagewall"
ID = "{id:\\d+}"
SLUG = "{slug:[a-z0-9][a-z0-9-]{0,59}}"

ROUTES: tuple[tuple[str, str], ...] = (
    # Contributions (anyone, no account needed).
    ("imagewall.contribute", f"{WALL}/contribute"),
    ("imagewall.contribute.sent", f"{WALL}/contribute/sent"),
    # The public wall and one item.
    ("imagewall.wall", f"{WALL}/"),
    ("imagewall.item", f"{WALL}/{ID}"),
    ("imagewall.video", "/imagewall/videos/{name}"),
    # A screen's or the web TV's full-screen player, following a playlist.
    ("imagewall.screen", f"{WALL}/screens/{SLUG}"),
    # Moderation (editors and staff).
    ("imagewall.queue", f"{ADMIN}/"),
    ("imagewall.bulk", f"{ADMIN}/bulk"),
    ("imagewall.items.edit", f"{ADMIN}/items/{ID}"),
    ("imagewall.items.retry", f"{ADMIN}/items/{ID}/retry"),
    ("imagewall.items.delete", f"{ADMIN}/items/{ID}/delete"),
    ("imagewall.contributors", f"{ADMIN}/contributors"),
    ("imagewall.webcams.add", f"{ADMIN}/webcams/add"),
    # Playlists and figures (staff).
    ("imagewall.playlists.list", f"{ADMIN}/playlists/"),
    ("imagewall.playlists.add", f"{ADMIN}/playlists/add"),
    ("imagewall.playlists.edit", f"{ADMIN}/playlists/{ID}"),
    ("imagewall.playlists.delete", f"{ADMIN}/playlists/{ID}/delete"),
    ("imagewall.figures", f"{ADMIN}/figures"),
    # A partner's own webcams.
    ("imagewall.partner.webcams", f"{PARTNER}/webcams"),
    ("imagewall.partner.webcams.edit", f"{PARTNER}/webcams/{{id:\\d+}}"),
    ("imagewall.partner.webcams.delete", f"{PARTNER}/webcams/{{id:\\d+}}/delete"),
    # The JSON feed.
    ("imagewall.api.items", f"{API}/items"),
    ("imagewall.api.item", f"{API}/items/{ID}"),
    ("imagewall.api.playlists", f"{API}/playlists"),
    ("imagewall.api.playlist", f"{API}/playlists/{SLUG}"),
)


STATIC = "imagewall/static"


def includeme(config) -> None:
    for name, pattern in ROUTES:
        config.add_route(name, pattern)
    # The add-on's CSS and scripts, for every page module
    # (``request.static_url("lanta_imagewall:static/NAME")``).
    config.add_static_view(STATIC, "lanta_imagewall:static", permission="view",
                           cache_max_age=3600)

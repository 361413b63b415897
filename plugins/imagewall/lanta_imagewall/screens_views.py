"""The screen's page: the player's frame and what it needs (the feed's address, the
sentences it shows, the test overrides ``?poll=`` and ``?seconds=``). The items
themselves come from the feed, read by ``static/screen.js``."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from .i18n import _
from .services import playlists as service
from .wall import page_language

# The page is public but not for search engines: a screen's address is for screens.
# What an empty layer's image shows (an <img> must have a source): one clear pixel.
BLANK_IMAGE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
SCREEN_HEADERS = {"X-Robots-Tag": "noindex", "Cache-Control": "no-cache"}


def _override(request, name: str, lowest: int, highest: int) -> int | None:
    """A whole number of seconds from the query (for tests and trials), else None."""
    text = request.GET.get(name, "")
    if not text.isdigit():
        return None
    return max(lowest, min(highest, int(text)))


@view_config(route_name="imagewall.screen", permission="view", request_method="GET",
             renderer="lanta_imagewall:templates/screen.pt")
def screen(request):
    lang = page_language(request)
    playlist = service.by_slug(request.dbsession, request.matchdict["slug"])
    if playlist is None:
        raise HTTPNotFound()
    request.response.headers.update(SCREEN_HEADERS)
    translate = request.localizer.translate
    poll = _override(request, "poll", 1, 3600)
    seconds = _override(request, "seconds", 1, 600)
    return {
        "lang": lang, "page_title": playlist.name,
        "feed_url": request.route_url("imagewall.api.playlist", slug=playlist.slug,
                                      _query={"lang": lang}),
        "poll": poll or "", "blank": BLANK_IMAGE, "seconds": seconds or "",
        "texts": {
            # "{credit}" stays for the player to fill in.
            "photo": translate(_("Photo: ${credit}", mapping={"credit": "{credit}"})),
            "clip": translate(_("Video: ${credit}", mapping={"credit": "{credit}"})),
            "webcam": translate(_("Live: ${credit}", mapping={"credit": "{credit}"})),
        },
    }

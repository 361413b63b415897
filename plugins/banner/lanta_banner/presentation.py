"""How notices look: the per-language view of a notice and the HTML fragments of the hooks.

Fragments are Chameleon templates rendered through Pyramid, so a theme can override them
like any page (``templates/lanta_banner/…`` in the theme).
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup
from pyramid.renderers import render

from . import services
from .i18n import _

LEVEL_TITLES = {"info": _("Information"), "warning": _("Warning"), "alert": _("Alert")}
STYLESHEET = "lanta_banner:static/banner.css"
_CACHE_KEY = "lanta_banner.current"


def present(notice, lang: str) -> dict[str, Any]:
    """What a template needs of one notice in ``lang``; ``lang`` is the text's own."""
    text, text_lang = notice.text_for(lang)
    return {
        "id": notice.id,
        "level": notice.level,
        "level_title": LEVEL_TITLES[notice.level],
        # An alert interrupts a screen reader; the others wait politely.
        "role": "alert" if notice.level == "alert" else "status",
        "text": text,
        "lang": text_lang,
        "link": notice.link,
        "starts_at": services.format_local(notice.starts_at),
        "ends_at": services.format_local(notice.ends_at),
    }


def current_for_request(request) -> list:
    """Current notices, read once per request although several slots ask."""
    notices = request.environ.get(_CACHE_KEY)
    if notices is None:
        notices = services.current(request.dbsession)
        request.environ[_CACHE_KEY] = notices
    return notices


def shows_header(request) -> bool:
    """Public pages only: admin pages list notices themselves, and so does /{lang}/banner/."""
    route = getattr(request, "matched_route", None)
    if route is not None and route.name == "banner.public.list":
        return False
    return not request.path.startswith(("/admin/", "/api/"))


def fragment(template: str, request, **values: Any) -> Markup:
    return Markup(render(f"lanta_banner:templates/{template}", values, request=request))


def stylesheet_link(request) -> Markup:
    return Markup('<link rel="stylesheet" href="{}">').format(
        request.ui.asset_url(STYLESHEET))

"""What visitors see of the content tree: an item's page, a folder's contents, the news
list and its RSS and Atom feeds.

Editors see the latest revision of an item (a preview, with a notice) and items visitors
cannot see yet; visitors get 404 for those, as if they did not exist.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date
from feedgen.feed import FeedGenerator
from markupsafe import Markup
from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config
from sqlalchemy import select

from ..i18n import _, site_languages
from ..models import Partner, StoredImage
from ..services import content as content_service
from ..services import events as events_service
from .agenda import event_jsonld
from .content_resources import ROUTE, ContentResource, item_url
from .event_dates import local_day, when_text
from .paging import page_number
from .partner_jsonld import script_tag
from ..pictures import picture
from .public import check_language

NEWS_PAGE = 20
FEED_SIZE = 30
TYPE_LABELS = {
    "folder": _("Folder"),
    "page": _("Page"),
    "news": _("News"),
    "event": _("Event"),
}
STATE_LABELS = {
    "private": _("Private"),
    "pending": _("Waiting for review"),
    "published": _("Published"),
}

TRANSITION_LABELS = {
    "submit": _("Submit for review"),
    "withdraw": _("Withdraw the submission"),
    "publish": _("Publish"),
    "reject": _("Send back"),
    "unpublish": _("Unpublish"),
}


def can_edit(request, context=None) -> bool:
    return bool(request.has_permission("content.edit", context or request.context))


def set_translation_urls(request, item) -> None:
    """The language menu and hreflang links of a content page point at its translations
    (a language without one links to that language's home page)."""
    now = content_service.utc_now()
    request.translation_urls = {
        lang: item_url(request, other)
        for lang, other in content_service.translations(request.dbsession, item).items()
        if other.is_visible(now) or can_edit(request)}


def breadcrumbs(request, item) -> list[tuple[str, str | None]]:
    """(title, url) from the top-level item down; the item itself has no url."""
    now = content_service.utc_now()
    editor = can_edit(request)
    crumbs: list[tuple[str, str | None]] = []
    for ancestor in content_service.ancestors(request.dbsession, item):
        if ancestor.is_visible(now):
            crumbs.append((ancestor.live_title, item_url(request, ancestor)))
        elif editor:
            crumbs.append((ancestor.title, item_url(request, ancestor)))
    return crumbs


@view_config(route_name=ROUTE, context=ContentResource, renderer="lanta:templates/content.pt",
             permission="view", request_method="GET")
def item_page(context, request):
    item = context.item
    dbsession = request.dbsession
    now = content_service.utc_now()
    editor = can_edit(request)
    if not item.is_visible(now) and not editor:
        raise HTTPNotFound()
    shown = content_service.revision(dbsession, item, None if editor else item.live_number)
    set_translation_urls(request, item)
    contents = []
    if item.type == "folder":
        contents = content_service.children(dbsession, item.language, item,
                                            now=None if editor else now)
    title = shown.title
    event = event_view(request, item, title, now) if item.type == "event" else None
    return {
        "item": item, "revision": shown, "title": title, "page_title": title,
        "lang": item.language, "crumbs": breadcrumbs(request, item), "contents": contents,
        "editor": editor, "visible": item.is_visible(now), "now": now,
        "type_labels": TYPE_LABELS, "state_labels": STATE_LABELS,
        "item_url": lambda i, view="", **q: item_url(request, i, view, **q),
        "date": lambda value: format_date(local_day(value), "long", locale=request.locale_name),
        "day": local_day,
        "actions": editor_actions(request, item) if editor else None,
        "event": event,
        "lead_picture": picture(request, request.dbsession.get(StoredImage, shown.image_id)
                                if shown.image_id else None,
                                sizes="(min-width: 72rem) 70rem, 100vw", lazy=False),
        "jsonld": (_news_jsonld(request, item, shown) if item.type == "news"
                   else event.jsonld if event is not None else None),
    }


class EventView:
    """An event's dates and place as its page shows them."""

    NEXT = 10

    def __init__(self, request, item, details, title: str, now) -> None:
        self.details = details
        found = events_service.occurrences_of(details, now, now + dt.timedelta(days=400), item)
        self.next = found[:self.NEXT]
        self.repeats = bool(details.recurrence)
        self.when = lambda occurrence: when_text(occurrence, item.language)
        partner = (request.dbsession.get(Partner, details.place_partner_id)
                   if details.place_partner_id else None)
        self.place_partner = partner if partner is not None and partner.published else None
        if self.place_partner is not None:
            self.place_partner_name = partner.text("name", item.language)
            self.place_partner_url = request.route_url("public.partner", lang=item.language,
                                                       slug=partner.slug)
        self.jsonld = event_jsonld(request, item, details, title)


def event_view(request, item, title: str, now) -> EventView | None:
    details = events_service.details_of(request.dbsession, item)
    return EventView(request, item, details, title, now) if details is not None else None


def _news_jsonld(request, item, shown):
    if item.first_published_at is None:
        return None
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": shown.title,
        "description": shown.description, "inLanguage": item.language,
        "datePublished": item.first_published_at.isoformat(),
        "dateModified": item.modified_at.isoformat(), "url": item_url(request, item),
        "publisher": {"@type": "Organization", "name": request.site.name},
    }
    return script_tag(data)


# --- news ----------------------------------------------------------------------------------


@view_config(route_name="public.news", renderer="lanta:templates/news.pt", permission="view",
             request_method="GET")
def news_list(request):
    lang = check_language(request)
    page = page_number(request)
    now = content_service.utc_now()
    items = content_service.visible(request.dbsession, now, language=lang, types=("news",),
                                    newest_first=True)
    pages = max(1, -(-len(items) // NEWS_PAGE))
    shown = items[(page - 1) * NEWS_PAGE: page * NEWS_PAGE]

    def page_url(number: int) -> str:
        return request.route_url("public.news", lang=lang,
                                 _query={"page": str(number)} if number > 1 else {})

    pictures = thumbnails(request, shown)
    return {"lang": lang, "items": shown, "page": page, "pages": pages, "page_url": page_url,
            "thumbnail": lambda item: pictures.get(item.id, ""),
            "page_title": _("News"),
            "item_url": lambda i: item_url(request, i),
            "date": lambda value: format_date(local_day(value), "long", locale=lang),
            "day": local_day,
            "feed_urls": _feed_urls(request, lang)}


def thumbnails(request, items) -> dict[int, Markup]:
    """The live pictures of listed items, read in one query, as card-sized markup."""
    ids = {i.live_image_id for i in items if i.live_image_id}
    found = {image.id: image for image in request.dbsession.scalars(
        select(StoredImage).where(StoredImage.id.in_(ids)))} if ids else {}
    return {i.id: picture(request, found[i.live_image_id], css_class="card__picture",
                          sizes="(min-width: 40rem) 20rem, 100vw")
            for i in items if i.live_image_id in found}


def _feed_urls(request, lang: str) -> dict[str, str]:
    return {kind: request.route_url("public.news.feed", lang=lang, kind=kind)
            for kind in ("atom", "rss")}


@view_config(route_name="public.news.feed", permission="view", request_method="GET")
def news_feed(request):
    lang = check_language(request)
    kind = request.matchdict["kind"]
    now = content_service.utc_now()
    items = content_service.visible(request.dbsession, now, language=lang, types=("news",),
                                    newest_first=True, limit=FEED_SIZE)
    translate = request.localizer.translate
    feed = FeedGenerator()
    feed.id(request.route_url("public.news", lang=lang))
    feed.title(f"{request.site.name} · {translate(_('News'))}")
    feed.subtitle(translate(_("The office's latest news")))
    feed.language(lang)
    feed.link(href=request.route_url("public.news", lang=lang), rel="alternate")
    feed.link(href=request.url, rel="self")
    feed.updated(max((i.first_published_at for i in items), default=now))
    for item in reversed(items):  # feedgen puts the last added first
        entry = feed.add_entry()
        url = item_url(request, item)
        entry.id(url)
        entry.title(item.live_title)
        entry.link(href=url)
        entry.summary(item.live_description or item.live_title)
        entry.published(item.first_published_at)
        entry.updated(item.first_published_at)
    if kind == "atom":
        body, content_type = feed.atom_str(pretty=True), "application/atom+xml"
    else:
        body, content_type = feed.rss_str(pretty=True), "application/rss+xml"
    return Response(body=body, content_type=content_type, charset="utf-8")


def editor_actions(request, item) -> dict[str, Any]:
    """What the editor bar of an item's page offers."""
    can_review = bool(request.has_permission("content.review"))
    have = content_service.translations(request.dbsession, item)
    return {
        "transitions": [(name, TRANSITION_LABELS[name]) for name in
                        content_service.allowed_transitions(item, can_review=can_review)],
        "missing_languages": [lang for lang in site_languages(request) if lang not in have],
        "can_delete": can_review,
        "state_label": STATE_LABELS[item.state],
    }

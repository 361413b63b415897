"""The visitor site's entry: ``/`` sends to the visitor's language, ``/{lang}/`` is home."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.view import view_config

from ..i18n import site_languages
from ..services import content as content_service
from ..services import events as events_service
from ..services.partner_vocabulary import ENVIES
from .event_dates import local_day, when_text
from .content_resources import item_url
from ..labels import ENVIE_LABELS

HOME_EVENTS = 4
HOME_EVENT_DAYS = 14
HOME_NEWS = 3


def check_language(request) -> str:
    lang = request.matchdict["lang"]
    if lang not in site_languages(request):
        raise HTTPNotFound()
    return lang


@view_config(route_name="public.root", permission="view", request_method="GET")
def root(request):
    return HTTPFound(request.route_url("public.home", lang=request.locale_name))


@view_config(route_name="public.home", renderer="lanta:templates/home.pt", permission="view",
             request_method="GET")
def home(request):
    lang = check_language(request)
    now = content_service.utc_now()
    upcoming, seen = [], set()
    for occurrence in events_service.agenda(request.dbsession, lang, now, now,
                                            now + dt.timedelta(days=HOME_EVENT_DAYS)):
        if occurrence.item.id not in seen and len(upcoming) < HOME_EVENTS:
            seen.add(occurrence.item.id)
            upcoming.append((occurrence.item.live_title, item_url(request, occurrence.item),
                             when_text(occurrence, lang)))
    news = content_service.visible(request.dbsession, now, language=lang, types=("news",),
                                   newest_first=True, limit=HOME_NEWS)
    return {"envie_tiles": [(e, ENVIE_LABELS[e]) for e in ENVIES],
            "upcoming": upcoming,
            "latest_news": [(n.live_title, item_url(request, n),
                             format_date(local_day(n.first_published_at), "long", locale=lang))
                            for n in news]}

"""The visitor site's entry: ``/`` sends to the visitor's language, ``/{lang}/`` is home."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.view import view_config

from ..i18n import site_languages
from ..services.partner_vocabulary import ENVIES
from .partner_labels import ENVIE_LABELS


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
    check_language(request)
    return {"envie_tiles": [(e, ENVIE_LABELS[e]) for e in ENVIES]}

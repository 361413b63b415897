"""The saved answers' pages (``chat.manage``): the list by language, a form to add or
change one, and deleting one.

Plain forms carrying the CSRF token: a refused form shows again with each message beside
its field (status 422) and nothing saved; a saved one redirects to the list.
"""
from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from lanta.forms import flash
from lanta.services.errors import NotFound

from . import MANAGE
from .i18n import _
from .inbox_present import id_or_404
from .models import BODY_MAX, SavedAnswer
from .services import saved_answers
from .services.saved_answers import TITLE_MAX, InvalidAnswer

LANGUAGE_NAMES = {"fr": "Français", "en": "English", "de": "Deutsch", "es": "Español",
                  "it": "Italiano", "nl": "Nederlands", "pt": "Português"}


def languages(request) -> list[str]:
    """The site's languages, French and English always among them."""
    found: list[str] = []
    for code in [*(request.site.languages or []), "fr", "en"]:
        if code not in found:
            found.append(code)
    return found


def _answer_or_404(request) -> SavedAnswer:
    try:
        return saved_answers.get(request.dbsession, id_or_404(request))
    except NotFound:
        raise HTTPNotFound() from None


@view_config(route_name="chat.answers", permission=MANAGE, request_method="GET",
             renderer="lanta_chat:templates/answers.pt")
def answers_list(request):
    found = saved_answers.by_language(request.dbsession)
    groups = [{"language": code, "name": LANGUAGE_NAMES.get(code, code),
               "answers": [a for a in found if a.language == code]}
              for code in languages(request)]
    # Answers in a language the site no longer offers stay listed, to be cleaned up.
    others = sorted({a.language for a in found} - set(languages(request)))
    groups += [{"language": code, "name": LANGUAGE_NAMES.get(code, code),
                "answers": [a for a in found if a.language == code]} for code in others]
    return {"groups": groups, "admin_section": True, "page_title": _("Saved answers")}


def _form(request, values: dict[str, Any], errors: dict[str, Any], answer=None,
          status: int = 200):
    response = render_to_response("lanta_chat:templates/answers_form.pt", {
        "values": values, "errors": errors, "answer": answer,
        "languages": [(c, LANGUAGE_NAMES.get(c, c)) for c in languages(request)],
        "title_max": TITLE_MAX, "body_max": BODY_MAX, "admin_section": True,
        "action": request.route_url("chat.answers.edit", id=answer.id) if answer
        else request.route_url("chat.answers.new"),
        "page_title": _("Change a saved answer") if answer else _("New saved answer"),
    }, request=request)
    response.status = status
    return response


def _posted(request) -> dict[str, str]:
    return {name: request.POST.get(name, "") for name in ("language", "title", "body")}


@view_config(route_name="chat.answers.new", permission=MANAGE,
             request_method=("GET", "POST"))
def answer_new(request):
    if request.method == "GET":
        lang = request.GET.get("language", "")
        return _form(request, {"language": lang if lang in languages(request) else
                               languages(request)[0], "title": "", "body": ""}, {})
    values = _posted(request)
    try:
        saved_answers.create(request.dbsession, values, languages(request))
    except InvalidAnswer as exc:
        return _form(request, values, exc.errors, status=exc.status)
    flash(request, _("Saved answer added."))
    return HTTPFound(request.route_url("chat.answers"))


@view_config(route_name="chat.answers.edit", permission=MANAGE,
             request_method=("GET", "POST"))
def answer_edit(request):
    answer = _answer_or_404(request)
    if request.method == "GET":
        return _form(request, {"language": answer.language, "title": answer.title,
                               "body": answer.body}, {}, answer)
    values = _posted(request)
    try:
        saved_answers.update(request.dbsession, answer, values, languages(request))
    except InvalidAnswer as exc:
        request.dbsession.refresh(answer)  # the list must not show the refused values
        return _form(request, values, exc.errors, answer, status=exc.status)
    flash(request, _("Saved answer changed."))
    return HTTPFound(request.route_url("chat.answers"))


@view_config(route_name="chat.answers.delete", permission=MANAGE, request_method="POST")
def answer_delete(request):
    answer = _answer_or_404(request)
    saved_answers.delete(request.dbsession, answer)
    flash(request, _("Saved answer deleted."))
    return HTTPFound(request.route_url("chat.answers"))

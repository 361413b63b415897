"""The public "become a tester" form (``/{lang}/reviews/apply``) and its thank-you page.

Anyone may apply; a logged-in person applies with their account (its address, and the
application is linked to it), unless that account is already a tester's. Refusals come
back on the form with nothing stored: 400 for a value to correct, 409 for an
application the office already has.
"""
from __future__ import annotations

import deform
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.view import view_config

from lanta.forms import make_form, process_form, render_with_error
from lanta.services.errors import DomainError

from .i18n import _
from .recruitment_forms import apply_schema, error_field
from .services import applications, testers


def check_language(request) -> str:
    lang = request.matchdict["lang"]
    if lang not in (request.site.languages or ["fr"]):
        raise HTTPNotFound()
    return lang


@view_config(route_name="reviews.apply", renderer="lanta_reviews:templates/apply.pt",
             permission="view", request_method=("GET", "POST"))
def apply(request):
    lang = check_language(request)
    user = request.user
    if user is not None and testers.tester_for_user(request.dbsession, user.id):
        return {"lang": lang, "form": None, "account": user, "already_tester": True,
                "page_title": _("Become one of our testers")}
    form = make_form(apply_schema(with_email=user is None), request, formid="apply-form",
                     buttons=(deform.Button("send", _("Send my application")),))

    def save(data):
        try:
            applications.submit(request.dbsession, applications.ApplicationInput(
                name=data["name"], email=user.email if user else data["email"],
                kind=data["kind"], interests=tuple(data["interests"]),
                languages=tuple(data["languages"]), motivation=data["motivation"],
                consent=data["consent"], user_id=user.id if user else None,
                site_languages=tuple(request.site.languages or ["fr"])))
        except DomainError as exc:
            request.response.status = exc.status
            return render_with_error(form, data, _(exc.message, mapping=exc.mapping),
                                     error_field(exc, form))
        return HTTPFound(request.route_url("reviews.apply.thanks", lang=lang))

    prefill = {"languages": {lang}}
    if user is not None:
        prefill["name"] = user.display_name
    result, html = process_form(request, form, save, appstruct=prefill)
    if isinstance(result, HTTPFound):
        return result
    if request.method == "POST" and request.response.status_int < 400:
        request.response.status = 400  # re-shown with the mistakes to correct
    return {"lang": lang, "form": result or html, "account": user, "already_tester": False,
            "page_title": _("Become one of our testers")}


@view_config(route_name="reviews.apply.thanks",
             renderer="lanta_reviews:templates/apply_thanks.pt", permission="view",
             request_method="GET")
def thanks(request):
    return {"lang": check_language(request), "page_title": _("Thank you")}

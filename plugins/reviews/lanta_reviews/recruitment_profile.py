"""The tester's own profile (``/reviews/my/profile``): the name shown
to visitors, a few words, interests and languages, and a photo (checked like any upload,
with its text alternative) that can be replaced or removed.

Two forms on one page: the profile and the photo; each refusal is shown on its own form
(400) with nothing saved.

The page asks only for a logged-in account (``account.edit``, which every logged-in role
holds) and a tester row, active or not: a tester the office deactivated keeps the right
to change or remove the public name, the text and the photo, though a partner account
then loses ``reviews.write``. An account without a tester row (the admin, a partner
that never applied) gets 404: there is no profile to edit.
"""
from __future__ import annotations

import itertools

import deform
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.view import view_config

from lanta.forms import flash, make_form, process_form, render_with_error
from lanta.pictures import picture
from lanta.services.errors import DomainError

from .i18n import _
from .recruitment_forms import PhotoSchema, ProfileSchema, error_field, renderable
from .recruitment_public import PROFILE_SIZES
from .services import testers

# Every logged-in account holds it (the core's grant to "authenticated").
OWN_ACCOUNT = "account.edit"



def _refusal(request, form, data, exc: DomainError):
    request.response.status = exc.status
    return render_with_error(form, renderable(data), _(exc.message, mapping=exc.mapping),
                             error_field(exc, form))


@view_config(route_name="reviews.profile", renderer="lanta_reviews:templates/profile.pt",
             permission=OWN_ACCOUNT, request_method=("GET", "POST"))
def my_profile(request):
    dbsession = request.dbsession
    tester = testers.tester_for_user(dbsession, request.user.id)
    if tester is None:
        raise HTTPNotFound()
    page_url = request.route_url("reviews.profile")

    if request.method == "POST" and request.POST.get("remove_photo"):
        testers.remove_photo(dbsession, tester)
        flash(request, _("Photo removed."))
        return HTTPFound(page_url + "#profile-photo")

    profile_form = make_form(ProfileSchema(), request, formid="profile-form",
                             buttons=(deform.Button("save", _("Save my profile")),))
    # Two forms on one page: the second numbers its fields apart from the first's.
    photo_form = make_form(PhotoSchema(), request, formid="photo-form",
                           counter=itertools.count(100), focus="off",
                           buttons=(deform.Button("save_photo", _("Save the photo")),))

    def save_profile(data):
        try:
            testers.update_profile(dbsession, tester, testers.ProfileInput(
                display_name=data["display_name"], bio=data["bio"],
                interests=tuple(data["interests"]), languages=tuple(data["languages"]),
                site_languages=tuple(request.site.languages or ["fr"])))
        except DomainError as exc:
            return _refusal(request, profile_form, data, exc)
        flash(request, _("Profile saved."))
        return HTTPFound(page_url)

    def save_photo(data):
        try:
            testers.set_photo(dbsession, request.registry.lanta_settings.uploads_dir,
                              tester, data["image"]["clean"], data["image_alt"],
                              author=request.user)
        except DomainError as exc:
            return _refusal(request, photo_form, data, exc)
        flash(request, _("Photo saved."))
        return HTTPFound(page_url + "#profile-photo")

    values = {"display_name": tester.display_name, "bio": tester.bio,
              "interests": set(tester.interests or ()),
              "languages": set(tester.languages or ())}
    shown = {}
    for name, form, save, appstruct in (("profile", profile_form, save_profile, values),
                                        ("photo", photo_form, save_photo, {})):
        result, html = process_form(request, form, save, appstruct=appstruct)
        if isinstance(result, HTTPFound):
            return result
        shown[name] = result or html
    if request.method == "POST" and request.response.status_int < 400:
        request.response.status = 400  # re-shown with the mistakes to correct
    lang = request.locale_name if request.locale_name in (request.site.languages or []) \
        else (request.site.languages or ["fr"])[0]
    return {"tester": tester, "profile_form": shown["profile"],
            "photo_form": shown["photo"],
            "photo": picture(request, testers.photo_of(dbsession, tester), sizes=PROFILE_SIZES,
                             css_class="tester-photo"),
            "public_url": request.route_url("reviews.testers.show", lang=lang,
                                            slug=tester.slug),
            "page_title": _("My tester profile")}

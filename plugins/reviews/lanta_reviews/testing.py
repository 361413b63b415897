"""The tester's own space (``/reviews/my/``, permission ``reviews.write``): the tests
they declared with the status of each review and claim, the declaration form (with its
receipt), the review form, and the receipt itself, served to its tester only.

Thin views over :mod:`.services.tests` and :mod:`.services.reviews`: the services check
every rule, a refusal is shown on the form with nothing written. A tester reaches only
their own tests: another's answers 404, as if it did not exist. (The office's access to
receipts and the claim of the office's share are other pages' work; this list shows
the claim's status.)
"""
from __future__ import annotations

from typing import Any

import deform
from pyramid.httpexceptions import HTTPBadRequest, HTTPFound, HTTPNotFound
from pyramid.view import view_config

from lanta.addon_api import AdminMenuEntry
from lanta.forms import flash, make_form, process_form, render_with_error
from lanta.labels import AUDIENCE_LABELS
from lanta.services.errors import DomainError, NotFound
from lanta.pictures import picture

from . import WRITE
from .i18n import _
from .receipt_files import receipt_response
from .services.seasons import format_euros
from .models import Test, Tester
from .services import reviews, tests
from .services.testers import tester_for_user
from .testing_forms import (
    PHOTO_SLOTS,
    review_appstruct,
    review_input,
    review_schema,
    visit_input,
    visit_schema,
)

REVIEW_LABELS = {
    "": _("Not written yet"),
    "pending": _("Waiting for moderation"),
    "published": _("Published"),
    "private": _("Private feedback to the office"),
    "rejected": _("Not accepted by the office"),
    "unpublished": _("Taken down by the office"),
}
THUMBNAIL_SIZES = "(min-width: 40em) 16rem, 100vw"
CLAIM_LABELS = {
    "none": _("No claim"),
    "submitted": _("Claim sent"),
    "approved": _("Claim approved"),
    "refused": _("Claim refused"),
    "paid": _("Paid"),
}


def includeme(config) -> None:
    """This module's routes and views."""
    config.add_route("reviews.my", "/reviews/my/")
    config.add_route("reviews.my.test_add", "/reviews/my/tests/add")
    config.add_route("reviews.my.review", "/reviews/my/tests/{id:\\d+}/review")
    config.add_route("reviews.my.receipt", "/reviews/my/tests/{id:\\d+}/receipt")
    config.scan(__name__)


def menu_entries(request) -> list[AdminMenuEntry]:
    # Testers never enter the admin area: "My tests" is their account link instead.
    return []


def dashboard_widgets(request) -> list:
    return []



def _tester(request) -> Tester | None:
    return tester_for_user(request.dbsession, request.user.id)


def _own_test_or_404(request, tester: Tester | None) -> Test:
    try:
        return tests.own_test(request.dbsession, tester, int(request.matchdict["id"]))
    except (ValueError, NotFound):
        raise HTTPNotFound() from None


def _uploads_dir(request):
    return request.registry.lanta_settings.uploads_dir


def _refused(request, form: deform.Form, data: dict[str, Any], exc: DomainError,
             files: tuple[str, ...]) -> str:
    """The form again with the service's refusal beside its field (or on top); files
    are asked for again, as an upload is not kept between requests."""
    request.response.status = exc.status
    field = getattr(exc, "on", None)
    field = {"amount_cents": "amount", "image_alt": "photo_1"}.get(field, field)
    values = {key: value for key, value in data.items() if key not in files
              and not key.startswith("photo_")}
    return render_with_error(form, values, _(exc.message, mapping=exc.mapping),
                             field if field in form.schema else None)


def _shown(request, result, html):
    if isinstance(result, HTTPFound):
        return result
    if request.method == "POST" and request.response.status_int < 400:
        request.response.status = 400  # re-shown with the mistakes to correct
    return result or html


@view_config(route_name="reviews.my", renderer="lanta_reviews:templates/my_tests.pt",
             permission=WRITE, request_method="GET")
def my_tests(request):
    tester = _tester(request)
    rows = tests.tests_of(request.dbsession, tester) if tester is not None else []
    lang = request.locale_name
    return {"tester": tester,
            "rows": [{"test": test, "partner_name": partner.text("name", lang),
                      "amount": format_euros(test.amount_cents),
                      "share": format_euros(test.office_share_cents),
                      "claimable": (tester.active and review is not None
                                    and test.claim_status == "none"
                                    and bool(test.receipt_name) and test.amount_cents > 0),
                      "review_status": review.status if review is not None else "",
                      "review_title": review.title if review is not None else "",
                      "editable": reviews.is_editable(review)}
                     for test, partner, review in rows],
            "review_labels": REVIEW_LABELS, "claim_labels": CLAIM_LABELS,
            "page_title": _("My tests")}


@view_config(route_name="reviews.my.test_add", renderer="lanta_reviews:templates/test_form.pt",
             permission=WRITE, request_method=("GET", "POST"))
def test_add(request):
    dbsession = request.dbsession
    tester = _tester(request)
    page = {"page_title": _("Declare a test"), "back_url": request.route_url("reviews.my"),
            "form": None, "refusal": None}
    try:
        tests.check_active(tester)
    except DomainError as exc:
        request.response.status = exc.status
        page["refusal"] = _(exc.message, mapping=exc.mapping)
        return page
    form = make_form(visit_schema(), request, formid="reviews-test-form",
                     buttons=(deform.Button("declare", _("Declare the test")),))

    def declare(data: dict[str, Any]):
        try:
            test = tests.declare(dbsession, _uploads_dir(request), tester, visit_input(data))
        except DomainError as exc:
            return _refused(request, form, data, exc, files=("receipt",))
        flash(request, _("Test declared. You can write your review now."))
        return HTTPFound(request.route_url("reviews.my.review", id=test.id))

    result, html = process_form(request, form, declare)
    page["form"] = _shown(request, result, html)
    return page if not isinstance(page["form"], HTTPFound) else page["form"]


@view_config(route_name="reviews.my.review", renderer="lanta_reviews:templates/review_form.pt",
             permission=WRITE, request_method=("GET", "POST"))
def review_write(request):
    dbsession = request.dbsession
    tester = _tester(request)
    test = _own_test_or_404(request, tester)
    review = reviews.review_of(dbsession, test)
    lang = request.locale_name
    partner_name = tests.partner_of(dbsession, test).text("name", lang)
    photos = reviews.photos_of(dbsession, review) if review is not None else []
    page = {"test": test, "review": review, "partner_name": partner_name,
            "photos": photos, "review_labels": REVIEW_LABELS, "form": None, "refusal": None,
            "amount": format_euros(test.amount_cents), "max_photos": reviews.MAX_PHOTOS,
            "back_url": request.route_url("reviews.my"),
            "page_url": request.route_url("reviews.my.review", id=test.id),
            "audience_labels": AUDIENCE_LABELS,
            "picture": lambda image: picture(request, image, sizes=THUMBNAIL_SIZES),
            "page_title": _("Your review of ${name}", mapping={"name": partner_name})}
    if request.method == "POST" and "remove_photo" in request.POST:
        return _remove_photo(request, tester, test, page)
    try:
        tests.check_active(tester)
        if not reviews.is_editable(review):
            return page  # the review as it stands, no form
    except DomainError as exc:
        request.response.status = exc.status
        page["refusal"] = _(exc.message, mapping=exc.mapping)
        return page
    slots = max(0, min(PHOTO_SLOTS, reviews.MAX_PHOTOS - len(photos)))
    languages = list(request.site.languages) or [request.locale_name]
    form = make_form(review_schema(photo_slots=slots), request, formid="reviews-review-form",
                     buttons=(deform.Button("send", _("Send the review")),))

    def send(data: dict[str, Any]):
        try:
            written = reviews.write(dbsession, _uploads_dir(request), tester, test.id,
                                    review_input(data), languages=languages)
        except DomainError as exc:
            return _refused(request, form, data, exc, files=())
        flash(request, _("Review sent: the office reads it before it is published.")
               if written.status == "pending" else
               _("Review sent to the office as private feedback: it is not published."))
        return HTTPFound(request.route_url("reviews.my", _anchor=f"test-{test.id}"))

    appstruct = review_appstruct(review) if review is not None else {
        "language": lang if lang in languages else languages[0]}
    result, html = process_form(request, form, send, appstruct=appstruct)
    shown = _shown(request, result, html)
    if isinstance(shown, HTTPFound):
        return shown
    page["form"] = shown
    return page


def _remove_photo(request, tester, test: Test, page: dict[str, Any]):
    try:
        photo_id = int(request.POST.get("remove_photo", ""))
    except ValueError:
        raise HTTPBadRequest() from None
    try:
        reviews.remove_photo(request.dbsession, tester, test.id, photo_id)
    except NotFound:
        raise HTTPBadRequest() from None
    except DomainError as exc:
        request.response.status = exc.status
        page["refusal"] = _(exc.message, mapping=exc.mapping)
        return page
    flash(request, _("Photo removed."))
    return HTTPFound(page["page_url"] + "#review-photos")


@view_config(route_name="reviews.my.receipt", permission=WRITE, request_method="GET")
def receipt(request):
    test = _own_test_or_404(request, _tester(request))
    return receipt_response(request, test)

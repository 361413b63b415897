"""A partner account's page of the published reviews of one of its listings
(``/partner/{slug}/reviews``, ``partner.self``), with a form to report each one to the
office. Another account's listing answers 404, as the core's partner space does."""
from __future__ import annotations

from typing import Any

from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from lanta.forms import flash
from lanta.services import partner_changes
from lanta.services.errors import DomainError, NotFound

from .i18n import _
from .moderation_views import rows
from .services import moderation, published

TEMPLATE = "lanta_reviews:templates/report_partner.pt"
PER_PAGE = 100


def _own_listing(request):
    try:
        return partner_changes.listing_of(request.dbsession, request.user,
                                          request.matchdict["slug"])
    except NotFound:
        raise HTTPNotFound() from None


def _page(request, partner, errors: dict[int, Any] | None = None,
          reasons: dict[int, str] | None = None) -> dict[str, Any]:
    reviews, total = published.recent(request.dbsession, partner_id=partner.id,
                                      per_page=PER_PAGE)
    return {"partner": partner, "rows": rows(request, reviews), "total": total,
            "errors": errors or {}, "reasons": reasons or {},
            "page_title": _("Reviews of ${name}",
                            mapping={"name": partner.text("name", request.locale_name)})}


@view_config(route_name="reviews.partner_reviews", permission="partner.self",
             request_method="GET", renderer=TEMPLATE)
def partner_reviews(request):
    return _page(request, _own_listing(request))


@view_config(route_name="reviews.partner_report", permission="partner.self",
             request_method="POST")
def partner_report(request):
    partner = _own_listing(request)
    try:
        review = moderation.get_review(request.dbsession, int(request.matchdict["id"]))
    except (ValueError, NotFound):
        raise HTTPNotFound() from None
    if review.partner_id != partner.id:
        raise HTTPNotFound()
    reason = request.POST.get("reason", "")
    try:
        moderation.report(request.dbsession, review, request.user, reason)
    except DomainError as exc:
        response = render_to_response(TEMPLATE, _page(
            request, partner, {review.id: _(exc.message, mapping=exc.mapping)},
            {review.id: reason}), request=request)
        response.status = exc.status
        return response
    flash(request, _("Report sent: the office will look at this review."))
    return HTTPFound(request.route_url("reviews.partner_reviews", slug=partner.slug,
                                       _anchor=f"review-{review.id}"))

"""The office's moderation pages (``reviews.moderate``): the queue, the private
feedback, the published reviews, the reports, a review's history; and the threshold
setting (``reviews.manage``).

Thin views over :mod:`.services.moderation`: a refused decision (no reason, a private
feedback to publish) re-shows the page with the message beside that review, with the
error's status, and nothing written. Every decision form carries ``seen``, the id of
the review's latest event when the page was made: a decision on a review changed since is
refused (409) and the page shows the review as it is now.
"""
from __future__ import annotations

import re
from typing import Any

from babel.dates import format_datetime
from pyramid.httpexceptions import HTTPBadRequest, HTTPFound, HTTPNotFound
from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid.renderers import render_to_response
from pyramid.view import view_config
from pyramid_mailer import get_mailer
from pyramid_mailer.message import Message
from sqlalchemy import select

from lanta.forms import flash
from lanta.models import User
from lanta.services.errors import DomainError, NotFound

from .display_present import rating_label
from .i18n import _
from .models import Review
from .services import moderation, published, settings
from .services.clock import OFFICE_TZ

MODERATE = "reviews.moderate"
MANAGE = "reviews.manage"
ACTION_LABELS = {
    "submitted": _("Submitted"),
    "kept_private": _("Kept as private feedback"),
    "approved": _("Approved and published"),
    "rejected": _("Rejected"),
    "unpublished": _("Unpublished"),
    "republished": _("Published again"),
    "reported": _("Reported by the partner"),
    "forwarded": _("Passed on to the partner"),
}
STATUS_LABELS = {
    "pending": _("Waiting for moderation"),
    "published": _("Published"),
    "private": _("Private feedback"),
    "rejected": _("Rejected"),
    "unpublished": _("Unpublished"),
}
REPORT_LABELS = {"open": _("Open"), "upheld": _("Upheld"), "dismissed": _("Dismissed")}
# Where each decision form comes from, so that a refusal re-shows that same page.
PAGES = ("moderation", "feedback", "published", "detail")



def _when(request, moment) -> str:
    return format_datetime(moment.astimezone(OFFICE_TZ), "d MMM y, HH:mm",
                           locale=request.locale_name) if moment else ""


def rows(request, reviews: list[Review]) -> list[dict[str, Any]]:
    """What the office's tables show of each review."""
    dbsession, lang = request.dbsession, request.locale_name
    testers = published.testers(dbsession, [r.tester_id for r in reviews])
    partners = published.partners(dbsession, [r.partner_id for r in reviews])
    photos = published.photos(dbsession, [r.id for r in reviews])
    latest = moderation.latest_events(dbsession, [r.id for r in reviews])
    found = []
    for review in reviews:
        tester, partner = testers.get(review.tester_id), partners.get(review.partner_id)
        found.append({
            "review": review,
            "tester": tester.display_name if tester else "",
            "partner": partner.text("name", lang) if partner else "",
            "partner_url": request.route_url("public.partner", lang=lang, slug=partner.slug)
            if partner else "",
            "rating_label": rating_label(review.rating),
            "status": STATUS_LABELS[review.status],
            "created": _when(request, review.created_at),
            "published": _when(request, review.published_at),
            "forwarded": _when(request, review.forwarded_at),
            "paragraphs": [p for p in review.text.split("\n") if p.strip()],
            "photos": [{"src": request.route_url("media.image", key=i.key,
                                                 name=f"{i.widths[0]}.jpg"),
                        "alt": i.alt} for i in photos.get(review.id, []) if i.widths],
            "detail_url": request.route_url("reviews.detail", id=review.id),
            "seen": latest.get(review.id, 0),
        })
    return found


def _page(request, name: str, review: Review | None = None,
          errors: dict[int, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """The template and values of one of the moderation pages."""
    dbsession = request.dbsession
    values: dict[str, Any] = {"errors": errors or {}, "admin_section": True,
                              "status_labels": STATUS_LABELS}
    if name == "moderation":
        values.update(rows=rows(request, moderation.by_status(dbsession, "pending")),
                      page_title=_("Reviews to moderate"))
        return "lanta_reviews:templates/moderation_queue.pt", values
    if name == "feedback":
        values.update(rows=rows(request, moderation.by_status(dbsession, "private",
                                                              newest_first=True)),
                      threshold=settings.threshold(dbsession),
                      page_title=_("Testers' private feedback"))
        return "lanta_reviews:templates/feedback_list.pt", values
    if name == "published":
        shown = (moderation.by_status(dbsession, "published", newest_first=True)
                 + moderation.by_status(dbsession, "unpublished", newest_first=True))
        values.update(rows=rows(request, shown), page_title=_("Published reviews"))
        return "lanta_reviews:templates/moderation_published.pt", values
    assert review is not None
    events = moderation.history(dbsession, review)
    actors = {u.id: u for u in dbsession.scalars(select(User).where(
        User.id.in_({e.actor_id for e in events if e.actor_id}))).all()} if events else {}
    values.update(
        row=rows(request, [review])[0],
        events=[{"event": e, "label": ACTION_LABELS.get(e.action, e.action),
                 "actor": (actors[e.actor_id].display_name or actors[e.actor_id].email)
                 if e.actor_id in actors else "", "at": _when(request, e.at)}
                for e in events],
        reports=[{"report": r, "status": REPORT_LABELS[r.status],
                  "at": _when(request, r.created_at)}
                 for r in moderation.reports_of(dbsession, review)],
        page_title=_("Review ${id}", mapping={"id": review.id}))
    return "lanta_reviews:templates/moderation_review.pt", values


def _id_or_404(request) -> int:
    """The id in the address; one no row can have (too many digits) is not found."""
    value = request.matchdict["id"]
    if not re.fullmatch(r"[0-9]{1,10}", value):
        raise HTTPNotFound()
    return int(value)


def _review_or_404(request, *, lock: bool = False) -> Review:
    try:
        return moderation.get_review(request.dbsession, _id_or_404(request), lock=lock)
    except NotFound:
        raise HTTPNotFound() from None


@view_config(route_name="reviews.moderation", permission=MODERATE, request_method="GET")
@view_config(route_name="reviews.feedback", permission=MODERATE, request_method="GET")
@view_config(route_name="reviews.published", permission=MODERATE, request_method="GET")
def review_list(request):
    name = request.matched_route.name.split(".", 1)[1]
    template, values = _page(request, name)
    return render_to_response(template, values, request=request)


@view_config(route_name="reviews.detail", permission=MODERATE, request_method="GET")
def review_detail(request):
    template, values = _page(request, "detail", _review_or_404(request))
    return render_to_response(template, values, request=request)


def _forward_mail(request, review: Review, recipients: list[str]) -> None:
    """The feedback in the site's first language: the partner's own is not known, and
    the moderator's may not be the partner's."""
    dbsession = request.dbsession
    lang = (request.site.languages or ["fr"])[0]
    localizer = make_localizer(lang, request.registry.queryUtility(
        ITranslationDirectories, default=[]))
    partner = published.partners(dbsession, [review.partner_id])[review.partner_id]
    names = {"name": partner.text("name", lang), "site": request.site.name}
    subject = localizer.translate(_("A tester's feedback about ${name}", mapping=names))
    intro = localizer.translate(_(
        "One of the official testers of ${site} visited ${name}. The review was not "
        "published: the office passes it on to you so that you know how the visit went.",
        mapping=names))
    rating = localizer.translate(_("Rating: ${rating}",
                                   mapping={"rating": localizer.translate(
                                       rating_label(review.rating))}))
    body = "\n\n".join([intro, rating, review.title, review.text,
                        "-- \n" + request.site.name]) + "\n"
    get_mailer(request).send(Message(subject=" ".join(subject.split()),
                                     recipients=recipients, body=body))


DONE = {
    "approve": _("Review approved: it is published now."),
    "reject": _("Review rejected: the reason is kept in its history."),
    "unpublish": _("Review unpublished: the reason is kept in its history."),
    "republish": _("Review published again."),
    "forward": _("Feedback passed on to the partner."),
}


@view_config(route_name="reviews.decide", permission=MODERATE, request_method="POST")
def decide(request):
    review = _review_or_404(request, lock=True)
    action = request.POST.get("action", "")
    back = request.POST.get("back", "moderation")
    seen = request.POST.get("seen", "")
    if action not in DONE or back not in PAGES or not re.fullmatch(r"[0-9]{1,10}", seen):
        raise HTTPBadRequest()
    dbsession, actor, seen = request.dbsession, request.user.id, int(seen)
    reason = request.POST.get("reason", "")
    try:
        if action == "approve":
            moderation.approve(dbsession, review, actor, seen=seen)
        elif action == "reject":
            moderation.reject(dbsession, review, actor, reason, seen=seen)
        elif action == "unpublish":
            moderation.unpublish(dbsession, review, actor, reason, seen=seen)
        elif action == "republish":
            moderation.republish(dbsession, review, actor, seen=seen)
        else:
            _forward_mail(request, review,
                          moderation.forward(dbsession, review, actor, seen=seen))
    except DomainError as exc:
        template, values = _page(request, back, review, errors={
            review.id: _(exc.message, mapping=exc.mapping)})
        response = render_to_response(template, values, request=request)
        response.status = exc.status
        return response
    flash(request, DONE[action])
    url = request.route_url("reviews.detail", id=review.id) if back == "detail" \
        else request.route_url(f"reviews.{back}", _anchor=f"review-{review.id}")
    return HTTPFound(url)


# --- reports ---------------------------------------------------------------------------------


def _reports_page(request, errors: dict[int, Any] | None = None) -> dict[str, Any]:
    dbsession = request.dbsession
    reports = moderation.open_reports(dbsession)
    reviews = {r.id: r for r in dbsession.scalars(select(Review).where(
        Review.id.in_({rep.review_id for rep in reports}))).all()} if reports else {}
    reporters = {u.id: u for u in dbsession.scalars(select(User).where(
        User.id.in_({rep.reporter_id for rep in reports if rep.reporter_id}))).all()} \
        if reports else {}
    review_rows = {row["review"].id: row for row in rows(request, list(reviews.values()))}
    return {"items": [{"report": rep, "row": review_rows[rep.review_id],
                       "reporter": reporters[rep.reporter_id].email
                       if rep.reporter_id in reporters else "",
                       "at": _when(request, rep.created_at)} for rep in reports],
            "errors": errors or {}, "admin_section": True,
            "page_title": _("Reports on reviews")}


@view_config(route_name="reviews.reports", permission=MODERATE, request_method="GET",
             renderer="lanta_reviews:templates/moderation_reports.pt")
def reports_list(request):
    return _reports_page(request)


@view_config(route_name="reviews.report_decide", permission=MODERATE, request_method="POST")
def report_decide(request):
    dbsession = request.dbsession
    try:
        report = moderation.get_report(dbsession, _id_or_404(request))
    except NotFound:
        raise HTTPNotFound() from None
    decision = request.POST.get("decision", "")
    try:
        if decision == "dismiss":
            moderation.dismiss(dbsession, report, request.user.id)
            message = _("Report dismissed: the review stays online.")
        elif decision == "uphold":
            moderation.uphold(dbsession, report, request.user.id,
                              request.POST.get("reason", ""))
            message = _("Report upheld: the review is unpublished.")
        else:
            raise HTTPBadRequest()
    except DomainError as exc:
        response = render_to_response(
            "lanta_reviews:templates/moderation_reports.pt",
            _reports_page(request, {report.id: _(exc.message, mapping=exc.mapping)}),
            request=request)
        response.status = exc.status
        return response
    flash(request, message)
    return HTTPFound(request.route_url("reviews.reports"))


# --- the threshold ---------------------------------------------------------------------------


@view_config(route_name="reviews.settings", permission=MANAGE,
             request_method=("GET", "POST"),
             renderer="lanta_reviews:templates/moderation_settings.pt")
def settings_page(request):
    dbsession = request.dbsession
    error = None
    value = str(settings.threshold(dbsession))
    if request.method == "POST":
        value = request.POST.get("threshold", "").strip()
        # ASCII digits only: "²" is a digit to str.isdigit but not to int().
        if re.fullmatch(r"[0-9]{1,3}", value) and 1 <= int(value) <= 5:
            try:
                settings.set_threshold(dbsession, int(value))
            except DomainError as exc:
                error = _(exc.message, mapping=exc.mapping)
            else:
                flash(request, _("Threshold saved: it applies to the reviews written "
                                  "from now on; a review waiting for moderation and rated "
                                  "under it can only be rejected."))
                return HTTPFound(request.route_url("reviews.settings"))
        else:
            error = _("Enter a whole number from 1 to 5.")
            value = value[:10]  # shown back in the field; a long paste is cut
        request.response.status = 400
    return {"threshold": value, "error": error, "admin_section": True,
            "page_title": _("Reviews settings")}

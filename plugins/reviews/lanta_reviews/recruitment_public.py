"""The public pages of testers: the list of active testers (``/{lang}/reviews/testers/``)
and one tester's profile (``/{lang}/reviews/testers/{slug}``) with their badges and
published reviews. A tester the office deactivated keeps a readable profile (their
reviews stay published); an unknown address answers 404.

The reviews are a plain list here (partner, title, rating, date): the full review markup
belongs to the display pages.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config
from sqlalchemy import select

from lanta.labels import ENVIE_LABELS
from lanta.models import Partner, StoredImage
from lanta.pictures import picture
from lanta.services.errors import NotFound

from .i18n import _
from .models import Review
from .recruitment_apply import check_language
from .recruitment_forms import TESTER_KIND_LABELS, language_name
from .services import badges, testers

STYLESHEET = "lanta_reviews:static/reviews.css"
PROFILE_SIZES = "(min-width: 40em) 12rem, 50vw"


def published_reviews(dbsession, tester_id: int, lang: str) -> list[dict]:
    """The tester's published reviews, latest first, with their partner's name."""
    rows = dbsession.execute(
        select(Review, Partner).join(Partner, Partner.id == Review.partner_id)
        .where(Review.tester_id == tester_id, Review.status == "published",
               Partner.published.is_(True))
        .order_by(Review.published_at.desc(), Review.id.desc())).all()
    return [{"review": review, "partner": partner, "partner_name": partner.text("name", lang),
             "partner_slug": partner.slug,
             "published_at": review.published_at or review.created_at}
            for review, partner in rows]


@view_config(route_name="reviews.testers.list",
             renderer="lanta_reviews:templates/tester_list.pt", permission="view",
             request_method="GET")
def testers_list(request):
    lang = check_language(request)
    dbsession = request.dbsession
    active = testers.list_active(dbsession)
    photos = {image.id: image for image in dbsession.scalars(select(StoredImage).where(
        StoredImage.id.in_([t.photo_id for t in active if t.photo_id])))} if active else {}
    return {"lang": lang, "testers": active, "kind_labels": TESTER_KIND_LABELS,
            "photo": lambda t: picture(request, photos.get(t.photo_id),
                                       sizes="6rem", css_class="tester-photo"),
            "stylesheet": STYLESHEET, "page_title": _("Our testers")}


@view_config(route_name="reviews.testers.show",
             renderer="lanta_reviews:templates/tester_public.pt", permission="view",
             request_method="GET")
def tester_page(request):
    lang = check_language(request)
    dbsession = request.dbsession
    try:
        tester = testers.get_by_slug(dbsession, request.matchdict["slug"])
    except NotFound:
        raise HTTPNotFound() from None
    return {"lang": lang, "tester": tester, "kind_labels": TESTER_KIND_LABELS,
            "envie_labels": ENVIE_LABELS, "language_name": language_name,
            "photo": picture(request, testers.photo_of(dbsession, tester), sizes=PROFILE_SIZES,
                             css_class="tester-photo"),
            "badges": badges.badges_of(dbsession, tester.id),
            "reviews": published_reviews(dbsession, tester.id, lang),
            "stylesheet": STYLESHEET,
            "page_title": _("${name}, tester", mapping={"name": tester.display_name})}

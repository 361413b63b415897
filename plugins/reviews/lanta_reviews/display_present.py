"""How a published review reads on public pages: the card a template shows and its
schema.org ``Review`` object (JSON-LD), in the page's language.

Only rows the caller read through :mod:`.services.published` come here: this module
never decides what is public.
"""
from __future__ import annotations

import json
from typing import Any

from babel.dates import format_date
from markupsafe import Markup

from lanta.labels import AUDIENCE_LABELS
from lanta.models import Partner, StoredImage

from .i18n import _
from .models import Review, Tester
from .services.clock import OFFICE_TZ

PHOTO_WIDTH = 640  # a card is at most a column wide
RATING_MAX = 5
def rating_label(rating: int):
    return _("${rating} out of ${max}", mapping={"rating": rating, "max": RATING_MAX})


def tester_url(request, tester: Tester | None, lang: str) -> str | None:
    """The tester's public profile, or None for a review whose tester is gone."""
    if tester is None:
        return None
    return request.route_url("reviews.testers.show", lang=lang, slug=tester.slug)


def partner_url(request, partner: Partner, lang: str) -> str:
    return request.route_url("public.partner", lang=lang, slug=partner.slug)


def review_url(request, review: Review, lang: str) -> str:
    return request.route_url("reviews.review", lang=lang, id=review.id)


def _photo(request, image: StoredImage) -> dict[str, Any]:
    fitting = [w for w in image.widths if w <= PHOTO_WIDTH] or image.widths[:1] or [0]
    width = fitting[-1]
    height = round(image.height * width / image.width) if image.width else image.height
    return {"src": request.route_url("media.image", key=image.key, name=f"{width}.jpg"),
            "alt": image.alt, "width": width, "height": height}


def _published_on(review: Review):
    return (review.published_at or review.created_at).astimezone(OFFICE_TZ).date()


def card(request, review: Review, tester: Tester | None, partner: Partner,
         photos: list[StoredImage], lang: str) -> dict[str, Any]:
    """What a review card shows."""
    day = _published_on(review)
    return {
        "id": review.id,
        "url": review_url(request, review, lang),
        "title": review.title,
        "paragraphs": [p for p in review.text.split("\n") if p.strip()],
        "language": review.language,
        "rating": review.rating,
        "rating_max": RATING_MAX,
        "rating_label": rating_label(review.rating),
        # Full and empty hearts, for the eyes only: the label says it in words.
        "hearts": "\u2665" * review.rating + "\u2661" * (RATING_MAX - review.rating),
        "date": format_date(day, "long", locale=lang),
        "date_iso": day.isoformat(),
        "tester_name": tester.display_name if tester is not None else "",
        "tester_url": tester_url(request, tester, lang),
        "partner_name": partner.text("name", lang),
        "partner_url": partner_url(request, partner, lang),
        "audiences": [AUDIENCE_LABELS[a] for a in review.audiences or ()
                      if a in AUDIENCE_LABELS],
        "photos": [_photo(request, image) for image in photos],
    }


def jsonld(request, review: Review, tester: Tester | None, partner: Partner,
           lang: str) -> dict[str, Any]:
    """A schema.org ``Review`` of the partner, as search engines read it."""
    url = review_url(request, review, lang)
    author: dict[str, Any] = {"@type": "Person",
                              "name": tester.display_name if tester is not None else ""}
    profile = tester_url(request, tester, lang)
    if profile:
        author["url"] = profile
    return {
        "@context": "https://schema.org",
        "@type": "Review",
        "@id": url,
        "url": url,
        "name": review.title,
        "reviewBody": review.text,
        "inLanguage": review.language,
        "datePublished": _published_on(review).isoformat(),
        "author": author,
        "itemReviewed": {"@type": "LocalBusiness", "name": partner.text("name", lang),
                         "url": partner_url(request, partner, lang)},
        "reviewRating": {"@type": "Rating", "ratingValue": review.rating,
                         "bestRating": RATING_MAX, "worstRating": 1},
    }


def script_tag(data: Any) -> Markup:
    """``<script type="application/ld+json">``: every ``<``, ``>`` and ``&`` of the text
    is written as a JSON escape, so no title can close the block or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup('<script type="application/ld+json">') + Markup(text) + Markup("</script>")


def cards_and_jsonld(request, dbsession, reviews: list[Review],
                     lang: str) -> tuple[list[dict[str, Any]], Markup | None]:
    """The cards of ``reviews`` and one JSON-LD block holding their ``Review`` objects."""
    from .services import published

    if not reviews:
        return [], None
    testers = published.testers(dbsession, [r.tester_id for r in reviews])
    partners = published.partners(dbsession, [r.partner_id for r in reviews])
    photos = published.photos(dbsession, [r.id for r in reviews])
    cards = [card(request, r, testers.get(r.tester_id), partners[r.partner_id],
                  photos.get(r.id, []), lang) for r in reviews]
    data = [jsonld(request, r, testers.get(r.tester_id), partners[r.partner_id], lang)
            for r in reviews]
    return cards, script_tag(data[0] if len(data) == 1 else data)

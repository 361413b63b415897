"""The kiosk's views: the catalogue, the player page and the player's "began" and
"watched to the end". Each page finds its headset from the token in its address; an
unknown or revoked token, or a clip no longer shown, gets the kiosk's own "not found"
page, which leads nowhere but back to the catalogue (a kiosk must not lead elsewhere).
The booking pages (:mod:`.booking_views`) use the same helpers: :func:`kiosk_headset`,
:func:`kiosk_lang`, :func:`shown_clip` and :class:`KioskNotFound`.

Every answer, error pages included, carries :data:`.kiosk.KIOSK_HEADERS`: the token in
the address must not be kept by a cache nor sent to another site.

The pages (GET) only read. On SQLite a GET's transaction is begun plainly, and a write
in it fails with "database is locked" once another request has committed meanwhile; so
the clip's view is recorded by the player's POST when the page opens (a browser without
JavaScript counts no view), and the headset's "last seen" by the kiosk's posts.
"""
from __future__ import annotations

from pathlib import Path

from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.response import Response
from pyramid.view import exception_view_config, view_config
from sqlalchemy import select

from lanta.labels import ENVIE_LABELS, LANGUAGE_NAMES
from lanta.models import Partner, StoredImage
from lanta.pictures import image_url, picture
from lanta import reporting

from .i18n import DOMAIN, _
from .labels import FITNESS_LABELS, SEASON_LABELS
from .kiosk import KIOSK_HEADERS, KIOSK_LANGUAGES, duration_text
from .models import SEASONS, Clip, Headset
from .services import bookings as bookings_service
from .services import clips as clips_service
from .services import views as views_service
from .services.kiosks import headset_for_token, note_seen

STATIC = Path(__file__).resolve().parent / "static"
THREE = "lanta_spectrospoke:static/vendor/three.module.js"


class KioskNotFound(Exception):
    """The kiosk's 404: ``message`` for the guest, ``back_url`` to the catalogue (None
    when the address itself is no longer valid)."""

    def __init__(self, message, back_url: str | None = None) -> None:
        super().__init__(message)
        self.message, self.back_url = message, back_url


def kiosk_languages(request) -> list[str]:
    """The kiosk's languages: French and English, as far as the site offers them."""
    offered = request.site.languages or ["fr"]
    return [lang for lang in KIOSK_LANGUAGES if lang in offered] or ["fr"]


def _no_store(request, response) -> None:
    for name, value in KIOSK_HEADERS.items():
        response.headers[name] = value


def kiosk_headset(request) -> Headset:
    """The headset of the address's token, else the kiosk's 404; every answer to this
    request gets the kiosk's headers."""
    request.add_response_callback(_no_store)
    headset = headset_for_token(request.dbsession, request.matchdict["token"])
    if headset is None:
        raise KioskNotFound(_("This headset's address is no longer valid. "
                              "Please ask the reception."))
    return headset


def kiosk_lang(request) -> str:
    """The address's language, else a 404 (a language the kiosk does not speak)."""
    lang = request.matchdict["lang"]
    if lang not in kiosk_languages(request):
        raise HTTPNotFound()
    return lang


@exception_view_config(KioskNotFound, renderer="lanta_spectrospoke:templates/kiosk_gone.pt")
def kiosk_not_found(exc, request):
    request.response.status = 404
    return {"message": exc.message, "back_url": exc.back_url,
            "page_title": _("Not available")}


@view_config(route_name="spectrospoke.kiosk", permission="view", request_method="GET")
def kiosk_home(request):
    kiosk_headset(request)
    languages = kiosk_languages(request)
    lang = request.accept_language.lookup(
        languages, default="fr" if "fr" in languages else languages[0])
    return HTTPFound(request.route_url("spectrospoke.kiosk.catalogue",
                                      token=request.matchdict["token"], lang=lang))


def _hotel_name(request, headset: Headset, lang: str) -> str:
    hotel = request.dbsession.get(Partner, headset.hotel_id)
    return hotel.text("name", lang) if hotel is not None else ""


def _partners(request, clips: list[Clip]) -> dict[int, Partner]:
    ids = {clip.partner_id for clip in clips}
    return {p.id: p for p in request.dbsession.scalars(select(Partner).where(Partner.id.in_(ids)))}


def _posters(request, clips: list[Clip]) -> dict[int, StoredImage]:
    ids = {clip.poster_id for clip in clips if clip.poster_id is not None}
    if not ids:
        return {}
    return {i.id: i for i in request.dbsession.scalars(
        select(StoredImage).where(StoredImage.id.in_(ids)))}


def _hints(request, clip: Clip) -> list[tuple[object, str]]:
    """(label, value) pairs: duration, minimum age, fitness."""
    hints = []
    duration = duration_text(clip.duration_s)
    if duration is not None:
        hints.append((_("Duration"), request.localizer.translate(duration)))
    if clip.min_age:
        hints.append((_("Age"), request.localizer.translate(
            _("${age} years and over", mapping={"age": clip.min_age}))))
    hints.append((_("Fitness"), request.localizer.translate(
        FITNESS_LABELS.get(clip.fitness, FITNESS_LABELS["easy"]))))
    return hints


@view_config(route_name="spectrospoke.kiosk.catalogue", permission="view",
             request_method="GET", renderer="lanta_spectrospoke:templates/kiosk_catalogue.pt")
def kiosk_catalogue(request):
    headset = kiosk_headset(request)
    lang = kiosk_lang(request)
    token = request.matchdict["token"]
    today = reporting.today()
    now_season = clips_service.current_season(today)
    envie = request.GET.get("envie")
    envie = envie if envie in ENVIE_LABELS else None
    season = request.GET.get("season")
    season = season if season in SEASONS else None
    of_season = clips_service.catalogue(request.dbsession, season=season, today=today)
    clips = [clip for clip in of_season if envie is None or envie in (clip.envies or [])]
    partners, posters = _partners(request, clips), _posters(request, clips)

    def url(**params) -> str:
        query = {key: value for key, value in
                 {"envie": envie, "season": season, **params}.items() if value}
        return request.route_url("spectrospoke.kiosk.catalogue", token=token, lang=lang,
                                 _query=query)

    # Only the envies that this season's clips offer: a chip never leads to nothing.
    offered = {name for clip in of_season for name in (clip.envies or [])}
    envies = [{"label": ENVIE_LABELS[name], "url": url(envie=name), "current": envie == name}
              for name in ENVIE_LABELS if name in offered]
    seasons = [{"label": SEASON_LABELS[name], "url": url(season=name),
                "current": season == name, "now": name == now_season}
               for name in sorted(SEASONS, key=lambda name: name != now_season)]
    cards = [{
        "title": clip.text_for("title", lang),
        "url": request.route_url("spectrospoke.kiosk.clip", token=token, lang=lang,
                                 slug=clip.slug),
        "partner": partners[clip.partner_id].text("name", lang)
        if clip.partner_id in partners else "",
        "picture": picture(request, posters.get(clip.poster_id),
                           sizes="(min-width: 900px) 33vw, 100vw", css_class="kiosk-card__poster"),
        "hints": _hints(request, clip),
    } for clip in clips]
    return {
        "lang": lang, "cards": cards,
        "count_text": request.localizer.pluralize(
            "${count} clip", "${count} clips", len(cards), domain=DOMAIN,
            mapping={"count": len(cards)}), "envies": envies, "seasons": seasons,
        "envies_all_current": envie is None,
        "all_envies_link": request.route_url(
            "spectrospoke.kiosk.catalogue", token=token, lang=lang,
            _query={"season": season} if season else {}),
        "all_seasons_link": request.route_url(
            "spectrospoke.kiosk.catalogue", token=token, lang=lang,
            _query={"envie": envie} if envie else {}),
        "seasons_all_current": season is None,
        "hotel_name": _hotel_name(request, headset, lang),
        "languages": _language_links(request, lang),
        "page_title": _("Discover our activities"),
    }


def _language_links(request, lang: str) -> list[dict]:
    """The page in each kiosk language (the same filters, the same clip)."""
    matchdict = request.matchdict
    return [{"lang": code, "name": LANGUAGE_NAMES.get(code, code), "current": code == lang,
             "url": request.route_url(request.matched_route.name,
                                      **{**matchdict, "lang": code},
                                      _query=list(request.GET.items()))}
            for code in kiosk_languages(request)]


def shown_clip(request, lang: str) -> Clip:
    """The published clip of the address's slug, else the kiosk's 404 (back to the
    catalogue)."""
    clip = clips_service.published_clip(request.dbsession, request.matchdict["slug"],
                                        reporting.today())
    if clip is None:
        raise KioskNotFound(_("This clip is no longer shown."), back_url=request.route_url(
            "spectrospoke.kiosk.catalogue", token=request.matchdict["token"], lang=lang))
    return clip


@view_config(route_name="spectrospoke.kiosk.clip", permission="view", request_method="GET",
             renderer="lanta_spectrospoke:templates/kiosk_clip.pt")
def kiosk_clip(request):
    headset = kiosk_headset(request)
    lang = kiosk_lang(request)
    clip = shown_clip(request, lang)
    # A partner without activity settings takes no bookings: no button leading nowhere.
    bookable = bookings_service.activity_of(request.dbsession, clip.partner_id) is not None
    token, slug = request.matchdict["token"], clip.slug
    partner = request.dbsession.get(Partner, clip.partner_id)
    poster = (request.dbsession.get(StoredImage, clip.poster_id)
              if clip.poster_id is not None else None)
    text = clip.text_for("text", lang)
    hints = _hints(request, clip)
    if clip.narration_language:
        hints.append((_("Narration"), LANGUAGE_NAMES.get(clip.narration_language,
                                                         clip.narration_language)))
    return {
        "lang": lang,
        "title": clip.text_for("title", lang),
        "partner": partner.text("name", lang) if partner is not None else "",
        "projection": clip.projection,
        "video_src": clips_service.video_src(request, clip),
        "video_type": clips_service.video_media_type(clip),
        "poster_url": image_url(request, poster) if poster is not None else None,
        # No copy of three.js (a machine without npm): the page keeps the plain video.
        "three_url": request.static_url(THREE)
        if (STATIC / "vendor" / "three.module.js").is_file() else "",
        "paragraphs": [p.strip() for p in text.split("\n\n") if p.strip()],
        "hints": hints,
        "catalogue_url": request.route_url("spectrospoke.kiosk.catalogue", token=token,
                                           lang=lang),
        "book_url": request.route_url("spectrospoke.kiosk.book", token=token, lang=lang,
                                      slug=slug) if bookable else None,
        "started_url": request.route_url("spectrospoke.kiosk.started", token=token,
                                         lang=lang, slug=slug),
        "viewed_url": request.route_url("spectrospoke.kiosk.viewed", token=token,
                                        lang=lang, slug=slug),
        "hotel_name": _hotel_name(request, headset, lang),
        "languages": _language_links(request, lang),
        "page_title": clip.text_for("title", lang),
    }


@view_config(route_name="spectrospoke.kiosk.started", permission="view",
             request_method="POST")
def kiosk_started(request):
    """The player page opened: the clip's view (one per headset and clip in
    :data:`.services.views.SAME_VIEWING`; CSRF token in the ``X-CSRF-Token`` header)."""
    headset = kiosk_headset(request)
    clip = shown_clip(request, kiosk_lang(request))
    views_service.record_view(request.dbsession, clip, headset)
    note_seen(headset)
    return Response(status=204)


@view_config(route_name="spectrospoke.kiosk.viewed", permission="view",
             request_method="POST")
def kiosk_viewed(request):
    """The player's "watched to the end" (CSRF token in the ``X-CSRF-Token`` header)."""
    headset = kiosk_headset(request)
    clip = shown_clip(request, kiosk_lang(request))
    views_service.mark_completed(request.dbsession, clip, headset)
    note_seen(headset)
    return Response(status=204)

"""The contribution form (``/{lang}/wall/contribute``) and its thanks page.

Anyone may send, without an account; a logged-in sender's account is recorded. The
view reads the posted fields and calls :func:`.services.contributions.contribute`,
which checks everything; a refusal re-displays the form with each sentence beside its
field, what was typed kept (the file must be chosen again), status 400, 413 for a file
too large or 429 when the sender has sent too many in the last hour. Once the
transaction has committed, the worker is woken to make the renditions.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import func, select
from translationstring import TranslationString

from lanta.labels import ENVIE_LABELS
from lanta.models import Partner
from lanta.services.errors import DomainError
from lanta.services.partner_vocabulary import ENVIES

from .i18n import _
from .services import contributions
from .worker import wake_after_commit

FORM = "lanta_imagewall:templates/contribute.pt"
SENT = "lanta_imagewall:templates/contribute_sent.pt"
CORE_DOMAIN = "lanta"
TEXT_FIELDS = ("caption", "credit", "email", "partner_id", "lat", "lon", "place_name")
# Where the map opens when the guide has no placed listing yet: all of France.
FRANCE_CENTRE = (46.6, 2.4, 5)
# Close enough on the guide's listings to tap a lake or a street at once.
LISTINGS_ZOOM = 12


def _lang_or_404(request) -> str:
    lang = request.matchdict["lang"]
    if lang not in (request.site.languages or ["fr"]):
        raise HTTPNotFound()
    return lang


def message_of(exc: DomainError) -> TranslationString:
    """The refusal's sentence in its own domain: the add-on's sentences carry theirs;
    the core's services raise plain English, translated in the core's catalog."""
    domain = getattr(exc.message, "domain", None) or CORE_DOMAIN
    return TranslationString(str(exc.message), domain=domain, mapping=exc.mapping)


def _places(request, lang: str) -> list[tuple[int, str]]:
    # Two columns only: a guide may have thousands of listings.
    rows = request.dbsession.execute(
        select(Partner.id, Partner.name).where(Partner.published.is_(True))).all()
    places = [(pid, (name or {}).get(lang) or (name or {}).get("fr")
               or next(iter((name or {}).values()), "")) for pid, name in rows]
    return sorted(places, key=lambda place: place[1].casefold())


def _map_view(request) -> tuple[float, float, int]:
    """Where the point picker opens: the mean of the published listings' positions
    (one aggregate row, whatever the size of the guide), else all of France."""
    lat, lon = request.dbsession.execute(
        select(func.avg(Partner.lat), func.avg(Partner.lon)).where(
            Partner.published.is_(True), Partner.lat.is_not(None),
            Partner.lon.is_not(None))).one()
    if lat is None or lon is None:
        return FRANCE_CENTRE
    return round(float(lat), 4), round(float(lon), 4), LISTINGS_ZOOM


def _page(request, lang: str, posted: dict, errors: dict) -> dict:
    limits = contributions.limits_from(request.registry.settings)
    # A form holds the sender's session token: never kept by a cache.
    request.response.cache_control = "private, no-store"
    return {"lang": lang, "posted": posted, "errors": errors,
            "places": _places(request, lang),
            "envies": [(code, ENVIE_LABELS[code]) for code in ENVIES],
            "terms": contributions.TERMS, "people_consent": contributions.PEOPLE_CONSENT,
            "photo_mb": f"{limits.max_photo_bytes / 2**20:.3g}",
            "clip_mb": f"{limits.max_clip_bytes / 2**20:.3g}",
            "map_view": _map_view(request),
            # The script puts the numbers in place of {lat} and {lon}.
            "point_chosen": _("Point chosen on the map: latitude ${lat}, longitude ${lon}.",
                              mapping={"lat": "{lat}", "lon": "{lon}"}),
            "page_title": _("Send a photo to the image wall")}


def _posted(request) -> dict:
    post = request.POST
    posted = {name: post.get(name, "") for name in TEXT_FIELDS}
    posted["tags"] = post.getall("tags")
    posted["accepted_terms"] = post.get("accepted_terms") == "yes"
    posted["people_consent"] = post.get("people_consent") == "yes"
    return posted


def _sender(request) -> str:
    return contributions.client_hash(request.registry.lanta_settings.secret,
                                     request.remote_addr or "unknown")


@view_config(route_name="imagewall.contribute", renderer=FORM, permission="view",
             request_method=("GET", "HEAD"))
def contribute_form(request):
    return _page(request, _lang_or_404(request), {"tags": []}, {})


@view_config(route_name="imagewall.contribute", renderer=FORM, permission="view",
             request_method="POST")
def contribute_post(request):
    lang = _lang_or_404(request)
    posted = _posted(request)
    field = request.POST.get("upload")
    # A file input left empty still sends a part, without a file name.
    upload = getattr(field, "file", None) if getattr(field, "filename", "") else None
    user = getattr(request, "user", None)
    try:
        contributions.contribute(
            request.dbsession, request.registry.lanta_settings.uploads_dir,
            upload=upload, filename=getattr(field, "filename", ""),
            caption=posted["caption"], credit=posted["credit"], email=posted["email"],
            tags=posted["tags"], partner_id=posted["partner_id"], lat=posted["lat"],
            lon=posted["lon"], place_name=posted["place_name"], lang=lang,
            accepted_terms=posted["accepted_terms"],
            people_consent=posted["people_consent"],
            user_id=user.id if user is not None else None, client_hash=_sender(request),
            limits=contributions.limits_from(request.registry.settings), tm=request.tm)
    except contributions.InvalidContribution as refused:
        errors = {}
        for error in refused.errors:
            errors.setdefault(error.on, message_of(error))
        request.response.status_int = refused.status
        return _page(request, lang, posted, errors)
    except DomainError as exc:  # too many uploads in the hour
        request.response.status_int = exc.status
        return _page(request, lang, posted, {"form": message_of(exc)})
    wake_after_commit(request)
    return HTTPSeeOther(request.route_url("imagewall.contribute.sent", lang=lang))


@view_config(route_name="imagewall.contribute.sent", renderer=SENT, permission="view")
def contribute_sent(request):
    lang = _lang_or_404(request)
    return {"lang": lang, "page_title": _("Thank you")}

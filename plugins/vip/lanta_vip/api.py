"""The terminals' JSON API under ``/api/v1/vip/``: pairing, scanning, redeeming.

Thin views: read the JSON body, call one service, answer JSON or problem+json. They
catch the add-on's domain errors themselves rather than leaving them to the core's
error view: a 401 needs ``WWW-Authenticate``, a 429 needs ``Retry-After``, and an answer
returned (not raised) lets pyramid_tm commit the look-up just counted, which the rate
limits rely on.

CSRF: these views set ``require_csrf=False``. They never read the session cookie; a
terminal proves itself with its bearer key (or, for pairing, with a one-time code in the
body), which a browser does not attach to a forged cross-site request by itself.
"""
from __future__ import annotations

import datetime as dt

from pyramid.response import Response
from pyramid.view import view_config
from translationstring import TranslationString

from lanta.models import Partner
from lanta.services.errors import DomainError

from . import shapes
from .i18n import DOMAIN, _
from .models import MAX_ID
from .services import redemptions, terminals, throttle
from .services import secrets as vip_secrets
from .services.clock import utcnow
from .services.errors import InvalidInput, RateLimited, Unauthorized

TITLES = {
    400: _("Bad request"),
    401: _("Terminal not recognised"),
    404: _("Not found"),
    405: _("Method not allowed"),
    409: _("Offer not granted"),
    410: _("Card no longer valid"),
    422: _("Redemption refused"),
    429: _("Too many requests"),
}
TERMINAL = "view"  # anyone may knock; the bearer key is checked by the service


# Settings of the ini file's [app:main] section, each a whole number of look-ups.
LIMIT_SETTINGS = {"vip.scans_per_terminal_per_minute": "per_terminal",
                  "vip.scans_per_card_per_minute": "per_card",
                  "vip.unknown_cards_per_terminal_per_10_minutes": "misses_per_terminal"}


def rate_limits(request) -> throttle.RateLimits:
    """The look-up limits, as the ini file sets them (the defaults otherwise): a busy
    festival desk may need more than the 30 scans a minute a shop does."""
    registry = request.registry
    limits = getattr(registry, "lanta_vip_rate_limits", None)
    if limits is None:
        given = {field: int(registry.settings[name])
                 for name, field in LIMIT_SETTINGS.items() if registry.settings.get(name)}
        limits = registry.lanta_vip_rate_limits = throttle.RateLimits(**given)
    return limits


def problem(request, status: int, detail, headers: dict | None = None) -> Response:
    localizer = request.localizer
    title = localizer.translate(TITLES.get(status, TITLES[400]))
    response = Response(status=status, content_type="application/problem+json",
                        charset="utf-8")
    response.headers.update(headers or {})
    response.headers["Cache-Control"] = "no-store"
    response.json_body = {"type": "about:blank", "status": status, "title": title,
                          "detail": localizer.translate(detail)}
    return response


def domain_problem(request, exc: DomainError) -> Response:
    headers = {}
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="lanta-vip"'
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    detail = TranslationString(exc.message, domain=getattr(exc.message, "domain", None)
                               or DOMAIN, mapping=exc.mapping)
    return problem(request, exc.status, detail, headers)


def _body(request) -> dict:
    try:
        body = request.json_body
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise InvalidInput(_("The body must be a JSON object."), on="body")
    return body


def _string(body: dict, name: str, max_length: int = 200) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise InvalidInput(_("${field} must be a non-empty string."), on=name, field=name)
    return value.strip()


def _offer_id(body: dict) -> int:
    value = body.get("offer_id")
    # Beyond MAX_ID the database could not even compare it: a 400, not a 500.
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_ID:
        raise InvalidInput(_("offer_id must be a whole number from 1 to ${max}."),
                           on="offer_id", max=MAX_ID)
    return value


def _redeemed_at(body: dict) -> dt.datetime | None:
    value = body.get("redeemed_at")
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InvalidInput(_("redeemed_at needs a time zone, like 2026-07-14T10:30:00+02:00."),
                           on="redeemed_at")
    return parsed


def _lang(request, body: dict) -> str:
    lang = body.get("lang")
    return lang if isinstance(lang, str) and lang in request.site.languages \
        else request.site.default_language


def qr_key(request) -> bytes:
    return vip_secrets.qr_key_for(request.registry.lanta_settings)


def _terminal(request, now):
    key = terminals.key_from_header(request.headers.get("Authorization"))
    return terminals.authenticate(request.dbsession, key, now=now)


@view_config(route_name="vip.api.pair", renderer="json", permission=TERMINAL,
             request_method="POST", require_csrf=False)
def pair(request):
    try:
        body = _body(request)
        terminal, key = terminals.pair_terminal(request.dbsession, _string(body, "code", 40))
    except DomainError as exc:
        return domain_problem(request, exc)
    partner = request.dbsession.get(Partner, terminal.partner_id)
    request.response.status = 201
    request.response.headers["Cache-Control"] = "no-store"
    return shapes.paired_json(terminal, partner, key, request.site.default_language)


@view_config(route_name="vip.api.scan", renderer="json", permission=TERMINAL,
             request_method="POST", require_csrf=False)
def scan(request):
    now = utcnow()
    try:
        terminal = _terminal(request, now)
        body = _body(request)
        result = redemptions.scan(request.dbsession, terminal, _string(body, "card"),
                                  qr_key(request), now=now, limits=rate_limits(request))
    except DomainError as exc:
        return domain_problem(request, exc)
    request.response.headers["Cache-Control"] = "no-store"
    return shapes.scan_json(request.dbsession, result, _lang(request, body), now)


@view_config(route_name="vip.api.redemptions", renderer="json", permission=TERMINAL,
             request_method="POST", require_csrf=False)
def redeem(request):
    now = utcnow()
    try:
        terminal = _terminal(request, now)
        body = _body(request)
        result = redemptions.redeem(
            request.dbsession, terminal, _string(body, "card"), _offer_id(body),
            _string(body, "request_id", 64), qr_key(request),
            redeemed_at=_redeemed_at(body), now=now, limits=rate_limits(request))
    except DomainError as exc:
        return domain_problem(request, exc)
    # 201 the first time, 200 for a replay of the same request_id: the body is the same.
    request.response.status = 201 if result.created else 200
    request.response.headers["Cache-Control"] = "no-store"
    return shapes.redemption_json(request.dbsession, result.redemption)


@view_config(route_name="vip.api.pair", permission=TERMINAL, require_csrf=False,
             request_method=("GET", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"))
@view_config(route_name="vip.api.scan", permission=TERMINAL, require_csrf=False,
             request_method=("GET", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"))
@view_config(route_name="vip.api.redemptions", permission=TERMINAL, require_csrf=False,
             request_method=("GET", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"))
def other_methods(request):
    """405 with ``Allow``, as RFC 9110 asks, instead of Pyramid's 404 for other methods."""
    return problem(request, 405, _("This address only answers POST."), {"Allow": "POST"})

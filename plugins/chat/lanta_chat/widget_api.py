"""The visitor widget's JSON API under ``/api/v1/chat/``: the office's status and hours,
starting a conversation, writing and reading its messages, rating it, and suggestions
from the site's search.

Thin views: read the JSON body or the query, call one service, answer JSON or
``application/problem+json``. They catch the domain errors themselves: a 429 needs
``Retry-After``, a refused field is a 422 naming it, and an answer returned (not
raised) keeps the look-ups of the same transaction.

Authentication: a conversation's secret comes in the header ``X-Chat-Token``, never in
a cookie. CSRF: these views set ``require_csrf=False``: no cookie is read, a browser
sends neither that header nor a JSON body (415 otherwise) from another site's page
without this site's consent (CORS), which it never gives.
"""
from __future__ import annotations

import datetime as dt
import re
import time
from weakref import WeakKeyDictionary

from babel.dates import format_date
from pyramid.response import Response
from pyramid.view import view_config
from translationstring import TranslationString

from lanta.services import opening_hours
from lanta.services.errors import DomainError, InvalidField, NotFound

from .i18n import DOMAIN, _
from .models import Conversation, Message, utcnow
from .services import hours, messages, online, suggestions, visitor
from .services import limits as rate_limits
from .services.clock import OFFICE_TZ, office_day
from .widget import JSON_RENDERER

PUBLIC = "view"
TOKEN_HEADER = "X-Chat-Token"
TITLES = {
    400: _("Bad request"),
    404: _("Not found"),
    405: _("Method not allowed"),
    409: _("Not possible now"),
    415: _("Unsupported media type"),
    422: _("Refused"),
    429: _("Too many requests"),
}
OTHER_METHODS = ("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


class UnsupportedMediaType(DomainError):
    status = 415


def problem(request, status: int, detail, headers: dict | None = None,
            field: str | None = None) -> Response:
    localizer = request.localizer
    response = Response(status=status, content_type="application/problem+json",
                        charset="utf-8")
    response.headers.update(headers or {})
    response.headers["Cache-Control"] = "no-store"
    body = {"type": "about:blank", "status": status,
            "title": localizer.translate(TITLES.get(status, TITLES[400])),
            "detail": localizer.translate(detail)}
    if field:
        body["field"] = field
    response.json_body = body
    return response


def domain_problem(request, exc: DomainError) -> Response:
    detail = TranslationString(exc.message, domain=getattr(exc.message, "domain", None)
                               or DOMAIN, mapping=exc.mapping)
    if isinstance(exc, InvalidField):
        return problem(request, 422, detail, field=exc.on)
    headers = {}
    if isinstance(exc, rate_limits.RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    return problem(request, exc.status, detail, headers)


def _body(request) -> dict:
    if request.content_type != "application/json":
        raise UnsupportedMediaType(_("Send the request as JSON (Content-Type: "
                                     "application/json)."))
    try:
        body = request.json_body
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise DomainError(_("The body must be a JSON object."))
    return body


def _conversation(request) -> Conversation:
    found = messages.by_token(request.dbsession, request.headers.get(TOKEN_HEADER))
    if found is None:
        raise NotFound(_("This conversation is unknown; start a new one."))
    return found


def _lang(request, value: object) -> str:
    languages = request.site.languages or ["fr"]
    return value if isinstance(value, str) and value in languages else languages[0]


def limits(request) -> rate_limits.Limits:
    """The widget's limits as the ini file sets them (the defaults otherwise)."""
    registry = request.registry
    found = getattr(registry, "lanta_chat_limits", None)
    if found is None:
        found = registry.lanta_chat_limits = rate_limits.from_settings(registry.settings)
    return found


# How long a process reuses the "online" it judged for the polls: the judgement costs
# seven queries, every poll of every visitor asks for it, and presence itself is judged
# over a minute. Kept per database connection target (the engine in a server; a test's
# own connection in the tests), on the registry.
ONLINE_SECONDS = 1.0


def online_for_polls(request) -> bool:
    registry = request.registry
    cache = getattr(registry, "lanta_chat_online", None)
    if cache is None:
        cache = registry.lanta_chat_online = WeakKeyDictionary()
    bind = request.dbsession.get_bind()
    moment = time.monotonic()
    kept = cache.get(bind)
    if kept is not None and kept[0] > moment:
        return kept[1]
    value = online.status(request.dbsession).online
    cache[bind] = (moment + ONLINE_SECONDS, value)
    return value


def _json(request, data: dict, status: int = 200) -> dict:
    request.response.status = status
    request.response.headers["Cache-Control"] = "no-store"
    return data


def message_json(message: Message, authors: dict[int, str]) -> dict:
    return {"seq": message.seq, "kind": message.kind, "body": message.body,
            "at": message.created_at.isoformat(),
            "author": authors.get(message.author_id, "") if message.kind == "staff" else ""}


def _slot(start: dt.time, end: dt.time) -> str:
    # week_table gives time(0) for a slot ending at midnight.
    last = "24:00" if end == dt.time(0) else end.strftime("%H:%M")
    return f"{start.strftime('%H:%M')}\u2013{last}"


def week_json(dbsession, lang: str, now: dt.datetime) -> list[dict]:
    """This week's hours, Monday first, day names in ``lang``."""
    table = opening_hours.week_table(hours.office_hours(dbsession), office_day(now))
    return [{"day": format_date(day, "EEEE", locale=lang), "date": day.isoformat(),
             "slots": [_slot(start, end) for start, end in slots]}
            for day, slots in table]


@view_config(route_name="chat.api.status", renderer=JSON_RENDERER, permission=PUBLIC,
             request_method="GET")
def status(request):
    now = utcnow()
    lang = _lang(request, request.GET.get("lang"))
    found = online.status(request.dbsession, now)
    opens_at = found.opens_at.astimezone(OFFICE_TZ).isoformat() if found.opens_at else None
    return _json(request, {"online": found.online, "opens_at": opens_at,
                           "hours": week_json(request.dbsession, lang, now)})


@view_config(route_name="chat.api.conversations", renderer=JSON_RENDERER, permission=PUBLIC,
             request_method="POST", require_csrf=False)
def start(request):
    now = utcnow()
    try:
        body = _body(request)
        language = body.get("language")
        if not isinstance(language, str):
            raise InvalidField(_("Say in which language you write."), on="language")
        started = visitor.start(
            request.dbsession, message=body.get("message"), client_id=body.get("client_id"),
            language=_lang(request, language), name=body.get("name"),
            email=body.get("email"), page_url=body.get("page_url"),
            page_title=body.get("page_title"), token=body.get("token"),
            ip_hash=rate_limits.address_hash(request.remote_addr,
                                             request.registry.lanta_settings.secret),
            limits=limits(request), now=now)
    except DomainError as exc:
        return domain_problem(request, exc)
    conversation = started.conversation
    return _json(request, {
        "token": started.token,
        "conversation": {"id": conversation.id, "state": conversation.state,
                         "offline": conversation.offline},
        "messages": [message_json(started.message, {})],
        "cursor": started.message.seq}, 201 if started.created else 200)


@view_config(route_name="chat.api.messages", renderer=JSON_RENDERER, permission=PUBLIC,
             request_method="GET")
def read(request):
    try:
        conversation = _conversation(request)
        after = request.GET.get("after", "0")
        # Not str.isdigit: it accepts "²", which int() refuses.
        if not re.fullmatch(r"[0-9]{1,9}", after):
            raise DomainError(_("after must be a whole number, 0 or more."))
    except DomainError as exc:
        return domain_problem(request, exc)
    after = int(after)
    # Read before the messages: every seq up to it was committed with it, so the page
    # below holds them all and the cursor may pass the notes the visitor never sees.
    known = conversation.last_seq
    dbsession = request.dbsession
    found = messages.messages_after(dbsession, conversation.id, after)
    cursor = max([after] + [m.seq for m in found])
    if len(found) < messages.READ_LIMIT:
        cursor = max(cursor, known)
    authors = visitor.authors(dbsession, found)
    return _json(request, {
        "messages": [message_json(m, authors) for m in found], "cursor": cursor,
        "state": conversation.state, "online": online_for_polls(request),
        "rating": conversation.rating, "poll_ms": visitor.poll_ms(conversation)})


@view_config(route_name="chat.api.messages", renderer=JSON_RENDERER, permission=PUBLIC,
             request_method="POST", require_csrf=False)
def write(request):
    try:
        conversation = _conversation(request)
        body = _body(request)
        message, created = visitor.write(
            request.dbsession, conversation, body=body.get("body"),
            client_id=body.get("client_id"), page_url=body.get("page_url"),
            page_title=body.get("page_title"), limits=limits(request))
    except DomainError as exc:
        return domain_problem(request, exc)
    return _json(request, message_json(message, {}), 201 if created else 200)


@view_config(route_name="chat.api.rating", renderer=JSON_RENDERER, permission=PUBLIC,
             request_method="POST", require_csrf=False)
def rate(request):
    try:
        conversation = _conversation(request)
        body = _body(request)
        rated = visitor.rate(request.dbsession, conversation, body.get("rating"))
    except DomainError as exc:
        return domain_problem(request, exc)
    return _json(request, {"rating": rated.rating})


@view_config(route_name="chat.api.suggestions", renderer=JSON_RENDERER, permission=PUBLIC,
             request_method="GET")
def suggest(request):
    lang = _lang(request, request.GET.get("lang"))
    found = suggestions.suggest(request.dbsession, request.search_index,
                                request.GET.get("q", ""), lang, utcnow())

    def link(url: str) -> str:
        return request.application_url + url if url.startswith("/") and not \
            url.startswith("//") else url

    return _json(request, {"suggestions": [
        {"title": s.title, "url": link(s.url), "kind": s.kind} for s in found]})


@view_config(route_name="chat.api.status", permission=PUBLIC, require_csrf=False,
             request_method=("POST",) + OTHER_METHODS)
@view_config(route_name="chat.api.suggestions", permission=PUBLIC, require_csrf=False,
             request_method=("POST",) + OTHER_METHODS)
@view_config(route_name="chat.api.messages", permission=PUBLIC, require_csrf=False,
             request_method=OTHER_METHODS)
def get_only(request):
    """405 with ``Allow``, as RFC 9110 asks, instead of a 404 for other methods."""
    allowed = "GET, POST" if request.matched_route.name == "chat.api.messages" else "GET"
    return problem(request, 405, _("This address does not answer this method."),
                   {"Allow": allowed})


@view_config(route_name="chat.api.conversations", permission=PUBLIC, require_csrf=False,
             request_method=("GET",) + OTHER_METHODS)
@view_config(route_name="chat.api.rating", permission=PUBLIC, require_csrf=False,
             request_method=("GET",) + OTHER_METHODS)
def post_only(request):
    return problem(request, 405, _("This address only answers POST."), {"Allow": "POST"})

"""The Messenger channel's views: Meta's webhook (handshake and messages) and the
admin's settings page.

The webhook refuses (403) a call whose signature does not match the app's secret before
reading its JSON, so a forged call stores nothing; a signed body that is not JSON is a
400. A signed call is answered ``EVENT_RECEIVED`` at once, whatever it held: Meta
retries, then switches off, a webhook that answers otherwise.
"""
from __future__ import annotations

import hmac
import re

from pyramid.httpexceptions import HTTPFound
from pyramid.response import Response
from pyramid.view import view_config

from lanta.forms import flash
from lanta.services.errors import DomainError

from .channel_email import translator
from .i18n import _
from .messenger import CHANNELS
from .services import channel_settings
from .services import messenger as service

BODY_LIMIT = 1_000_000
CHALLENGE = re.compile(r"^[A-Za-z0-9_.-]{1,200}$")
SECRET_LABELS = {"app_secret": _("App secret"), "page_token": _("Page access token"),
                 "verify_token": _("Verify token")}


def _say(request, message) -> str:
    return request.localizer.translate(message)


def _text(body: str, status: int = 200) -> Response:
    response = Response(body, status=status, content_type="text/plain", charset="utf-8")
    # The handshake's answer depends on the stored token: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response


@view_config(route_name="chat.messenger.webhook", request_method="GET", permission="view")
def verify(request):
    """Meta's subscription handshake: the challenge is echoed when the verify token is
    the one stored; a wrong token is refused (403). A GET that is no handshake (a
    person opening the address) is a 400, not a refusal."""
    if request.GET.get("hub.mode") != "subscribe":
        return _text(_say(request, _("This address is the chat's Messenger webhook, for Meta "
                                     "only.")), 400)
    settings = channel_settings.messenger(request.dbsession)
    token = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    if not settings.verify_token or not hmac.compare_digest(
            token.encode("utf-8", "replace"), settings.verify_token.encode("utf-8")):
        # An answer of its own: the site's 403 page would send a browser to the login.
        return _text(_say(request, _("The verify token is not the one set on the site.")),
                     403)
    if not CHALLENGE.match(challenge):
        return _text(_say(request, _("The challenge is not valid.")), 400)
    return _text(challenge)


@view_config(route_name="chat.messenger.webhook", request_method="POST",
             permission="view", require_csrf=False)
def receive(request):
    """Messages from Messenger users, to the inbox."""
    if (request.content_length or 0) > BODY_LIMIT:
        return _text(_say(request, _("This call is too large.")), 413)
    body = request.body
    if len(body) > BODY_LIMIT:
        return _text(_say(request, _("This call is too large.")), 413)
    settings = channel_settings.messenger(request.dbsession)
    if not service.signature_ok(settings.app_secret, body,
                                request.headers.get("X-Hub-Signature-256")):
        return _text(_say(request, _("This call is not signed with the app's secret.")),
                     403)
    try:
        incoming = service.parse(body)
    except service.PayloadError:
        return _text(_say(request, _("This call does not hold a Messenger payload.")), 400)
    language = request.site.default_language
    placeholder = translator(request, language)(_(
        "(The visitor sent a picture or a file: open the conversation in Meta Business "
        "Suite to see it.)"))
    service.store(request.dbsession, incoming, page_id=settings.page_id,
                  language=language, attachment_text=placeholder)
    return _text("EVENT_RECEIVED")


def _form_values(post) -> dict:
    values = {"page_id": post.get("page_id", "").strip()[:40],
              "send_replies": post.get("send_replies") == "on"}
    for name in channel_settings.SECRETS:
        typed = post.get(name, "").strip()
        values[name] = typed or None  # blank keeps the stored secret
    return values


@view_config(route_name="chat.messenger.settings", permission=CHANNELS,
             request_method=("GET", "POST"),
             renderer="lanta_chat:templates/messenger_settings.pt")
def settings_page(request):
    dbsession = request.dbsession
    stored = channel_settings.messenger(dbsession)
    page_id, send_replies, errors = stored.page_id, stored.send_replies, {}
    if request.method == "POST":
        values = _form_values(request.POST)
        page_id, send_replies = values["page_id"], values["send_replies"]
        forget = tuple(n for n in channel_settings.SECRETS
                       if request.POST.get(f"forget_{n}") == "on")
        try:
            channel_settings.save_messenger(dbsession, forget=forget, **values)
        except DomainError as exc:
            errors[getattr(exc, "on", "page_id")] = _(exc.message, mapping=exc.mapping)
            request.response.status = 400
        else:
            flash(request, _("Messenger settings saved."))
            return HTTPFound(request.route_url("chat.messenger.settings"))
    return {"admin_section": True, "page_title": _("Facebook Messenger"),
            "page_id": page_id, "send_replies": send_replies, "errors": errors,
            "secrets": [{"name": name, "label": SECRET_LABELS[name],
                         "set": bool(getattr(stored, name))}
                        for name in channel_settings.SECRETS],
            "webhook_url": request.route_url("chat.messenger.webhook")}

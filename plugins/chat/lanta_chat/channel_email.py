"""The ``email`` channel: a message left outside hours with an address for the answer.

A staff reply in such a conversation is mailed to the visitor, in the conversation's
language: the reply, the visitor's own question quoted below it, and the office's
signature (name, address, phone, site). Answering the mail reaches the office's contact
address when the site has one (``Reply-To``); the sender stays the site's.
"""
from __future__ import annotations

import textwrap

from babel.dates import format_date, format_time
from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid_mailer import get_mailer
from pyramid_mailer.message import Message

from .channels import Delivery
from .i18n import _
from .services import messages
from .services.clock import OFFICE_TZ

LINE_WIDTH = 72
QUOTE_MAX = 3000


def translator(request, lang: str):
    """``translate`` in ``lang`` (the request's own localizer when it is that one)."""
    if lang == request.locale_name:
        return request.localizer.translate
    directories = request.registry.queryUtility(ITranslationDirectories, default=[])
    return make_localizer(lang, directories).translate


def _language(request, conversation) -> str:
    offered = list(request.site.languages or ["fr"])
    return conversation.language if conversation.language in offered else offered[0]


def _paragraphs(text: str) -> str:
    """The staff's text with long lines wrapped, their own line breaks kept."""
    return "\n".join(textwrap.fill(line, LINE_WIDTH, break_long_words=False,
                                   break_on_hyphens=False) if line else ""
                     for line in text.splitlines())


def _question(request, conversation, reply) -> list:
    """The visitor's messages written before ``reply``, oldest first."""
    earlier = messages.messages_after(request.dbsession, conversation.id, 0)
    return [m for m in earlier if m.kind == "visitor" and m.seq < reply.seq]


def _quoted(items, translate, lang: str) -> str:
    if not items:
        return ""
    at = items[0].created_at.astimezone(OFFICE_TZ)
    when = f"{format_date(at, 'long', locale=lang)} {format_time(at, 'short', locale=lang)}"
    text = "\n\n".join(m.body for m in items)
    if len(text) > QUOTE_MAX:
        text = text[:QUOTE_MAX - 1] + "…"
    lines = "\n".join(("> " + line).rstrip() for line in text.splitlines())
    return translate(_("Your message of ${when}:", mapping={"when": when})) + "\n" + lines


def signature(site, home_url: str) -> str:
    """The office's signature: its name, address, phone, contact address and site."""
    lines = [site.name, site.address, site.contact_phone, site.contact_email, home_url]
    return "-- \n" + "\n".join(" ".join(line.split()) for line in lines if line)


def compose(request, conversation, reply) -> Message:
    lang = _language(request, conversation)
    translate = translator(request, lang)
    site = request.site
    names = {"site": site.name, "name": conversation.visitor_name}
    greeting = (_("Hello ${name},", mapping=names) if conversation.visitor_name.strip()
                else _("Hello,"))
    parts = [translate(greeting),
             _paragraphs(translate(_("Here is the answer to the question you left on "
                                     "our website:"))),
             _paragraphs(reply.body),
             _quoted(_question(request, conversation, reply), translate, lang),
             _paragraphs(translate(_("To write to us again, answer this mail or come "
                                     "back to our website."))),
             signature(site, request.route_url("public.home", lang=lang))]
    # A header with a line break would let a crafted site name add headers.
    subject = " ".join(translate(_("Your question to ${site}", mapping=names)).split())
    reply_to = " ".join(site.contact_email.split())
    headers = {"Reply-To": reply_to} if reply_to else {}
    return Message(subject=subject, recipients=[conversation.visitor_email],
                   body="\n\n".join(p for p in parts if p) + "\n", extra_headers=headers)


def deliver(request, conversation, message) -> Delivery:
    """Mail the staff reply ``message`` to the visitor of ``conversation``."""
    if not conversation.visitor_email:
        return Delivery("failed", request.localizer.translate(_(
            "This visitor left no e-mail address: the reply cannot be sent.")))
    get_mailer(request).send(compose(request, conversation, message))
    return Delivery("sent")

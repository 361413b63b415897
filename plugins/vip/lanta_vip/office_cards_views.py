"""The office's card pages (``vip.issue``): the list of cards, the issuing form, a card's
page, its printable sheet with the QR code, re-issuing a lost card and blocking one.

Thin views over :mod:`.services.cards`; every page shows a visitor's data, so none is
kept by a cache.
"""
from __future__ import annotations

import math

import deform
from pyramid.httpexceptions import HTTPFound
from pyramid.view import view_config

from lanta.forms import make_form, process_form, render_with_error
from lanta.models import Partner
from lanta.services.errors import DomainError
from lanta.services.qr_codes import qr_svg_inline

from . import office_cards_forms as forms
from .card_page import card_url
from .i18n import _
from .models import MAX_ID
from .office_cards_common import (ISSUE, MANAGE, domain_message, flash, local_time, no_store,
                                  path_id, qr_key, site_languages, template)
from .services import cards, privacy
from .services import secrets as vip_secrets
from .services.clock import today

PER_PAGE = 50
MAX_PAGE = MAX_ID // PER_PAGE
STATE_TITLES = {
    "active": _("Active"),
    "upcoming": _("Stay not begun"),
    "ended": _("Stay ended"),
    "blocked": _("Blocked"),
    "retired": _("Retired"),
}
FORM_SCRIPT = "lanta_vip:static/cards_issue.js"
STYLESHEET = "lanta_vip:static/cards.css"


def _page(request, title, **values) -> dict:
    no_store(request)
    values.update(admin_section=True, page_title=title, state_titles=STATE_TITLES,
                  card_state=cards.card_state, local_time=local_time,
                  number=vip_secrets.format_card_number, stylesheet=STYLESHEET)
    return values


def _form_page(request, form, save, appstruct: dict, title, **values):
    """Show a form; re-show it with its mistakes (400, nothing written) or follow the
    redirection ``save`` answered."""
    result, html = process_form(request, form, save, appstruct=appstruct)
    if isinstance(result, HTTPFound):
        return result
    if request.method == "POST" and request.response.status_int < 400:
        request.response.status = 400
    return _page(request, title, form=result or html, script=FORM_SCRIPT, **values)


def _refused(request, form, data: dict, exc: DomainError) -> str:
    request.response.status = exc.status
    return render_with_error(form, forms.renderable(data), domain_message(exc),
                             forms.error_field(exc, form))


@view_config(route_name="vip.cards.list", renderer=template("cards_list.pt"),
             permission=ISSUE, request_method="GET")
def cards_list(request):
    q = request.GET.get("q", "").strip()[:100]
    try:
        # Clamped: past MAX_PAGE the offset would not fit the database's integers.
        wanted = min(max(1, int(request.GET.get("page", "1"))), MAX_PAGE)
    except ValueError:
        wanted = 1
    rows, total = cards.search_cards(request.dbsession, q, page=wanted, per_page=PER_PAGE)
    pages = max(1, math.ceil(total / PER_PAGE))
    if wanted > pages:
        rows, _total = cards.search_cards(request.dbsession, q, page=pages, per_page=PER_PAGE)

    def page_url(number: int) -> str:
        query = {"q": q} if q else {}
        if number > 1:
            query["page"] = str(number)
        return request.route_url("vip.cards.list", _query=query)

    return _page(request, _("VIP cards"), rows=rows, total=total, q=q,
                 page=min(wanted, pages), pages=pages, page_url=page_url,
                 day=today(), lang=request.locale_name,
                 can_manage=request.has_permission(MANAGE))


@view_config(route_name="vip.cards.issue", renderer=template("cards_form.pt"),
             permission=ISSUE, request_method=("GET", "POST"))
def issue(request):
    languages = site_languages(request)
    schema = forms.IssueSchema().bind(
        request=request, **forms.issue_bindings(request, cards.accommodations(
            request.dbsession), languages))
    form = make_form(schema, request, formid="vip-issue-form",
                     buttons=(deform.Button("issue", _("Issue the card")),))

    def save(data):
        try:
            issued = cards.issue_card(request.dbsession, forms.card_input(request, data),
                                      qr_key(request), issued_by_id=request.user.id)
        except DomainError as exc:
            return _refused(request, form, data, exc)
        flash(request, _("Card ${number} issued.", mapping={
            "number": vip_secrets.format_card_number(issued.card.number)}))
        return HTTPFound(request.route_url("vip.cards.sheet", id=issued.card.id))

    lang = request.locale_name
    default = {"language": lang if lang in dict(languages) else languages[0][0],
               "arrival": today(), "adults": 1, "pets": 0}
    return _form_page(request, form, save, default, _("Issue a VIP card"), card=None)


def _card(request):
    return cards.get_card(request.dbsession, path_id(request))


@view_config(route_name="vip.cards.view", renderer=template("cards_view.pt"),
             permission=ISSUE, request_method="GET")
def card_page(request):
    card = _card(request)
    visitor = card.visitor
    accommodation = request.dbsession.get(Partner, visitor.accommodation_id) \
        if visitor.accommodation_id else None
    return _page(
        request, _("Card ${number}", mapping={
            "number": vip_secrets.format_card_number(card.number)}),
        card=card, visitor=visitor, day=today(), lang=request.locale_name,
        accommodation=accommodation.text("name", request.locale_name) if accommodation
        else None, envie_labels=forms.ENVIE_LABELS, audience_labels=forms.AUDIENCE_LABELS,
        consent_titles=forms.CONSENT_TITLES,
        uses=privacy.redemptions_of(request.dbsession, visitor.id),
        can_manage=request.has_permission(MANAGE))


@view_config(route_name="vip.cards.sheet", renderer=template("cards_sheet.pt"),
             permission=ISSUE, request_method="GET")
def card_sheet(request):
    """The card's number and QR code, to print or show the visitor."""
    card = _card(request)
    title = _("Card ${number}", mapping={"number": vip_secrets.format_card_number(card.number)})
    # Only a working card gets its QR code: a sheet printed now would outlive the block.
    if card.status != "active":
        request.response.status = 410
        return _page(request, title, card=card, card_url=None, qr=None,
                     gone=_("This card is blocked or retired: its QR code no longer works "
                            "and there is nothing to print."))
    url = card_url(request, cards.qr_token(card, qr_key(request)), card.visitor.language)
    label = request.localizer.translate(_("QR code of the visitor's card page"))
    return _page(request, title, card=card, card_url=url, gone=None,
                 qr=qr_svg_inline(url, label=label))


@view_config(route_name="vip.cards.block", permission=ISSUE, request_method="POST")
def block(request):
    card = cards.block_card(request.dbsession, path_id(request))
    flash(request, _("Card ${number} is blocked: terminals refuse it.", mapping={
        "number": vip_secrets.format_card_number(card.number)}))
    return HTTPFound(request.route_url("vip.cards.view", id=card.id))


@view_config(route_name="vip.cards.reissue", renderer=template("cards_form.pt"),
             permission=ISSUE, request_method=("GET", "POST"))
def reissue(request):
    old = _card(request)
    form = make_form(forms.ReissueSchema(), request, formid="vip-reissue-form",
                     buttons=(deform.Button("reissue", _("Issue the new card")),))

    def save(data):
        try:
            issued = cards.reissue_card(request.dbsession, old.id, data["uid"],
                                        qr_key(request), number=data["number"] or None)
        except DomainError as exc:
            return _refused(request, form, data, exc)
        flash(request, _("Card ${old} is blocked; card ${new} replaces it.", mapping={
            "old": vip_secrets.format_card_number(old.number),
            "new": vip_secrets.format_card_number(issued.card.number)}))
        return HTTPFound(request.route_url("vip.cards.sheet", id=issued.card.id))

    return _form_page(request, form, save, {}, _("Replace card ${number}", mapping={
        "number": vip_secrets.format_card_number(old.number)}), card=old)

"""The partners' terminals as the office manages them (``vip.manage``): the list per
partner, adding one (its one-time pairing code shown once), a new code for a terminal
not yet paired, and revoking one after a confirmation.

Thin views over :mod:`.services.terminals`. Pairing codes are shown in the answer to the
POST that made them and never again (only their digest is stored), so those answers are
kept by no cache.
"""
from __future__ import annotations

import deform
from pyramid.httpexceptions import HTTPFound
from pyramid.view import view_config

from lanta.forms import make_form, process_form, render_with_error
from lanta.services.errors import DomainError

from . import office_cards_forms as forms
from .i18n import _
from .office_cards_common import (MANAGE, domain_message, flash, local_time, no_store,
                                  path_id, template)
from .services import terminals
from .services.clock import utcnow

STATE_TITLES = {
    "paired": _("Paired"),
    "waiting": _("Waiting to be paired"),
    "expired": _("Code expired"),
    "revoked": _("Revoked"),
}
TTL_MINUTES = int(terminals.PAIRING_TTL.total_seconds() // 60)


def _page(request, title, **values) -> dict:
    no_store(request)
    values.update(admin_section=True, page_title=title, local_time=local_time,
                  state_titles=STATE_TITLES, ttl_minutes=TTL_MINUTES)
    return values


def _code_page(request, terminal, code: str) -> dict:
    partner = terminals.get_partner(request.dbsession, terminal.partner_id)
    return _page(request, _("Pairing code"), terminal=terminal, code=code,
                 partner_name=partner.text("name", request.locale_name),
                 expires=local_time(terminal.pairing_expires_at))


@view_config(route_name="vip.terminals.list", renderer=template("terminals_list.pt"),
             permission=MANAGE, request_method="GET")
def terminals_list(request):
    now = utcnow()
    return _page(request, _("Terminals"), now=now, lang=request.locale_name,
                 groups=terminals.partners_with_terminals(request.dbsession),
                 state=lambda terminal: terminals.terminal_state(terminal, now))


@view_config(route_name="vip.terminals.add", renderer=template("terminals_form.pt"),
             permission=MANAGE, request_method=("GET", "POST"))
def add(request):
    lang = request.locale_name
    partners = sorted(((str(p.id), p.text("name", lang))
                       for p in terminals.partners(request.dbsession)),
                      key=lambda pair: pair[1].lower())
    schema = forms.TerminalSchema().bind(
        request=request, partners=partners,
        choose_partner=request.localizer.translate(_("Choose a partner")))
    form = make_form(schema, request, formid="vip-terminal-form",
                     buttons=(deform.Button("add", _("Add the terminal")),))

    def save(data):
        try:
            terminal, code = terminals.create_terminal(request.dbsession, data["partner_id"],
                                                       data["label"])
        except DomainError as exc:
            request.response.status = exc.status
            return render_with_error(form, data, domain_message(exc),
                                     forms.error_field(exc, form))
        return terminal, code

    result, html = process_form(request, form, save)
    if isinstance(result, tuple):
        request.override_renderer = template("terminals_code.pt")
        return _code_page(request, *result)
    if request.method == "POST" and request.response.status_int < 400:
        request.response.status = 400
    return _page(request, _("Add a terminal"), form=result or html)


@view_config(route_name="vip.terminals.code", renderer=template("terminals_code.pt"),
             permission=MANAGE, request_method="POST")
def new_code(request):
    terminal = terminals.get_terminal(request.dbsession, path_id(request))
    code = terminals.renew_unpaired_code(request.dbsession, terminal.id)
    return _code_page(request, terminal, code)


@view_config(route_name="vip.terminals.revoke", renderer=template("terminals_revoke.pt"),
             permission=MANAGE, request_method=("GET", "POST"))
def revoke(request):
    """GET asks for confirmation; POST revokes: the terminal's key stops at once."""
    terminal = terminals.get_terminal(request.dbsession, path_id(request))
    if request.method == "POST":
        terminals.revoke_terminal(request.dbsession, terminal.id)
        flash(request, _("Terminal ${id} is revoked: its key no longer works.",
                         mapping={"id": terminal.id}))
        return HTTPFound(request.route_url("vip.terminals.list"))
    partner = terminals.get_partner(request.dbsession, terminal.partner_id)
    return _page(request, _("Revoke a terminal"), terminal=terminal,
                 partner_name=partner.text("name", request.locale_name))

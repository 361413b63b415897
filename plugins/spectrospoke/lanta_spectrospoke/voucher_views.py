"""A guest's voucher (no login: the signed token in its address is the proof): a
printable page in the booking's language with the reference in large letters and the
QR code the activity partner scans, and that QR code as an SVG file.

A forged or altered token answers 404; a declined or cancelled booking's page says so
and carries no code.
"""
from __future__ import annotations

from markupsafe import Markup
from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from lanta.models import Partner
from lanta.services import qr_codes

from . import booking as pages
from .i18n import _
from .models import Booking
from .services import vouchers


def _booking(request) -> Booking:
    booking = vouchers.booking_for_token(request.dbsession, pages.voucher_key(request),
                                         request.matchdict["token"])
    if booking is None:
        raise HTTPNotFound()
    return booking


def _speak(request, lang: str) -> None:
    """Render this page in the booking's language, whatever the browser asks."""
    if lang in (request.site.languages or []):
        request.localizer = pages.localizer_for(request, lang)
        request.locale_name = lang


@view_config(route_name="spectrospoke.voucher",
             renderer="lanta_spectrospoke:templates/voucher.pt", permission="view",
             request_method="GET")
def voucher(request):
    booking = _booking(request)
    _speak(request, booking.language)
    lang = request.locale_name
    partner = request.dbsession.get(Partner, booking.activity_id)
    valid = booking.state == "confirmed"
    qr = None
    if valid:
        qr = Markup(qr_codes.qr_svg_inline(
            pages.voucher_url(request, booking), label=request.localizer.translate(
                _("QR code of the voucher ${reference}",
                  mapping={"reference": booking.reference}))))
    address = ", ".join(part for part in (
        partner.street, " ".join(p for p in (partner.postcode, partner.city) if p)) if part)
    return {"booking": booking, "valid": valid, "qr": qr,
            "activity": partner.text("name", lang), "address": address,
            "phone": partner.phone,
            "when": pages.when_text(booking, pages.slot_of(request, booking), lang),
            "validated": pages.moment_text(booking.validated_at, lang),
            "stylesheet": pages.STYLESHEET,
            "page_title": _("Voucher ${reference}", mapping={"reference": booking.reference})}


@view_config(route_name="spectrospoke.voucher.qr", permission="view", request_method="GET")
def voucher_qr(request):
    booking = _booking(request)
    if booking.state != "confirmed":
        raise HTTPNotFound()
    svg = qr_codes.qr_svg(pages.voucher_url(request, booking),
                          title=f"{booking.reference}")
    response = Response(svg.encode("utf-8"), content_type="image/svg+xml",
                        charset="utf-8")
    response.cache_control = "private, no-store"
    return response

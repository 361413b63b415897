"""The kiosk's booking pages (no login: the secret of the headset's address is the
device's): the form a guest fills in with the hotel's staff after a clip, and the
booking's page, which waits for the activity partner's answer and then shows the
voucher to print or scan.

They are kiosk pages: the kiosk's helpers find the headset and the language, and send
the kiosk's headers and its own "not found" page (:mod:`.kiosk_views`).
"""
from __future__ import annotations

import datetime as dt
import secrets

from babel import Locale
from markupsafe import Markup
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from lanta.models import Partner
from lanta.services import qr_codes
from lanta.services.errors import DomainError

from . import booking as pages
from .i18n import _
from .kiosk_views import KioskNotFound, kiosk_headset, kiosk_lang, shown_clip
from .models import Booking
from .services import bookings, slots
from .services.kiosks import note_seen

FORM = "lanta_spectrospoke:templates/booking_form.pt"


def _languages(request) -> list[tuple[str, str]]:
    names = []
    for lang in request.site.languages or ["fr"]:
        try:
            names.append((lang, Locale.parse(lang).get_display_name(lang).capitalize()))
        except (ValueError, LookupError):
            names.append((lang, lang))
    return names


def _number(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 6 else None


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _attempt(request, headset, clip, activity) -> tuple[Booking | None, dict, int]:
    """Book from the posted form: the booking, or the errors by field and the status."""
    post = request.POST
    choice = post.get("slot", "")
    slot_id = _number(choice) if choice != "day" else None
    day = _day(post.get("day", "")) if choice == "day" else None
    if choice == "day" and day is None:
        return None, {"day": _("Give the day, for example 2027-07-14.")}, 400
    participants = _number(post.get("participants", ""))
    if participants is None:
        return None, {"participants": _("Give the number of participants.")}, 400
    try:
        booking, created = bookings.book_once(
            request.dbsession, clip=clip, activity_id=activity.partner_id,
            slot_id=slot_id if choice != "day" else None, day=day,
            participants=participants, contact_name=post.get("contact_name", ""),
            contact_email=post.get("contact_email", ""),
            contact_phone=post.get("contact_phone", ""),
            language=post.get("language") if post.get("language") in dict(
                _languages(request)) else request.locale_name,
            headset=headset, request_id=post.get("request_id") or None)
    except DomainError as exc:
        field = getattr(exc, "on", "slot")
        return None, {field: _(exc.message, mapping=exc.mapping)}, exc.status
    # A second tap (or a form sent again) finds the booking made: one mail only.
    if created:
        pages.send_request(request, booking)
    return booking, {}, 200


@view_config(route_name="spectrospoke.kiosk.book", renderer=FORM, permission="view",
             request_method=("GET", "POST"))
def book(request):
    headset = kiosk_headset(request)
    dbsession, lang = request.dbsession, kiosk_lang(request)
    clip = shown_clip(request, lang)
    activity = bookings.activity_of(dbsession, clip.partner_id)
    if activity is None:
        # The clip page shows no button then; an address typed or kept from before.
        raise KioskNotFound(_("This activity cannot be booked here."),
                            back_url=request.route_url(
                                "spectrospoke.kiosk.clip", token=request.matchdict["token"],
                                lang=lang, slug=clip.slug))
    errors: dict = {}
    values = {"participants": "2", "language": lang, "slot": "",
              "request_id": secrets.token_urlsafe(16)}
    if request.method == "POST":
        note_seen(headset)
        booking, errors, status = _attempt(request, headset, clip, activity)
        if booking is not None:
            return HTTPSeeOther(request.route_url(
                "spectrospoke.kiosk.booking", token=request.matchdict["token"], lang=lang,
                reference=booking.reference))
        request.response.status = status if status >= 400 else 400
        values.update({k: request.POST.get(k, "") for k in (
            "slot", "day", "participants", "contact_name", "contact_email",
            "contact_phone", "language", "request_id")})
    open_slots = slots.slots(dbsession, activity.partner_id, only_free=True, limit=30)
    partner = dbsession.get(Partner, activity.partner_id)
    tomorrow = slots.office_today() + dt.timedelta(days=1)
    return {"clip": clip, "partner_name": partner.text("name", lang), "activity": activity,
            "slots": [(s, pages.slot_text(s, lang),
                       pages.money(s.price_cents if s.price_cents is not None
                                   else activity.price_cents, lang)) for s in open_slots],
            "price": pages.money(activity.price_cents, lang), "values": values,
            "errors": errors, "guest_languages": _languages(request),
            "min_day": tomorrow.isoformat(),
            "max_day": (tomorrow + bookings.FURTHEST_DAY).isoformat(),
            "back_url": request.route_url("spectrospoke.kiosk.clip",
                                          token=request.matchdict["token"], lang=lang,
                                          slug=clip.slug),
            "stylesheet": pages.STYLESHEET, "lang": lang,
            "hotel_name": pages.name_of(dbsession.get(Partner, headset.hotel_id), lang),
            "page_title": _("Book: ${activity}", mapping={
                "activity": clip.text_for("title", lang)})}


@view_config(route_name="spectrospoke.kiosk.booking",
             renderer="lanta_spectrospoke:templates/booking_status.pt", permission="view",
             request_method="GET")
def booking_status(request):
    headset = kiosk_headset(request)
    dbsession, lang = request.dbsession, kiosk_lang(request)
    booking = bookings.by_reference(dbsession, request.matchdict["reference"])
    # Only the hotel that took the booking sees it from its headsets.
    if booking is None or booking.hotel_id != headset.hotel_id:
        raise KioskNotFound(_("This booking is not known on this headset."),
                            back_url=request.route_url("spectrospoke.kiosk.catalogue",
                                                       token=request.matchdict["token"],
                                                       lang=lang))
    partner = dbsession.get(Partner, booking.activity_id)
    voucher, qr = None, None
    if booking.state == "confirmed":
        voucher = pages.voucher_url(request, booking)
        qr = Markup(qr_codes.qr_svg_inline(voucher, label=request.localizer.translate(
            _("QR code of the voucher ${reference}", mapping={
                "reference": booking.reference}))))
    return {"booking": booking, "partner_name": partner.text("name", lang),
            "when": pages.when_text(booking, pages.slot_of(request, booking), lang),
            "voucher_url": voucher, "qr": qr, "stylesheet": pages.STYLESHEET, "lang": lang,
            "hotel_name": pages.name_of(dbsession.get(Partner, headset.hotel_id), lang),
            "catalogue_url": request.route_url("spectrospoke.kiosk.catalogue",
                                               token=request.matchdict["token"], lang=lang),
            "page_title": _("Booking ${reference}", mapping={
                "reference": booking.reference})}

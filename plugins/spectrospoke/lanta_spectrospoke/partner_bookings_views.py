"""An activity partner's own pages (``partner.self``, for a listing of the activity
category that the account keeps; any other answers 404):
its bookings, one booking with its confirm and decline forms, its slots and ticket
price, and the voucher check at the counter.

The slots page is shared with the office (:mod:`.office_bookings_views`) through
:func:`settings_page`; a refusal re-shows the form concerned with its message and
nothing written.
"""
from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date, format_time
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from lanta.forms import flash
from lanta.models import Partner
from lanta.services.errors import DomainError

from . import booking as pages
from .i18n import _
from .models import Booking
from .partner_pages import own_activity
from .services import bookings, slots, vouchers

SETTINGS = "lanta_spectrospoke:templates/activity_settings.pt"
PRICE = re.compile(r"^\d{1,6}([.,]\d{1,2})?$")


def own_booking(request, partner: Partner) -> Booking:
    booking = bookings.by_reference(request.dbsession, request.matchdict["reference"])
    if booking is None or booking.activity_id != partner.id:
        raise HTTPNotFound()
    return booking


def booking_rows(request, rows: list[Booking], slot_map: dict) -> list[dict]:
    """What a list of bookings shows: reference, time, participants, contact, hotel."""
    lang = request.locale_name
    hotels = bookings.partners_by_id(request.dbsession, {b.hotel_id for b in rows})
    activities = bookings.partners_by_id(request.dbsession, {b.activity_id for b in rows})
    return [{"booking": b, "when": pages.when_text(b, slot_map.get(b.slot_id), lang),
             "hotel": pages.name_of(hotels.get(b.hotel_id), lang),
             "activity": pages.name_of(activities.get(b.activity_id), lang),
             "amount": pages.money(b.amount_cents, lang)} for b in rows]


# --- decisions -------------------------------------------------------------------------------


def decide(request, booking: Booking) -> str | None:
    """Apply the posted decision (``confirm``, ``decline`` with a reason, ``cancel``);
    the guest is told by mail. A refused decision raises its domain error."""
    action = request.POST.get("action")
    user_id = request.user.id
    if action == "confirm":
        bookings.confirm(request.dbsession, booking, user_id)
        pages.send_decision(request, booking)
        return _("Booking ${reference} confirmed: the guest gets the voucher.",
                 mapping={"reference": booking.reference})
    if action == "decline":
        bookings.decline(request.dbsession, booking, user_id, request.POST.get("reason", ""))
        pages.send_decision(request, booking)
        return _("Booking ${reference} declined: the guest is told why.",
                 mapping={"reference": booking.reference})
    return None


def booking_page(request, booking: Booking) -> dict:
    lang = request.locale_name
    slot = pages.slot_of(request, booking)
    hotel = request.dbsession.get(Partner, booking.hotel_id) if booking.hotel_id else None
    return {"booking": booking, "when": pages.when_text(booking, slot, lang),
            "hotel": pages.name_of(hotel, lang), "amount": pages.money(booking.amount_cents, lang),
            "validated": pages.moment_text(booking.validated_at, lang),
            "reason": "", "error": None,
            "page_title": _("Booking ${reference}", mapping={"reference": booking.reference})}


@view_config(route_name="spectrospoke.partner.bookings",
             renderer="lanta_spectrospoke:templates/partner_bookings.pt",
             permission="partner.self", request_method="GET")
def partner_bookings(request):
    partner = own_activity(request)
    groups, slot_map = bookings.for_activity(request.dbsession, partner.id)
    return {"partner": partner,
            "groups": [(key, title, booking_rows(request, groups[key], slot_map))
                       for key, title in (("requested", _("Waiting for your answer")),
                                          ("upcoming", _("Confirmed, to come")),
                                          ("past", _("Past, declined or cancelled")))],
            "page_title": _("Bookings of ${name}", mapping={
                "name": partner.text("name", request.locale_name)})}


@view_config(route_name="spectrospoke.partner.booking",
             renderer="lanta_spectrospoke:templates/partner_booking.pt",
             permission="partner.self", request_method=("GET", "POST"))
def partner_booking(request):
    partner = own_activity(request)
    booking = own_booking(request, partner)
    if request.method == "POST":
        try:
            message = decide(request, booking)
        except DomainError as exc:
            page = booking_page(request, booking)
            request.response.status = exc.status
            page.update(error=_(exc.message, mapping=exc.mapping), partner=partner,
                        reason=request.POST.get("reason", ""))
            return page
        if message is not None:
            flash(request, message)
        return HTTPSeeOther(request.route_url("spectrospoke.partner.booking",
                                              slug=partner.slug, reference=booking.reference))
    page = booking_page(request, booking)
    page["partner"] = partner
    return page


# --- slots and settings --------------------------------------------------------------------


def _cents(value: str, *, optional: bool) -> int | None:
    value = (value or "").strip().replace(" ", "").replace("€", "")
    if not value and optional:
        return None
    if not PRICE.match(value):
        raise DomainError("Give a price in euros, for example 35 or 35,50.")
    euros, _sep, cents = value.replace(",", ".").partition(".")
    return int(euros) * 100 + int((cents + "00")[:2])


def _starts(post) -> dt.datetime | None:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(post.get("date", "").strip()),
                                   dt.time.fromisoformat(post.get("time", "").strip()))
    except ValueError:
        return None


def _capacity(post) -> int:
    value = post.get("capacity", "").strip()
    return int(value) if value.isdigit() and len(value) < 6 else 0


def _apply(request, partner: Partner) -> str:
    """Do what the posted form of the slots page asks; returns the flash message."""
    dbsession, post = request.dbsession, request.POST
    action = post.get("action")
    if action == "settings":
        slots.save_activity(dbsession, partner.id,
                            price_cents=_cents(post.get("price", ""), optional=False),
                            accepts_days=post.get("accepts_days") == "on",
                            notify_email=post.get("notify_email", ""))
        return _("Settings saved.")
    if action == "add":
        slots.add_slot(dbsession, partner.id, starts_local=_starts(post),
                       capacity=_capacity(post),
                       price_cents=_cents(post.get("price", ""), optional=True),
                       note=post.get("note", ""))
        return _("Slot added.")
    slot_id = post.get("slot_id", "")
    slot = slots.slot_of(dbsession, partner.id, int(slot_id) if slot_id.isdigit() else 0)
    if action == "edit":
        slots.edit_slot(dbsession, slot, starts_local=_starts(post),
                        capacity=_capacity(post),
                        price_cents=_cents(post.get("price", ""), optional=True),
                        note=post.get("note", ""))
        return _("Slot saved.")
    if action == "remove":
        slots.remove_slot(dbsession, slot)
        return _("Slot removed.")
    raise DomainError("This form is not known.")


def settings_page(request, partner: Partner, page_url: str, extra: dict) -> dict | HTTPSeeOther:
    """The slots page of ``partner``: its settings, its slots to come, a form to add one;
    by the partner or by the office."""
    dbsession, lang = request.dbsession, request.locale_name
    error = None
    if request.method == "POST":
        if bookings.activity_of(dbsession, partner.id) is None \
                and request.POST.get("action") != "settings":
            error = {"form": "add", "message": _("Save the ticket price first.")}
            request.response.status = 400
        else:
            try:
                message = _apply(request, partner)
            except DomainError as exc:
                request.response.status = exc.status
                form = request.POST.get("action", "")
                if form in ("edit", "remove"):
                    form = f"slot-{request.POST.get('slot_id', '')}"
                error = {"form": form, "message": _(exc.message, mapping=exc.mapping)}
            else:
                flash(request, message)
                return HTTPSeeOther(page_url)
    activity = bookings.activity_of(dbsession, partner.id)
    posted = request.POST if error else {}
    rows = [_slot_row(s, lang, posted if error and error["form"] == f"slot-{s.id}" else None)
            for s in slots.slots(dbsession, partner.id, limit=200)]
    settings_error = bool(error) and error["form"] == "settings"
    return {"partner": partner, "activity": activity, "page_url": page_url,
            "price": f"{activity.price_cents / 100:.2f}".replace(".", ",")
            if activity else "",
            "accepts_days": posted.get("accepts_days") == "on" if settings_error
            else activity is None or activity.accepts_days,
            "rows": rows, "error": error, "posted": posted,
            "today": slots.office_today().isoformat(),
            "page_title": _("Slots of ${name}", mapping={"name": partner.text("name", lang)}),
            **extra}


def _slot_row(slot, lang: str, posted) -> dict:
    """A slot's form: its values, or those just posted when they were refused."""
    local = slots.office_time(slot.starts_at)
    row = {"slot": slot, "text": pages.slot_text(slot, lang),
           "date": local.date().isoformat(), "time": local.strftime("%H:%M"),
           "capacity": str(slot.capacity), "note": slot.note or "",
           "price": "" if slot.price_cents is None
           else f"{slot.price_cents / 100:.2f}".replace(".", ",")}
    if posted is not None:
        row.update({key: posted.get(key, "") for key in
                    ("date", "time", "capacity", "price", "note")})
    return row


@view_config(route_name="spectrospoke.partner.slots", renderer=SETTINGS,
             permission="partner.self", request_method=("GET", "POST"))
def partner_slots(request):
    partner = own_activity(request)
    return settings_page(request, partner, request.route_url(
        "spectrospoke.partner.slots", slug=partner.slug), {
        "back_url": request.route_url("spectrospoke.partner.bookings", slug=partner.slug),
        "back_text": _("Back to my bookings")})


# --- the voucher check --------------------------------------------------------------------------


@view_config(route_name="spectrospoke.partner.validate",
             renderer="lanta_spectrospoke:templates/partner_validate.pt",
             permission="partner.self", request_method=("GET", "POST"))
def partner_validate(request):
    partner = own_activity(request)
    result = None
    if request.method == "POST":
        lang = request.locale_name
        try:
            booking = vouchers.find(request.dbsession, pages.voucher_key(request),
                                    request.POST.get("voucher", ""))
            vouchers.validate(request.dbsession, booking, request.user.id, partner.id)
        except vouchers.AlreadyValidated as exc:
            local = slots.office_time(exc.validated_at)
            request.response.status = exc.status
            result = {"ok": False, "message": _(exc.message, mapping={
                "day": format_date(local, "long", locale=lang),
                "time": format_time(local, "short", locale=lang)})}
        except DomainError as exc:
            request.response.status = exc.status
            result = {"ok": False, "message": _(exc.message, mapping=exc.mapping)}
        else:
            hotel = request.dbsession.get(Partner, booking.hotel_id) \
                if booking.hotel_id else None
            names = {"count": booking.participants,
                     "when": pages.when_text(booking, pages.slot_of(request, booking), lang),
                     "hotel": pages.name_of(hotel, lang) or request.site.name,
                     "name": booking.contact_name, "reference": booking.reference}
            result = {"ok": True, "message": _(
                "Valid: ${count} participant(s), ${when}, booked at ${hotel} in the name "
                "of ${name} (${reference}).", mapping=names)}
    return {"partner": partner, "result": result, "script": pages.SCRIPT,
            "stylesheet": pages.STYLESHEET,
            "page_title": _("Check a voucher")}

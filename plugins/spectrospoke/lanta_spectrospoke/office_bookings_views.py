"""The office's booking pages (``spectrospoke.manage``): the activity partners with
clips and their settings and slots, every booking (filtered, paged), and one booking,
which the office may confirm, decline or cancel on a partner's behalf (a cancellation
is mailed to the guest and to the activity), or whose voucher it may send again.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from lanta.forms import flash
from lanta.models import Partner, row_by_id
from lanta.services.errors import DomainError

from . import MANAGE
from . import booking as pages
from .hotels import percent
from .i18n import _
from .models import BOOKING_STATES, Activity, Clip, Hotel
from .partner_bookings_views import booking_page, booking_rows, decide, settings_page
from .services import bookings, slots

STATE_LABELS = {"requested": _("Waiting for confirmation"), "confirmed": _("Confirmed"),
                "declined": _("Declined"), "cancelled": _("Cancelled")}


def _activity_partners(dbsession) -> list[Partner]:
    """Partners with a clip or with activity settings, by name."""
    ids = set(dbsession.scalars(select(Clip.partner_id))) | set(
        dbsession.scalars(select(Activity.partner_id)))
    return sorted(bookings.partners_by_id(dbsession, ids).values(),
                  key=lambda p: p.text("name", "fr").lower())


@view_config(route_name="spectrospoke.activities.list",
             renderer="lanta_spectrospoke:templates/activities_list.pt", permission=MANAGE,
             request_method="GET")
def activities_list(request):
    dbsession, lang = request.dbsession, request.locale_name
    waiting = bookings.requested_by_activity(dbsession)
    rows = []
    for partner in _activity_partners(dbsession):
        activity = bookings.activity_of(dbsession, partner.id)
        rows.append({"partner": partner, "name": partner.text("name", lang),
                     "price": pages.money(activity.price_cents, lang) if activity else None,
                     "accepts_days": bool(activity and activity.accepts_days),
                     "slots": len(slots.slots(dbsession, partner.id, only_free=True)),
                     "waiting": waiting.get(partner.id, 0)})
    return {"rows": rows, "admin_section": True, "page_title": _("Activities")}


@view_config(route_name="spectrospoke.activities.edit",
             renderer="lanta_spectrospoke:templates/activity_settings.pt",
             permission=MANAGE, request_method=("GET", "POST"))
def activity_edit(request):
    partner = row_by_id(request.dbsession, Partner, int(request.matchdict["partner_id"]))
    if partner is None:
        raise HTTPNotFound()
    return settings_page(request, partner, request.route_url(
        "spectrospoke.activities.edit", partner_id=partner.id), {
        "admin_section": True, "back_url": request.route_url("spectrospoke.activities.list"),
        "back_text": _("Back to the activities")})


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


@view_config(route_name="spectrospoke.bookings.list",
             renderer="lanta_spectrospoke:templates/office_bookings.pt", permission=MANAGE,
             request_method="GET")
def bookings_list(request):
    dbsession, lang, get = request.dbsession, request.locale_name, request.GET
    state = get.get("state", "") if get.get("state") in BOOKING_STATES else ""
    activity_id, hotel_id = _int(get.get("activity", "")), _int(get.get("hotel", ""))
    page = _int(get.get("page", "")) or 1
    rows, total = bookings.search(dbsession, state=state or None, activity_id=activity_id,
                                  hotel_id=hotel_id, page=page)
    hotels = bookings.partners_by_id(dbsession, set(dbsession.scalars(
        select(Hotel.partner_id))))
    pages_count = max(1, -(-total // bookings.PAGE_SIZE))
    filters = {"state": state, "activity": activity_id or "", "hotel": hotel_id or ""}

    def page_url(number: int) -> str:
        return request.route_url("spectrospoke.bookings.list", _query={
            **{k: v for k, v in filters.items() if v}, "page": number})
    return {"rows": booking_rows(request, rows, bookings.slots_of(dbsession, rows)),
            "total": total, "page": page, "pages_count": pages_count,
            "previous_url": page_url(page - 1) if page > 1 else None,
            "next_url": page_url(page + 1) if page < pages_count else None,
            "filters": filters, "states": list(STATE_LABELS.items()),
            "activities": [(p.id, p.text("name", lang))
                           for p in _activity_partners(dbsession)],
            "hotels": sorted(((p.id, p.text("name", lang)) for p in hotels.values()),
                             key=lambda choice: choice[1].lower()),
            "state_labels": STATE_LABELS, "admin_section": True,
            "page_title": _("Bookings")}


@view_config(route_name="spectrospoke.bookings.show",
             renderer="lanta_spectrospoke:templates/office_booking.pt", permission=MANAGE,
             request_method=("GET", "POST"))
def booking_show(request):
    booking = bookings.by_reference(request.dbsession, request.matchdict["reference"])
    if booking is None:
        raise HTTPNotFound()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                bookings.cancel(request.dbsession, booking, request.user.id,
                                request.POST.get("reason", ""))
                pages.send_cancellation(request, booking)
                message = _("Booking ${reference} cancelled: the guest and the activity "
                            "are told.",
                            mapping={"reference": booking.reference})
            elif action == "resend":
                if booking.state != "confirmed" or not booking.contact_email:
                    raise DomainError("Only a confirmed booking with an e-mail address "
                                      "gets its voucher by mail.")
                pages.send_decision(request, booking)
                message = _("Voucher sent again to ${email}.",
                            mapping={"email": booking.contact_email})
            else:
                message = decide(request, booking)
        except DomainError as exc:
            page = _page(request, booking)
            request.response.status = exc.status
            page.update(error=_(exc.message, mapping=exc.mapping),
                        reason=request.POST.get("reason", ""))
            return page
        if message is not None:
            flash(request, message)
        return HTTPSeeOther(request.route_url("spectrospoke.bookings.show",
                                              reference=booking.reference))
    return _page(request, booking)


def _page(request, booking) -> dict:
    page = booking_page(request, booking)
    activity = request.dbsession.get(Partner, booking.activity_id)
    page.update(activity=pages.name_of(activity, request.locale_name),
                state_label=STATE_LABELS[booking.state],
                voucher_url=pages.voucher_url(request, booking)
                if booking.state == "confirmed" else None,
                commission=pages.money(booking.commission_cents, request.locale_name),
                rate=percent(booking.commission_rate_bp, request.locale_name),
                admin_section=True)
    return page

"""Booking pages: the kiosk's booking form and status, the activity partners' bookings,
slots and voucher check, the office's activities and bookings, and the voucher.

This page module wires the views (:mod:`.booking_views`, :mod:`.partner_bookings_views`,
:mod:`.office_bookings_views`, :mod:`.voucher_views`) and holds what they share: how a
booking's time reads in a language, its voucher address, and the mails it sends.
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time
from markupsafe import Markup
from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid.renderers import render
from pyramid_mailer import get_mailer
from pyramid_mailer.message import Message

from lanta.addon_api import AdminMenuEntry, DashboardWidget
from lanta.models import Partner, utcnow

from . import MANAGE
from .i18n import ADMIN_SECTION, _
from .models import Booking, Hotel, Slot
from .partner_pages import ACTIVITY
from .services import booking_mail, bookings, vouchers
from .services.clock import office_time
from .statements import money  # noqa: F401 (the pages' one way to show money)

STYLESHEET = "lanta_spectrospoke:static/booking.css"
SCRIPT = "lanta_spectrospoke:static/validate.js"


def includeme(config) -> None:
    # The static files are served by :mod:`.kiosk`.
    config.scan(".booking_views")
    config.scan(".partner_bookings_views")
    config.scan(".office_bookings_views")
    config.scan(".voucher_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return [
        AdminMenuEntry(_("Bookings"), request.route_url("spectrospoke.bookings.list"),
                       MANAGE, order=91, name="spectrospoke.bookings", section=ADMIN_SECTION),
        AdminMenuEntry(_("Activities"), request.route_url("spectrospoke.activities.list"),
                       MANAGE, order=92, name="spectrospoke.activities",
                       section=ADMIN_SECTION),
    ]


def dashboard_widgets(request) -> list[DashboardWidget]:
    """"Bookings": how many wait for the activity partners' answer."""
    if not request.has_permission(MANAGE):
        return []  # the core would drop it too; this spares the query
    body = render("lanta_spectrospoke:templates/booking_widget.pt",
                  {"waiting": bookings.count_requested(request.dbsession)}, request=request)
    return [DashboardWidget(_("Bookings"), Markup(body), permission=MANAGE, order=91)]


def partner_space_links(request, partner: Partner) -> list[AdminMenuEntry]:
    """For the hook ``lanta_partner_space_links``: beside its listing on the partner's
    space, an activity's bookings, slots and voucher check, and the commission statement
    of an activity or of a partner hotel."""
    dbsession = request.dbsession
    is_activity = partner.category == ACTIVITY \
        and bookings.activity_of(dbsession, partner.id) is not None
    links = []
    if is_activity:
        links += [
            AdminMenuEntry(_("My bookings"), request.route_url(
                "spectrospoke.partner.bookings", slug=partner.slug), "partner.self",
                order=55),
            AdminMenuEntry(_("My slots"), request.route_url(
                "spectrospoke.partner.slots", slug=partner.slug), "partner.self", order=56),
            AdminMenuEntry(_("Check a voucher"), request.route_url(
                "spectrospoke.partner.validate", slug=partner.slug), "partner.self",
                order=57),
        ]
    if is_activity or dbsession.get(Hotel, partner.id) is not None:
        links.append(AdminMenuEntry(_("My commission statement"), request.route_url(
            "spectrospoke.partner.statement", slug=partner.slug), "partner.self",
            order=58))
    return links


# --- what the pages share ---------------------------------------------------------------------


def when_text(booking: Booking, slot: Slot | None, lang: str) -> str:
    """"14 July 2027, 10:00" for a slot, "14 July 2027" for a day, in office time."""
    if slot is not None:
        at = office_time(slot.starts_at)
        return f"{format_date(at, 'long', locale=lang)}, {format_time(at, 'short', locale=lang)}"
    return format_date(booking.day, "long", locale=lang) if booking.day else ""


def slot_text(slot: Slot, lang: str) -> str:
    at = office_time(slot.starts_at)
    return f"{format_date(at, 'full', locale=lang)}, {format_time(at, 'short', locale=lang)}"


def moment_text(at: dt.datetime | None, lang: str) -> str:
    if at is None:
        return ""
    local = office_time(at)
    return f"{format_date(local, 'medium', locale=lang)} {format_time(local, 'short', locale=lang)}"


def slot_of(request, booking: Booking) -> Slot | None:
    return request.dbsession.get(Slot, booking.slot_id) if booking.slot_id else None


def voucher_key(request) -> bytes:
    return vouchers.key_for(request.registry.lanta_settings)


def voucher_url(request, booking: Booking) -> str:
    return request.route_url("spectrospoke.voucher",
                             token=vouchers.token_for(voucher_key(request), booking))


def name_of(partner: Partner | None, lang: str) -> str:
    return partner.text("name", lang) if partner is not None else ""


def localizer_for(request, lang: str):
    """The localizer of ``lang`` (a mail's recipient's, a voucher's language)."""
    if lang == request.locale_name:
        return request.localizer
    directories = request.registry.queryUtility(ITranslationDirectories, default=[])
    return make_localizer(lang, directories)


def translator(request, lang: str):
    """Translates into ``lang``, the language of a mail's recipient."""
    return localizer_for(request, lang).translate


def _send(request, mail) -> None:
    get_mailer(request).send(Message(subject=mail.subject, recipients=[mail.recipient],
                                     body=mail.body))


def send_request(request, booking: Booking) -> None:
    """Announce a new booking to its activity partner (its booking e-mail, else its
    listing's), in the site's first language."""
    dbsession = request.dbsession
    activity = bookings.activity_of(dbsession, booking.activity_id)
    partner = dbsession.get(Partner, booking.activity_id)
    recipient = (activity.notify_email if activity is not None else "") or partner.email
    if not recipient:
        return
    lang = (request.site.languages or ["fr"])[0]
    hotel = dbsession.get(Partner, booking.hotel_id) if booking.hotel_id else None
    link = request.route_url("spectrospoke.partner.booking", slug=partner.slug,
                             reference=booking.reference)
    _send(request, booking_mail.request_mail(
        translator(request, lang), booking, recipient=recipient,
        when=when_text(booking, slot_of(request, booking), lang),
        hotel=name_of(hotel, lang), link=link, site=request.site.name))


def send_decision(request, booking: Booking) -> None:
    """Tell the guest (when an e-mail was given) of a confirmation, with the voucher's
    link, or of a decline with its reason, in the booking's language."""
    if not booking.contact_email:
        return
    lang = booking.language
    partner = request.dbsession.get(Partner, booking.activity_id)
    when = when_text(booking, slot_of(request, booking), lang)
    translate = translator(request, lang)
    if booking.state == "confirmed":
        _send(request, booking_mail.voucher_mail(
            translate, booking, activity=name_of(partner, lang), when=when,
            link=voucher_url(request, booking), site=request.site.name))
        booking.voucher_sent_at = utcnow()
    elif booking.state == "declined":
        _send(request, booking_mail.decline_mail(
            translate, booking, activity=name_of(partner, lang), when=when,
            site=request.site.name))


def send_cancellation(request, booking: Booking) -> None:
    """Tell the guest (when an e-mail was given), in the booking's language, and the
    activity partner, in the site's first language, that the office cancelled the
    booking."""
    dbsession = request.dbsession
    partner = dbsession.get(Partner, booking.activity_id)
    slot = slot_of(request, booking)
    if booking.contact_email:
        lang = booking.language
        _send(request, booking_mail.guest_cancel_mail(
            translator(request, lang), booking, activity=name_of(partner, lang),
            when=when_text(booking, slot, lang), site=request.site.name))
    activity = bookings.activity_of(dbsession, booking.activity_id)
    recipient = (activity.notify_email if activity is not None else "") or partner.email
    if recipient:
        lang = (request.site.languages or ["fr"])[0]
        _send(request, booking_mail.partner_cancel_mail(
            translator(request, lang), booking, recipient=recipient,
            when=when_text(booking, slot, lang), link=request.route_url(
                "spectrospoke.partner.booking", slug=partner.slug,
                reference=booking.reference), site=request.site.name))

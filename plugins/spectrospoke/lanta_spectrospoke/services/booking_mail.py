"""The mails of a booking, composed in plain text: the request announced to the
activity partner, the voucher sent to the guest on confirmation, the guest told of a
decline with its reason, and both told when the office cancels.

Composition only, like :mod:`lanta.services.mail`, whose mail type and line width these
share (its composer is for one-link account mails, so the layout is done here): the
caller gives a ``translate`` function for the recipient's language, the links, and hands
the result to its mailer.
"""
from __future__ import annotations

import textwrap
from typing import Callable

from lanta.services.mail import LINE_WIDTH, OutgoingMail

from ..i18n import _
from ..models import Booking

Translate = Callable[[object], str]


def _mail(recipient: str, subject: str, paragraphs: list[str], signature: str,
          ) -> OutgoingMail:
    wrapped = [p if p.startswith("http") else textwrap.fill(
        p, LINE_WIDTH, break_long_words=False, break_on_hyphens=False)
        for p in paragraphs if p]
    body = "\n\n".join([*wrapped, "-- \n" + signature]) + "\n"
    # A header with a line break would let a crafted name add headers.
    return OutgoingMail(recipient=recipient, subject=" ".join(subject.split()), body=body)


def request_mail(translate: Translate, booking: Booking, *, recipient: str, when: str,
                 hotel: str, link: str, site: str) -> OutgoingMail:
    """To the activity partner: a new booking waits for its answer."""
    names = {"reference": booking.reference, "when": when, "count": booking.participants,
             "hotel": hotel or site, "name": booking.contact_name}
    return _mail(recipient, translate(_("Booking request ${reference}: ${when}",
                                        mapping=names)), [
        translate(_("Hello,")),
        translate(_("${name} asks to book ${count} place(s) for ${when}, at ${hotel}. "
                    "Please confirm or decline the booking ${reference}:", mapping=names)),
        link], site)


def voucher_mail(translate: Translate, booking: Booking, *, activity: str, when: str,
                 link: str, site: str) -> OutgoingMail:
    """To the guest: the booking is confirmed, here is the voucher."""
    names = {"reference": booking.reference, "when": when, "activity": activity,
             "count": booking.participants, "name": booking.contact_name}
    return _mail(booking.contact_email, translate(_("Your booking ${reference} is confirmed",
                                                    mapping=names)), [
        translate(_("Hello ${name},", mapping=names)),
        translate(_("${activity} confirms your booking for ${count} participant(s), "
                    "${when}. Show this voucher on arrival (printed or on your phone):",
                    mapping=names)),
        link], site)


def decline_mail(translate: Translate, booking: Booking, *, activity: str, when: str,
                 site: str) -> OutgoingMail:
    """To the guest: the activity cannot take the booking, and why."""
    names = {"reference": booking.reference, "when": when, "activity": activity,
             "name": booking.contact_name}
    return _mail(booking.contact_email, translate(_("Your booking ${reference} is declined",
                                                    mapping=names)), [
        translate(_("Hello ${name},", mapping=names)),
        translate(_("${activity} cannot take your booking for ${when}, for this reason:",
                    mapping=names)),
        booking.decline_reason,
        translate(_("Your hotel's staff will gladly help you choose another slot."))],
        site)


def guest_cancel_mail(translate: Translate, booking: Booking, *, activity: str, when: str,
                      site: str) -> OutgoingMail:
    """To the guest: the office cancelled the booking."""
    names = {"reference": booking.reference, "when": when, "activity": activity,
             "name": booking.contact_name}
    return _mail(booking.contact_email, translate(_(
        "Your booking ${reference} is cancelled", mapping=names)), [
        translate(_("Hello ${name},", mapping=names)),
        translate(_("Your booking ${reference} with ${activity} for ${when} is cancelled. "
                    "Its voucher is no longer valid.", mapping=names)),
        booking.decline_reason,
        translate(_("Your hotel's staff or the tourist office will gladly help you choose "
                    "another slot."))], site)


def partner_cancel_mail(translate: Translate, booking: Booking, *, recipient: str,
                        when: str, link: str, site: str) -> OutgoingMail:
    """To the activity partner: the office cancelled one of its bookings."""
    names = {"reference": booking.reference, "when": when, "count": booking.participants,
             "name": booking.contact_name}
    return _mail(recipient, translate(_("Booking ${reference} cancelled: ${when}",
                                        mapping=names)), [
        translate(_("Hello,")),
        translate(_("The tourist office cancelled the booking ${reference} of ${name} for "
                    "${count} place(s), ${when}. Its places are free again:",
                    mapping=names)),
        booking.decline_reason, link], site)

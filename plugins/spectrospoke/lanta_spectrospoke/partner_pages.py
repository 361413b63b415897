"""What the partners' own pages share: the listing in the address, kept by the signed-in
account (``partner.self`` alone lets any partner account in), else 404 as for a listing
that does not exist.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound

from lanta.models import Partner
from lanta.services import partner_changes
from lanta.services.errors import NotFound

ACTIVITY = "activity"  # the core's category of activity providers


def own_listing(request) -> Partner:
    """The listing ``slug`` of the address, if the account keeps it; else 404."""
    try:
        return partner_changes.listing_of(request.dbsession, request.user,
                                          request.matchdict["slug"])
    except NotFound:
        raise HTTPNotFound() from None


def own_activity(request) -> Partner:
    """The account's listing, if it is an activity provider; else 404. A hotel's or a
    restaurant's account cannot make itself an activity taking bookings: only the office
    (its activities page) can enable another category."""
    partner = own_listing(request)
    if partner.category != ACTIVITY:
        raise HTTPNotFound()
    return partner

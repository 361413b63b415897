"""The webcams' pages: the office's new webcam (``imagewall.moderate``), and a
partner's own webcams (``partner.self``, for a listing the account keeps: any other
answers 404): the list with a form to add one, a webcam's form, its deletion. The
views live in :mod:`.webcams_views`.
"""
from __future__ import annotations

from lanta.addon_api import AdminMenuEntry
from lanta.models import Partner

from .i18n import _


def includeme(config) -> None:
    # The static files are served by :mod:`.moderation`.
    config.scan(".webcams_views")


def menu_entries(request) -> list[AdminMenuEntry]:
    return []  # reached from the queue ("Add a webcam")


def dashboard_widgets(request) -> list:
    return []


def partner_space_links(request, partner: Partner) -> list[AdminMenuEntry]:
    """For the hook ``lanta_partner_space_links``: "My webcams" beside each listing."""
    return [AdminMenuEntry(_("My webcams"), request.route_url(
        "imagewall.partner.webcams", slug=partner.slug), "partner.self", order=60,
        name="imagewall.partner.webcams")]

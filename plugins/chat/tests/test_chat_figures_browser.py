"""The figures' page and the Messenger settings page in Chromium on a real server: they
pass axe-core and fit a phone's width."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.services import addons as addons_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, log_in_browser
from lanta_chat.models import utcnow
from lanta_chat.services import messages

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "chat", True)
        users_service.create(dbsession, "direction@example.org", TEST_PASSWORD, "admin",
                             display_name="Dominique")
        for days, channel in ((1, "web"), (3, "messenger"), (3, "web"), (9, "email")):
            began = utcnow() - dt.timedelta(days=days)
            row = messages.start(dbsession, channel=channel, now=began,
                                 external_id=f"p{days}" if channel == "messenger" else None)
            messages.add_message(dbsession, row.id, kind="visitor", body="Bonjour",
                                 now=began)
            messages.add_message(dbsession, row.id, kind="staff", body="Oui",
                                 now=began + dt.timedelta(minutes=days))
            row.state, row.closed_at, row.rating = \
                "closed", began + dt.timedelta(minutes=12), 5
        dbsession.commit()
    site.url = site.start_server().url
    return site


def test_the_figures_and_messenger_pages_pass_axe_and_fit_a_phone(site, browser_page):
    page = browser_page
    log_in_browser(page, site.url, "direction@example.org")
    for path in ("/admin/chat/figures", "/admin/chat/messenger", "/admin/"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(site.url + path)
        assert axe_violations(page) == [], path
        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth <= 375"), path
    page.goto(site.url + "/admin/chat/figures")
    assert page.inner_text('[data-figure="conversations"]') == "4"

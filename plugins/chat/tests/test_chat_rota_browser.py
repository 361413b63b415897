"""The rota's and the hours' pages in Chromium on a real server with the demo loaded:
axe-core (WCAG 2.1 AA) finds nothing, and they fit a phone's width."""
from __future__ import annotations

import datetime as dt

import pytest

from lanta.services import addons as addons_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, log_in_browser

pytestmark = pytest.mark.browser

PAGES = ("/admin/chat/rota", "/admin/chat/rota?month=2026-12", "/admin/chat/hours")


@pytest.fixture
def demo_site(live_site_factory):
    from lanta_chat.models import utcnow
    from lanta_chat.services import demo, rota
    from lanta_chat.services.clock import office_day

    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "chat", True)
        users_service.create(dbsession, "accueil@example.org", TEST_PASSWORD, "staff",
                             display_name="Jeanne Accueil")
        users_service.create(dbsession, "admin@example.org", TEST_PASSWORD, "admin",
                             display_name="Directrice")
        demo.load_demo(dbsession)
        rota.set_swap(dbsession, office_day(utcnow()) + dt.timedelta(days=2),
                      rota.members(dbsession)[-1], "Échange avec une collègue")
        dbsession.commit()
    site.url = site.start_server().url
    return site


def test_rota_and_hours_pages_pass_axe_and_fit_a_phone(chromium_browser, demo_site):
    problems = {}
    for width in (1280, 375):
        context = chromium_browser.new_context(locale="fr-FR",
                                               viewport={"width": width, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in_browser(page, demo_site.url, "accueil@example.org")
        for path in PAGES:
            response = page.goto(demo_site.url + path)
            assert response.status == 200, (path, response.status)
            violations = axe_violations(page)
            if violations:
                problems[f"{path} at {width}px"] = violations
            scrolled = page.evaluate("document.documentElement.scrollWidth")
            if scrolled > width:
                problems[f"{path} at {width}px"] = f"{scrolled}px wide"
        # The calendar names who is on duty today, marked as today.
        page.goto(demo_site.url + "/admin/chat/rota")
        today = page.locator("td[aria-current=date]")
        assert today.count() == 1
        context.close()
    assert problems == {}

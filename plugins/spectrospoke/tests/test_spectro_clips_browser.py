"""The clip catalogue's office pages in Chromium on a real server, with the demo loaded:
the list, the form and a refused form pass axe-core and fit a phone's width."""
from __future__ import annotations

import pytest

from lanta.services import addons as addons_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, log_in_browser
from lanta_spectrospoke.models import Clip
from lanta_spectrospoke.services.demo import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "spectrospoke", True)
        users_service.create(dbsession, "redaction@example.org", TEST_PASSWORD, "editor",
                             display_name="Lou")
        load_demo(dbsession, site.directory / "var" / "uploads")
        clip = dbsession.query(Clip).first()
        # The widest name a stored video can have (its 32 hex digits are random): the
        # page must fit a phone whatever name the upload drew.
        (site.directory / "var" / "uploads" / "spectrospoke" / clip.video_file).rename(
            site.directory / "var" / "uploads" / "spectrospoke" / ("d" * 32 + ".mp4"))
        clip.video_file = "d" * 32 + ".mp4"
        site.clip_id = clip.id
        dbsession.commit()
    site.url = site.start_server().url
    return site


def test_list_and_form_pass_axe_and_fit_a_phone(site, browser_page):
    page = browser_page
    log_in_browser(page, site.url, "redaction@example.org")
    edit = f"/admin/spectrospoke/clips/{site.clip_id}/edit"
    for path in ("/admin/spectrospoke/clips/", edit, "/admin/spectrospoke/clips/add"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(site.url + path)
        assert axe_violations(page) == [], path
        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth <= 375"), path
    page.fill("input[name=title_fr]", "Canyon")
    page.fill("input[name=slug]", "Pas Bon")
    page.fill("input[name=duration]", "1:30")
    page.fill("input[name=video_url]", "https://videos.example/canyon.mp4")
    page.select_option("select[name=partner_id]", index=1)
    page.click("#spectrospoke-clip-form button[name=save]")
    page.wait_for_load_state()
    # The office's browser speaks French: so does the refusal.
    assert "lettres minuscules" in page.inner_text("#spectrospoke-clip-form")
    assert axe_violations(page) == []

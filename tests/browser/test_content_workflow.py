"""An editor writes a page and submits it; a reviewer publishes it; a visitor finds it in
the main menu and through the site search, on real server processes and Chromium."""
from __future__ import annotations

import pytest

from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, log_in_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def server(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        users_service.create(dbsession, "editor@example.org", TEST_PASSWORD, "editor")
        users_service.create(dbsession, "reviewer@example.org", TEST_PASSWORD, "reviewer")
        dbsession.commit()
    return site.start_server()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").click()


def test_editor_writes_reviewer_publishes_visitor_finds_it(page, server):
    log_in_browser(page, server.url, "editor@example.org")
    page.goto(server.url + "/admin/content/")
    page.get_by_role("link", name="Page (fr)").click()
    page.fill("input[name=title]", "Les jardins secrets")
    page.fill("textarea[name=description]", "Une promenade parfumée derrière les remparts")
    # The text is typed into the rich-text editor, as an editor does.
    editor = page.frame_locator(".tox-edit-area iframe").locator("body")
    editor.click()
    editor.type("Roses anciennes et glycines centenaires.")
    page.get_by_role("button", name="Créer").click()
    page.wait_for_url(server.url + "/fr/les-jardins-secrets")
    assert page.locator("#item-state").get_attribute("data-state") == "private"
    assert "glycines centenaires" in page.locator(".rich-text").inner_text()
    page.get_by_role("button", name="Soumettre pour relecture").click()
    assert page.locator("#item-state").get_attribute("data-state") == "pending"
    # An editor cannot publish: no such button.
    assert page.get_by_role("button", name="Publier").count() == 0
    log_out(page)

    log_in_browser(page, server.url, "reviewer@example.org")
    page.goto(server.url + "/admin/content/?state=pending")
    page.get_by_role("link", name="Les jardins secrets").click()
    page.get_by_role("button", name="Publier").click()
    assert page.locator("#item-state").get_attribute("data-state") == "published"
    log_out(page)

    page.goto(server.url + "/fr/")
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Les jardins secrets").click()
    page.wait_for_url(server.url + "/fr/les-jardins-secrets")
    assert page.locator(".editor-bar").count() == 0
    # Search: another form of the words, without accents, finds it at once.
    page.fill("#site-search-q", "jardin parfumee")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fr/search?**")
    assert page.get_by_role("link", name="Les jardins secrets").count() >= 1

"""The inbox's script in Chromium on a real server: a visitor's new message appears on
the open conversation without a reload, a reply sent by the script appears too; the
pages pass axe-core and fit a phone."""
from __future__ import annotations

import pytest

from lanta.services import addons as addons_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, log_in_browser
from lanta_chat.services import messages

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "chat", True)
        users_service.create(dbsession, "accueil@example.org", TEST_PASSWORD, "staff",
                             display_name="Camille")
        conversation = messages.start(dbsession, token=messages.new_token(), name="Léa",
                                      language="en", page_title="Gîte du lac")
        messages.add_message(dbsession, conversation.id, kind="visitor", body="Bonjour ?")
        dbsession.commit()
        site.conversation_id = conversation.id
    site.url = site.start_server().url
    return site


def log_in(page, url: str) -> None:
    log_in_browser(page, url, "accueil@example.org")


def test_new_messages_appear_without_reload(site, browser_page):
    page = browser_page
    log_in(page, site.url)
    page.goto(f"{site.url}/admin/chat/")
    assert axe_violations(page) == []
    page.goto(f"{site.url}/admin/chat/{site.conversation_id}")
    assert axe_violations(page) == []
    page.evaluate("window.__sameDocument = true")
    with site.session() as dbsession:
        messages.add_message(dbsession, site.conversation_id, kind="visitor",
                             body="Is the <b>lake</b> warm?")
        dbsession.commit()
    page.wait_for_selector("#m-2 .chat-msg__body")
    assert page.inner_text("#m-2 .chat-msg__body") == "Is the <b>lake</b> warm?"
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    page.fill("#chat-reply-body", "Not yet!")
    page.click("#chat-reply-form button[name=send]")
    # Replying to a waiting conversation takes it: the page shows itself anew.
    page.wait_for_selector("text=Not yet!")
    with site.session() as dbsession:
        kinds = [m.kind for m in messages.messages_after(dbsession, site.conversation_id,
                                                         0, staff=True)]
    assert kinds == ["visitor", "visitor", "event", "staff"]
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= 375")

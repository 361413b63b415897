"""The whole conversation in two Chromium contexts on a real server: the staff member on
duty opens the inbox (which tells the server she is there), a visitor on a phone writes
from the widget, the message shows in her inbox without reload, she replies, the visitor
reads the reply without reload, she closes and the visitor rates it in one click. Once
she says she is away, a new visitor gets the form for a message answered by e-mail."""
from __future__ import annotations

import time

import pytest

from lanta.services import addons as addons_service
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, log_in_browser
from lanta_chat.models import Conversation, utcnow
from lanta_chat.services import hours, presence, rota
from lanta_chat.services.clock import office_day

pytestmark = pytest.mark.browser

QUESTION = "Bonjour, le marché a-t-il lieu demain matin ?"
ANSWER = "Oui, de 8 h à 13 h place du Foirail."


@pytest.fixture
def site(live_site_factory):
    site = live_site_factory()
    with site.session() as dbsession:
        addons_service.set_enabled(dbsession, "chat", True)
        hours.save(dbsession, {day: [["00:00", "24:00"]] for day in hours.DAY_KEYS})
        staff = users_service.create(dbsession, "accueil@example.org", TEST_PASSWORD,
                                     "staff", display_name="Camille Durand")
        colleague = users_service.create(dbsession, "pierre@example.org", TEST_PASSWORD,
                                         "staff", display_name="Pierre")
        dbsession.flush()
        rota.set_rotation(dbsession, [staff.id, colleague.id], office_day(utcnow()))
        dbsession.commit()
        site.staff_id = staff.id
    site.url = site.start_server().url
    return site


def new_page(browser, width: int):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def wait_until_present(site, user_id: int, present: bool = True) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with site.session() as dbsession:
            if (user_id in presence.present_ids(dbsession)) == present:
                return
        time.sleep(0.2)
    raise AssertionError("the inbox did not tell the server")


def only_conversation(site) -> Conversation:
    with site.session() as dbsession:
        return dbsession.query(Conversation).one()


def test_the_staff_member_on_duty_answers_a_visitor_live(site, chromium_browser):
    staff = new_page(chromium_browser, 1024)
    log_in_browser(staff, site.url, "accueil@example.org")
    staff.goto(site.url + "/admin/chat/")
    staff.evaluate("window.__sameDocument = true")
    wait_until_present(site, site.staff_id)

    visitor = new_page(chromium_browser, 375)
    visitor.goto(site.url + "/fr/")
    visitor.evaluate("window.__sameDocument = true")
    visitor.click(".lanta-chat-open")
    visitor.wait_for_selector(".lanta-chat-status.is-online")
    visitor.fill("textarea[name=message]", QUESTION)
    visitor.click(".lanta-chat-send")
    visitor.wait_for_selector(".lanta-chat-visitor")

    # The inbox shows the new conversation without a reload.
    row = staff.wait_for_selector("[data-chat-list=waiting] a.chat-row__name")
    assert staff.evaluate("window.__sameDocument") is True
    assert staff.title().startswith("(1)")
    row.click()
    staff.wait_for_selector(f"text={QUESTION}")
    staff.fill("#chat-reply-body", ANSWER)
    staff.click("#chat-reply-form button[name=send]")
    staff.wait_for_selector(f"text={ANSWER}")

    reply = visitor.wait_for_selector(".lanta-chat-staff")
    assert ANSWER in reply.inner_text() and "Camille" in reply.inner_text()
    assert visitor.evaluate("window.__sameDocument") is True
    conversation = only_conversation(site)
    assert (conversation.state, conversation.assignee_id) == ("open", site.staff_id)
    assert conversation.first_response_at is not None

    staff.click("#chat-close-form button")
    visitor.wait_for_selector(".lanta-chat-star")
    visitor.click(".lanta-chat-star >> nth=4")
    visitor.wait_for_selector(".lanta-chat-thanks")
    assert visitor.evaluate("window.__sameDocument") is True
    assert only_conversation(site).rating == 5

    # Away: nobody on duty is there, so a new visitor may only leave a message.
    staff.goto(site.url + "/admin/chat/")
    staff.click("[data-chat-away-button]")
    wait_until_present(site, site.staff_id, present=False)
    newcomer = new_page(chromium_browser, 375)
    newcomer.goto(site.url + "/en/")
    newcomer.click(".lanta-chat-open")
    newcomer.wait_for_selector(".lanta-chat-status.is-offline")
    assert newcomer.locator("input[name=email]").count() == 1

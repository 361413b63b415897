"""The widget in Chromium on a real server, at a phone's width: a visitor writes, a staff
reply appears without reload and stays after one, Escape closes the panel; outside
hours the message form with the week's hours; a closed conversation takes a rating.
The page with the panel open passes axe-core (WCAG 2.1 AA)."""
from __future__ import annotations

import datetime as dt
import urllib.request

import pytest

from lanta.models import writing
from lanta.services import addons
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD, axe_violations, vnu_errors
from lanta_chat.models import Conversation, utcnow
from lanta_chat.services import hours, messages, presence

pytestmark = pytest.mark.browser


def make_site(live_site_factory, online: bool):
    site = live_site_factory()
    with site.session() as session:
        addons.set_enabled(session, "chat", True)
        hours.save(session, {day: [["00:00", "24:00"]] for day in hours.DAY_KEYS}
                   if online else {"mon": [["09:30", "12:30"]]})
        staff = users_service.create(session, "staff@example.org", TEST_PASSWORD, "staff",
                                     display_name="Camille Durand")
        session.flush()
        if online:  # offline: nobody's inbox is open, whatever the day and hour
            # An hour ahead: the office stays online however slowly the server starts.
            presence.heartbeat(session, staff.id, now=utcnow() + dt.timedelta(hours=1))
        session.commit()
        site.staff_id = staff.id
    site.url = site.start_server().url
    return site


def phone(chromium_browser):
    context = chromium_browser.new_context(locale="fr-FR",
                                           viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def only_conversation(site) -> Conversation:
    with site.session() as session:
        return session.query(Conversation).one()


def test_a_visitor_writes_and_sees_the_reply_without_reload(live_site_factory,
                                                            chromium_browser):
    site = make_site(live_site_factory, online=True)
    page = phone(chromium_browser)
    page.goto(site.url + "/fr/")
    page.click(".lanta-chat-open")
    page.wait_for_selector(".lanta-chat-status.is-online")
    assert page.evaluate("document.activeElement.name") == "name"
    page.fill("textarea[name=message]", "<b>Bonjour</b>, zzqq ?")
    page.click(".lanta-chat-send")
    mine = page.wait_for_selector(".lanta-chat-visitor p")
    assert mine.inner_text() == "<b>Bonjour</b>, zzqq ?"  # shown as text, not HTML
    conversation = only_conversation(site)
    with writing(), site.session() as session:
        messages.add_message(session, conversation.id, kind="staff", body="Bienvenue !",
                             author_id=site.staff_id)
        session.commit()
    reply = page.wait_for_selector(".lanta-chat-staff")
    assert "Bienvenue !" in reply.inner_text() and "Camille" in reply.inner_text()
    assert page.get_attribute(".lanta-chat-log", "aria-live") == "polite"
    assert axe_violations(page) == []
    page.reload()
    page.wait_for_selector(".lanta-chat-staff")
    assert page.locator(".lanta-chat-msg").count() == 2
    page.focus("textarea[name=message]")
    page.keyboard.press("Escape")
    assert page.is_hidden(".lanta-chat-panel")
    assert page.evaluate("document.activeElement.className") == "lanta-chat-open"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def test_outside_hours_the_widget_takes_a_message_for_mail(live_site_factory,
                                                           chromium_browser, tmp_path):
    site = make_site(live_site_factory, online=False)
    with urllib.request.urlopen(site.url + "/fr/") as response:
        assert vnu_errors({"home": response.read().decode()}, tmp_path) == []
    page = phone(chromium_browser)
    page.goto(site.url + "/fr/")
    page.click(".lanta-chat-open")
    page.wait_for_selector(".lanta-chat-status.is-offline")
    assert page.locator(".lanta-chat-hours tr").count() == 7
    assert "09:30" in page.inner_text(".lanta-chat-hours")
    page.fill("textarea[name=message]", "Le musée est-il ouvert dimanche ?")
    page.click(".lanta-chat-send")
    page.wait_for_function("document.querySelector('[data-chat-alert]').textContent !== ''")
    page.fill("input[name=email]", "lea@example.org")
    page.click(".lanta-chat-send")
    page.wait_for_selector(".lanta-chat-note")
    conversation = only_conversation(site)
    assert (conversation.channel, conversation.offline,
            conversation.visitor_email) == ("email", True, "lea@example.org")
    # Closed by the office: the visitor rates it in one click.
    with writing(), site.session() as session:
        session.get(Conversation, conversation.id).state = "closed"
        session.commit()
    page.reload()
    page.wait_for_selector(".lanta-chat-star")
    page.click(".lanta-chat-star >> nth=4")
    page.wait_for_selector(".lanta-chat-thanks")
    assert only_conversation(site).rating == 5

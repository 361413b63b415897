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
from lanta_chat.models import Conversation, Message, utcnow
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
    assert page.evaluate("document.activeElement.name") == "name"  # optional here too
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


def test_two_tabs_share_one_conversation_and_messages_go_in_order(live_site_factory,
                                                                  chromium_browser):
    site = make_site(live_site_factory, online=True)
    first = phone(chromium_browser)
    second = first.context.new_page()  # the same browser: the same localStorage
    second.set_default_timeout(15_000)
    for page in (first, second):
        page.goto(site.url + "/fr/")
        if page.is_hidden(".lanta-chat-panel"):  # the second opens as the first left it
            page.click(".lanta-chat-open")
        page.wait_for_selector(".lanta-chat-status.is-online")
    first.fill("textarea[name=message]", "zzqq un")
    first.click(".lanta-chat-send")
    first.wait_for_selector(".lanta-chat-visitor[data-seq='1']")
    # The other tab takes the conversation up instead of starting a second one.
    second.wait_for_selector(".lanta-chat-visitor[data-seq='1']")
    errors: list[str] = []
    for page in (first, second):
        page.on("pageerror", lambda error: errors.append(str(error)))
    for n in ("deux", "trois", "quatre"):  # faster than the answers come back
        second.fill("textarea[name=message]", n)
        second.press("textarea[name=message]", "Enter")
    second.wait_for_selector(".lanta-chat-visitor[data-seq='4']")
    first.bring_to_front()  # a tab in the background polls slowly
    first.wait_for_selector(".lanta-chat-visitor[data-seq='4']")
    assert first.locator(".lanta-chat-visitor[data-seq] p").all_inner_texts() == [
        "zzqq un", "deux", "trois", "quatre"]
    assert errors == []
    with site.session() as session:
        assert session.query(Conversation).count() == 1
        found = session.query(Message).order_by(Message.seq).all()
        assert [m.body for m in found] == ["zzqq un", "deux", "trois", "quatre"]
    assert first.evaluate("JSON.parse(localStorage['lanta-chat']).pending") == []
    # A message the server refuses goes back to the textarea with the reason.
    too_long = "x" * 4001
    second.evaluate("text => { document.querySelector('#lanta-chat-message').value = text; }",
                    too_long)
    second.bring_to_front()
    second.press("textarea[name=message]", "Enter")
    second.wait_for_function(
        "document.querySelector('[data-chat-alert]').textContent.includes('4000')")
    assert second.input_value("textarea[name=message]") == too_long
    assert first.input_value("textarea[name=message]") == ""  # given back once, here
    assert second.evaluate("JSON.parse(localStorage['lanta-chat']).pending") == []
    assert second.locator(".lanta-chat-msg.is-pending").count() == 0


def test_the_status_follows_the_office_and_a_start_refused_for_email_keeps_the_text(
        live_site_factory, chromium_browser):
    site = make_site(live_site_factory, online=True)
    talking, arriving = phone(chromium_browser), phone(chromium_browser)
    for page in (talking, arriving):
        page.goto(site.url + "/fr/")
        page.click(".lanta-chat-open")
        page.wait_for_selector(".lanta-chat-status.is-online")
    talking.fill("textarea[name=message]", "zzqq bonjour")
    talking.click(".lanta-chat-send")
    talking.wait_for_selector(".lanta-chat-visitor")
    arriving.fill("input[name=name]", "Léa")
    arriving.fill("textarea[name=message]", "zzqq le musée ?")
    with writing(), site.session() as session:
        presence.heartbeat(session, site.staff_id, away=True)
        session.commit()
    # The conversation's polls say the office is no longer online.
    talking.wait_for_selector(".lanta-chat-status.is-offline")
    # The form shown while online is refused for the missing e-mail: the form for a
    # message by e-mail comes, with what was typed.
    arriving.click(".lanta-chat-send")
    arriving.wait_for_selector("input[name=email]")
    arriving.wait_for_selector(".lanta-chat-status.is-offline")
    assert arriving.input_value("textarea[name=message]") == "zzqq le musée ?"
    assert arriving.input_value("input[name=name]") == "Léa"
    assert arriving.evaluate("document.activeElement.name") == "email"
    arriving.fill("input[name=email]", "lea@example.org")
    arriving.click(".lanta-chat-send")
    arriving.wait_for_selector(".lanta-chat-note")
    with site.session() as session:
        left = session.query(Conversation).filter_by(offline=True).one()
        assert (left.visitor_name, left.visitor_email) == ("Léa", "lea@example.org")


def test_a_start_whose_answer_was_lost_is_sent_again_with_the_same_secret(
        live_site_factory, chromium_browser):
    site = make_site(live_site_factory, online=True)
    page = phone(chromium_browser)
    page.goto(site.url + "/fr/")
    secret = page.evaluate("""async () => {
        const bytes = crypto.getRandomValues(new Uint8Array(32));
        const token = btoa(String.fromCharCode(...bytes)).replace(/\\+/g, "-")
            .replace(/\\//g, "_").replace(/=+$/, "");
        // The widget's first try reached the server; its answer never came back.
        const sent = await fetch("/api/v1/chat/conversations", {method: "POST",
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify({message: "zzqq perdu", client_id: "lost-1",
                                  language: "fr", token: token})});
        if (sent.status !== 201) { throw new Error(String(sent.status)); }
        localStorage.setItem("lanta-chat", JSON.stringify(
            {open: true, startId: "lost-1", startToken: token}));
        return token;
    }""")
    page.reload()
    page.wait_for_selector(".lanta-chat-status.is-online")
    # Sent again, edited meanwhile: the conversation started before, the new text after.
    page.fill("textarea[name=message]", "zzqq perdu, je disais")
    page.click(".lanta-chat-send")
    page.wait_for_selector(".lanta-chat-visitor[data-seq='2']")
    assert page.locator(".lanta-chat-visitor[data-seq] p").all_inner_texts() == [
        "zzqq perdu", "zzqq perdu, je disais"]
    assert page.evaluate("JSON.parse(localStorage['lanta-chat']).token") == secret
    with site.session() as session:
        assert session.query(Conversation).count() == 1
        assert messages.by_token(session, secret).last_seq == 2

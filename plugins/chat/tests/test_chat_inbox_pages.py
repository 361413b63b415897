"""The inbox's pages and JSON: who may see them, the forms (without JavaScript, then
as the page's script sends them), delivery through a channel, polling."""
from __future__ import annotations

import pytest

from lanta_chat.inbox_present import safe_link
from lanta_chat.services import inbox, messages, saved_answers

EN = {"Accept-Language": "en"}
JSON = {"Accept-Language": "en", "Accept": "application/json"}


@pytest.fixture(autouse=True)
def english(testapp):
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def conversation(dbsession, chat_on):
    found = messages.start(dbsession, token=messages.new_token(), name="Léa",
                           language="en", page_url="/en/partners/gite",
                           page_title="Gîte <du> lac")
    messages.add_message(dbsession, found.id, kind="visitor",
                         body="Is the <b>lake</b> open?")
    return found


def csrf(page) -> str:
    return page.html.find("input", {"name": "csrf_token"})["value"]


@pytest.mark.parametrize("role", ["visitor", "partner", "editor"])
def test_the_inbox_is_refused_to_who_does_not_answer(testapp, login, conversation, role):
    login(role)
    for path in ("/admin/chat/", f"/admin/chat/{conversation.id}", "/admin/chat/poll",
                 f"/admin/chat/{conversation.id}/poll", "/admin/chat/answers"):
        assert testapp.get(path, status=403).status_int == 403


def test_anonymous_is_sent_to_the_login_page(testapp, conversation):
    response = testapp.get("/admin/chat/", status=302)
    assert "/login" in response.location


def test_the_list_shows_the_waiting_conversation_with_its_details(testapp, login,
                                                                  conversation):
    login("staff")
    page = testapp.get("/admin/chat/")
    row = page.html.select_one(
        f'[data-chat-list="waiting"] [data-conversation="{conversation.id}"]')
    text = " ".join(row.get_text(" ").split())
    assert "Léa" in text and "Website" in text and "Gîte <du> lac" in text
    assert row.select_one("[data-chat-new]") is not None
    assert "<du>" not in str(row).replace("&lt;du&gt;", "")  # escaped
    assert page.html.select_one('[data-chat-count="waiting"]').text == "1"


def test_opening_takes_reply_and_delivery_failures_show(testapp, login, conversation,
                                                       dbsession, users):
    login("staff")
    page = testapp.get(f"/admin/chat/{conversation.id}")
    # Opened while nobody has it: read.
    assert not inbox.is_unread(conversation)
    assert "Is the &lt;b&gt;lake&lt;/b&gt; open?" in page.text
    form = page.forms["chat-reply-form"]
    form["body"] = "Yes, until 7 pm."
    done = form.submit("send", status=302).follow()
    assert "Reply sent." in done.text
    assert (conversation.state, conversation.assignee_id) == ("open", users["staff"].id)
    assert conversation.first_response_at is not None
    assert "Staff took the conversation." in done.text
    # The same form posted again (a double click): stored once.
    form.submit("send", status=302)
    staff_replies = [m for m in messages.messages_after(dbsession, conversation.id, 0)
                     if m.kind == "staff"]
    assert len(staff_replies) == 1


def test_an_empty_reply_is_shown_again_with_its_message(testapp, login, conversation):
    login("staff")
    form = testapp.get(f"/admin/chat/{conversation.id}").forms["chat-reply-form"]
    form["body"] = "   "
    page = form.submit("send", status=400)
    assert page.html.select_one("#chat-reply-error").text == "Write a message first."
    assert conversation.state == "waiting"  # a refused reply takes nothing


def test_use_this_answer_fills_the_reply_without_sending(testapp, login, conversation,
                                                         dbsession):
    saved_answers.create(dbsession, {"language": "fr", "title": "Horaires",
                                     "body": "Ouvert de 9 h à 18 h."}, ["fr", "en"])
    en = saved_answers.create(dbsession, {"language": "en", "title": "Hours",
                                          "body": "Open 9 am to 6 pm."}, ["fr", "en"])
    login("staff")
    form = testapp.get(f"/admin/chat/{conversation.id}").forms["chat-reply-form"]
    assert [v for v, _s, _t in form["answer"].options] == ["", str(en.id)]  # its language
    form["answer"] = str(en.id)
    page = form.submit("use", status=200)
    assert page.html.select_one("#chat-reply-body").text == "Open 9 am to 6 pm."
    assert conversation.last_seq == 1  # nothing sent yet
    sent = page.forms["chat-reply-form"].submit("send", status=302)
    assert sent.status_int == 302 and conversation.last_seq == 3  # taken + the reply


def test_take_transfer_and_close_through_the_forms(testapp, login, conversation, users):
    login("staff")
    page = testapp.get(f"/admin/chat/{conversation.id}")
    page = page.forms["chat-take-form"].submit(status=302).follow()
    assert conversation.assignee_id == users["staff"].id
    form = page.forms["chat-transfer-form"]
    form["assignee_id"] = str(users["admin"].id)
    page = form.submit(status=302).follow()
    assert conversation.assignee_id == users["admin"].id
    assert "Staff passed the conversation on to Admin." in page.text
    # Taking again, from a page made before the transfer: refused, shown.
    refused = testapp.post(f"/admin/chat/{conversation.id}/take",
                           {"csrf_token": csrf(page)}, status=409)
    assert "Another staff member has taken" in refused.text
    listing = page.forms["chat-close-form"].submit(status=302).follow()
    assert conversation.state == "closed" and "Conversation closed." in listing.text


def test_forms_without_csrf_are_refused(testapp, login, conversation):
    login("staff")
    for action in ("reply", "note", "take", "close"):
        testapp.post(f"/admin/chat/{conversation.id}/{action}", {"body": "x"}, status=400)
    assert conversation.state == "waiting" and conversation.last_seq == 1


def test_a_note_sent_by_the_script_answers_json_and_polling_returns_it(
        testapp, login, conversation):
    login("staff")
    page = testapp.get(f"/admin/chat/{conversation.id}")
    answer = testapp.post(f"/admin/chat/{conversation.id}/note",
                          {"body": "Regular guest", "client_id": "n1"},
                          headers={**JSON, "X-CSRF-Token": csrf(page)})
    assert answer.json == {"ok": True, "seq": 2, "state": "waiting"}
    polled = testapp.get(f"/admin/chat/{conversation.id}/poll", {"after": "1"}).json
    assert polled["cursor"] == 2 and polled["state"] == "waiting"
    assert [(m["seq"], m["kind"], m["body"]) for m in polled["messages"]] == [
        (2, "note", "Regular guest")]
    refused = testapp.post(f"/admin/chat/{conversation.id}/note", {"body": ""},
                           headers={**JSON, "X-CSRF-Token": csrf(page)}, status=400)
    assert refused.json["detail"] == "Write a message first."
    testapp.get(f"/admin/chat/{conversation.id}/poll", {"after": "x"}, status=400)
    testapp.get("/admin/chat/99999999/poll", status=404)


def test_the_inbox_poll_counts_and_lists(testapp, login, conversation, dbsession, users):
    other = messages.start(dbsession, token=messages.new_token())
    messages.add_message(dbsession, other.id, kind="visitor", body="Hello")
    inbox.take(dbsession, other.id, users["staff"].id)
    login("staff")
    polled = testapp.get("/admin/chat/poll").json
    assert (polled["waiting"], polled["open"], polled["unread"]) == (1, 1, 2)
    by_id = {c["id"]: c for c in polled["conversations"]}
    assert by_id[conversation.id]["name"] == "Léa" and by_id[conversation.id]["unread"]
    assert by_id[other.id]["name"] == f"Visitor #{other.id}"
    assert by_id[other.id]["assignee"] == "Staff" and by_id[other.id]["mine"]


def test_the_dashboard_widget_counts(testapp, login, conversation):
    login("staff")
    page = testapp.get("/admin/")
    assert page.html.select_one("[data-chat-waiting]").text == "1"
    assert page.html.select_one("[data-chat-mine]").text == "0"


def test_a_reply_goes_out_through_its_channel_and_a_failure_shows(testapp, login,
                                                                 dbsession, chat_on,
                                                                 outbox):
    left = messages.start(dbsession, channel="email", language="en", offline=True,
                          email="lea@example.org", name="Léa")
    messages.add_message(dbsession, left.id, kind="visitor", body="Rooms in May?")
    no_address = messages.start(dbsession, channel="email", language="en", offline=True)
    messages.add_message(dbsession, no_address.id, kind="visitor", body="Rooms?")
    login("staff")
    form = testapp.get(f"/admin/chat/{left.id}").forms["chat-reply-form"]
    form["body"] = "Yes, a few."
    form.submit("send", status=302)
    sent = [m for m in messages.messages_after(dbsession, left.id, 0) if m.kind == "staff"]
    assert [(m.delivery, m.delivery_error) for m in sent] == [("sent", "")]
    assert [m["To"] for m in outbox.new()] == ["lea@example.org"]
    page = testapp.get(f"/admin/chat/{no_address.id}")
    assert "Message left by e-mail" in page.text
    form = page.forms["chat-reply-form"]
    form["body"] = "Yes."
    done = form.submit("send", status=302).follow()
    assert "Reply stored but not delivered" in done.text
    failed = done.html.select_one("[data-chat-failed]").text
    assert failed == ("Not delivered: This visitor left no e-mail address: the reply "
                      "cannot be sent.")
    polled = testapp.get(f"/admin/chat/{no_address.id}/poll", {"after": "0"}).json
    assert polled["messages"][-1]["failed"] == failed


def test_the_inbox_says_who_is_on_duty_and_wires_presence(testapp, login, dbsession,
                                                         chat_on, users):
    import datetime as dt

    from lanta.services.events import ZONE
    from lanta_chat.services import rota

    rota.set_swap(dbsession, dt.datetime.now(ZONE).date(), users["staff"].id)
    login("admin")
    page = testapp.get("/admin/chat/")
    assert page.html.select_one("[data-chat-on-duty]").text == "Staff is on duty today."
    login("staff")
    page = testapp.get("/admin/chat/")
    assert page.html.select_one("[data-chat-on-duty]").text == "You are on duty today."
    root = page.html.select_one("#chat-inbox")
    assert root["data-chat-presence"].endswith("/admin/chat/presence")
    # The script's heartbeat: no "away" field, the token in the header.
    beat = testapp.post(root["data-chat-presence"], {},
                        headers={"X-CSRF-Token": root["data-chat-csrf"],
                                 "Accept": "application/json"}).json
    assert beat["away"] is False and beat["on_duty"] is True
    toggle = page.html.select_one("[data-chat-away-form]")
    assert toggle.select_one('input[name="away"]')["value"] == "1"
    testapp.post(toggle["action"], {"away": "1"},
                 headers={"X-CSRF-Token": root["data-chat-csrf"]})
    page = testapp.get("/admin/chat/")
    assert page.html.select_one('[data-chat-away-form] input[name="away"]')["value"] == "0"
    assert "You are marked away." in page.text


def test_closed_conversations_are_paged_newest_first(testapp, login, dbsession, chat_on,
                                                    users):
    import datetime as dt

    from lanta_chat.models import utcnow

    start = utcnow() - dt.timedelta(days=1)
    ids = []
    for n in range(inbox.PAGE_SIZE + 1):
        found = messages.start(dbsession, token=messages.new_token())
        inbox.close(dbsession, found.id, users["staff"].id,
                    now=start + dt.timedelta(minutes=n))
        ids.append(found.id)
    login("staff")
    first = testapp.get("/admin/chat/")
    shown = [int(li["data-conversation"])
             for li in first.html.select('[data-chat-list="closed"] li')]
    assert shown == ids[::-1][:inbox.PAGE_SIZE]
    second = first.click(href="page=2")
    assert [int(li["data-conversation"]) for li in second.html.select(
        '[data-chat-list="closed"] li')] == [ids[0]]
    # A page past the end shows the last one; a page that is not a number the first.
    assert testapp.get("/admin/chat/", {"page": "99"}).html.select(
        '[data-chat-list="closed"] li')[0]["data-conversation"] == str(ids[0])
    assert testapp.get("/admin/chat/", {"page": "x"}).status_int == 200


def test_the_inbox_is_gone_while_the_addon_is_disabled(testapp, login, conversation,
                                                      disable_addon):
    disable_addon("chat")
    login("staff")
    testapp.get("/admin/chat/", status=404)
    testapp.get(f"/admin/chat/{conversation.id}/poll", status=404)


def test_the_pages_render_in_french_the_default_language(testapp, login, conversation):
    testapp.extra_environ.pop("HTTP_ACCEPT_LANGUAGE")
    login("staff")
    for path in ("/admin/chat/", f"/admin/chat/{conversation.id}", "/admin/chat/answers"):
        page = testapp.get(path)
        assert page.html.html["lang"] == "fr" and page.html.select_one("h1")


@pytest.mark.parametrize("stored", ["/\\evil.example/login", "https://evil.example/",
                                    "//evil", "javascript:alert(1)", "/\t/evil", ""])
def test_a_page_of_another_site_is_never_a_link(testapp, login, conversation, dbsession,
                                                stored):
    assert safe_link(stored) is None
    conversation.page_url, conversation.page_title = stored, ""
    dbsession.flush()
    login("staff")
    for path in ("/admin/chat/", f"/admin/chat/{conversation.id}"):
        page = testapp.get(path).html
        assert not [a for a in page.select("a[href]") if "evil" in a["href"]
                    or a["href"].startswith("javascript")], path


def test_a_page_of_this_site_is_a_link_to_its_path(testapp, login, conversation):
    assert safe_link("/en/partners/gite?x=1") == "/en/partners/gite?x=1"
    login("staff")
    page = testapp.get(f"/admin/chat/{conversation.id}").html
    assert page.select_one('a[href="/en/partners/gite"]') is not None

"""The ``email`` channel: a staff reply to a message left outside hours is mailed to
the visitor, in the conversation's language, with the question quoted."""
from __future__ import annotations

import datetime as dt

import pytest
from pyramid.request import Request
from pyramid.scripting import prepare

from lanta.services import site_settings
from lanta.testing import mail_text
from lanta_chat.channels import Delivery, channels
from lanta_chat.services import messages

UTC = dt.timezone.utc


@pytest.fixture
def make_request(app, dbsession):
    closers = []

    def _make(lang: str = "fr") -> Request:
        request = Request.blank("/", environ={"app.dbsession": dbsession,
                                              "HTTP_HOST": "localhost"},
                                headers={"Accept-Language": lang})
        closers.append(prepare(request=request, registry=app.registry)["closer"])
        return request
    yield _make
    for close in reversed(closers):
        close()


@pytest.fixture
def office(dbsession, chat_on):
    site_settings.save(dbsession, name="Office de tourisme de Belle-Rive",
                       contact_email="accueil@belle-rive.example",
                       contact_phone="02 97 00 00 00", address="1 quai des Pêcheurs")


def left_message(dbsession, *, email="marta@example.net", name="Marta", lang="en"):
    conversation = messages.start(dbsession, channel="email", language=lang, name=name,
                                  email=email, offline=True,
                                  now=dt.datetime(2026, 11, 28, 21, 5, tzinfo=UTC))
    messages.add_message(dbsession, conversation.id, kind="visitor",
                         body="Is the lighthouse open on Sunday?\nWe are four.",
                         now=dt.datetime(2026, 11, 28, 21, 5, tzinfo=UTC))
    reply, _ = messages.add_message(dbsession, conversation.id, kind="staff",
                                    body="Yes, from 10 am to 5 pm. Tickets at the door.")
    return conversation, reply


def test_a_reply_is_mailed_with_the_question_quoted_and_the_signature(
        make_request, dbsession, office, outbox):
    conversation, reply = left_message(dbsession)
    request = make_request()
    assert channels(request)["email"].deliver(request, conversation, reply) == \
        Delivery("sent")
    [mail] = outbox.new()
    assert mail["To"] == "marta@example.net"
    assert mail["Subject"] == "Your question to Office de tourisme de Belle-Rive"
    assert mail["Reply-To"] == "accueil@belle-rive.example"
    text = mail_text(mail)
    assert text.startswith("Hello Marta,")
    assert "Yes, from 10 am to 5 pm. Tickets at the door." in text
    # 21:05 UTC is 22:05 in Paris.
    assert "Your message of November 28, 2026 10:05\u202fPM:\n> Is the lighthouse open on " \
        "Sunday?\n> We are four." in text
    # The answer comes before the question, the signature last.
    assert text.index("Tickets at the door") < text.index("> Is the lighthouse")
    assert text.rstrip().endswith("http://localhost/en/")
    assert "-- \nOffice de tourisme de Belle-Rive\n1 quai des Pêcheurs" in text


def test_a_visitor_without_a_name_is_greeted_plainly(make_request, dbsession, office,
                                                     outbox):
    conversation, reply = left_message(dbsession, name="")
    channels(make_request())["email"].deliver(make_request(), conversation, reply)
    assert mail_text(outbox.new()[0]).startswith("Hello,")


def test_without_an_address_nothing_is_mailed(make_request, dbsession, office, outbox):
    conversation, reply = left_message(dbsession, email="")
    delivery = channels(make_request())["email"].deliver(make_request(), conversation,
                                                         reply)
    assert delivery.state == "failed" and delivery.error
    assert outbox.new() == []


def test_a_site_name_with_a_line_break_adds_no_header(make_request, dbsession, chat_on,
                                                      outbox):
    site_settings.save(dbsession, name="Belle-Rive\nBcc: everyone@example.org")
    conversation, reply = left_message(dbsession)
    channels(make_request())["email"].deliver(make_request(), conversation, reply)
    [mail] = outbox.new()
    assert mail["Bcc"] is None and "\n" not in mail["Subject"]


def test_the_three_channels_of_the_addon_are_declared(make_request, chat_on):
    found = channels(make_request())
    assert {"web", "email", "messenger"} <= set(found)
    assert found["web"].deliver is None and found["email"].deliver is not None


def test_a_reply_from_the_inbox_is_mailed(testapp, login, dbsession, office, outbox):
    conversation = messages.start(dbsession, channel="email", language="en",
                                  email="marta@example.net", offline=True)
    messages.add_message(dbsession, conversation.id, kind="visitor",
                         body="Is the lighthouse open on Sunday?")
    login("staff")
    form = testapp.get(f"/admin/chat/{conversation.id}",
                       headers={"Accept-Language": "en"}).forms["chat-reply-form"]
    form["body"] = "Yes, from 10 am."
    form.submit(headers={"Accept-Language": "en"})
    [mail] = outbox.new()
    assert mail["To"] == "marta@example.net" and "Yes, from 10 am." in mail_text(mail)
    [stored] = messages.messages_after(dbsession, conversation.id, 1)
    assert stored.delivery == "sent"

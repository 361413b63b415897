"""Staff replies to Messenger users through the Send API, against a small local HTTP
server standing for Meta's (no network in tests)."""
from __future__ import annotations

import json
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import entry_points

import pytest
from pyramid.request import Request
from pyramid.scripting import prepare

from lanta.testing import app_settings_for
from lanta_chat.channels import Delivery, channels
from lanta_chat.services import channel_settings, messages, messenger

TOKEN = "EAAGm0PX4ZCpsBAtest-page-token-0123456789"
PSID = "6543210987654321"


class GraphStandIn(ThreadingHTTPServer):
    """Records each request; answers with ``status`` and ``reply``, or hangs up
    without answering when ``hang_up``."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.calls: list[dict] = []
        self.status, self.reply, self.hang_up = 200, {}, False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v19.0"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the name http.server calls
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        path, _, query = self.path.partition("?")
        server.calls.append({"path": path, "query": urllib.parse.parse_qs(query),
                             "type": self.headers.get("Content-Type"),
                             "json": json.loads(self.rfile.read(length))})
        if server.hang_up:
            self.close_connection = True
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        body = json.dumps(server.reply or {"recipient_id": PSID,
                                           "message_id": "m_sent"}).encode()
        self.send_response(server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def graph():
    server = GraphStandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def fresh_graph(graph):
    graph.calls.clear()
    graph.status, graph.reply, graph.hang_up = 200, {}, False
    return graph


def deployed_app_factory():
    """The application's factory as ``pserve`` finds it (the ``paste.app_factory``
    entry point): the same application as the ``app`` fixture's, with settings of our
    own."""
    return next(ep for ep in entry_points(group="paste.app_factory")
                if ep.value == "lanta:main").load()


@pytest.fixture(scope="module")
def graph_app(db_url, tmp_path_factory, graph, mail_dir):
    settings = app_settings_for(db_url, tmp_path_factory.mktemp("var-graph"), **{
        "lanta.chat.messenger_api_url": graph.url, "lanta.mail.folder": str(mail_dir)})
    app = deployed_app_factory()({}, **settings)
    yield app
    app.registry.lanta_engine.dispose()


@pytest.fixture
def make_request(graph_app, dbsession):
    closers = []

    def _make() -> Request:
        request = Request.blank("/", environ={"app.dbsession": dbsession,
                                              "HTTP_HOST": "localhost"},
                                headers={"Accept-Language": "en"})
        closers.append(prepare(request=request, registry=graph_app.registry)["closer"])
        return request
    yield _make
    for close in reversed(closers):
        close()


@pytest.fixture
def reply(dbsession, chat_on):
    """A Messenger conversation and a staff reply in it."""
    conversation, _m, _n = messages.receive(dbsession, channel="messenger",
                                            external_id=PSID, body="Vélos ?",
                                            client_id="m_q1")
    message, _new = messages.add_message(dbsession, conversation.id, kind="staff",
                                         body="Oui, rue du Port, dès 9 h.")
    return conversation, message


def sending(dbsession, on: bool = True) -> None:
    channel_settings.save_messenger(dbsession, page_token=TOKEN, send_replies=on)


def test_a_reply_reaches_the_send_api_as_meta_documents_it(make_request, dbsession, reply,
                                                           fresh_graph):
    sending(dbsession)
    conversation, message = reply
    request = make_request()
    channel = channels(request)["messenger"]
    assert channel.deliver(request, conversation, message) == Delivery("sent")
    [call] = fresh_graph.calls
    assert call["path"] == "/v19.0/me/messages"
    assert call["query"] == {"access_token": [TOKEN]}
    assert call["type"] == "application/json"
    assert call["json"] == {"recipient": {"id": PSID}, "messaging_type": "RESPONSE",
                            "message": {"text": "Oui, rue du Port, dès 9 h."}}


def test_with_sending_off_nothing_leaves(make_request, dbsession, reply, fresh_graph):
    sending(dbsession, on=False)
    conversation, message = reply
    assert channels(make_request())["messenger"].deliver(
        make_request(), conversation, message) == Delivery("off")
    assert fresh_graph.calls == []


def test_a_server_that_hangs_up_fails_the_delivery_and_the_reply_is_kept(
        make_request, dbsession, reply, fresh_graph):
    sending(dbsession)
    fresh_graph.hang_up = True
    conversation, message = reply
    delivery = channels(make_request())["messenger"].deliver(make_request(), conversation,
                                                             message)
    assert delivery.state == "failed" and "could not be reached" in delivery.error
    kept = messages.messages_after(dbsession, conversation.id, 0)
    assert [m.body for m in kept] == ["Vélos ?", "Oui, rue du Port, dès 9 h."]


def test_a_refusal_outside_the_24_hours_says_so(make_request, dbsession, reply, fresh_graph):
    sending(dbsession)
    fresh_graph.status = 400
    fresh_graph.reply = {"error": {"message": "(#10) This message is sent outside of "
                                   "allowed window.", "type": "OAuthException",
                                   "code": 10, "error_subcode": 2018278}}
    conversation, message = reply
    delivery = channels(make_request())["messenger"].deliver(make_request(), conversation,
                                                             message)
    assert delivery.state == "failed" and "24 hours" in delivery.error


def test_another_refusal_gives_metas_reason(make_request, dbsession, reply, fresh_graph):
    sending(dbsession)
    fresh_graph.status = 400
    fresh_graph.reply = {"error": {"message": "Invalid OAuth access token.", "code": 190}}
    conversation, message = reply
    delivery = channels(make_request())["messenger"].deliver(make_request(), conversation,
                                                             message)
    assert delivery.state == "failed"
    assert "HTTP 400" in delivery.error and "Invalid OAuth access token." in delivery.error


def test_sending_on_without_a_token_fails_without_calling(make_request, dbsession, reply,
                                                           fresh_graph):
    channel_settings.save_messenger(dbsession, send_replies=True)
    conversation, message = reply
    delivery = channels(make_request())["messenger"].deliver(make_request(), conversation,
                                                             message)
    assert delivery.state == "failed" and "token" in delivery.error
    assert fresh_graph.calls == []


def test_a_reply_longer_than_messenger_takes_goes_in_parts(fresh_graph):
    text = ("Le sentier des douaniers longe la côte. " * 80).strip()
    outcome = messenger.send_text(fresh_graph.url, TOKEN, PSID, text)
    assert outcome.ok
    sent = [call["json"]["message"]["text"] for call in fresh_graph.calls]
    assert len(sent) == 2 and all(len(part) <= 2000 for part in sent)
    assert " ".join(sent) == text


def test_a_server_down_is_a_network_failure():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on that port any more: the connection is refused.
    outcome = messenger.send_text(f"http://127.0.0.1:{port}/v19.0", TOKEN, PSID, "Oui")
    assert (outcome.ok, outcome.reason) == (False, "network")


@pytest.fixture
def graph_client(graph_app, dbsession, search_index, users):
    """A WebTest client of ``graph_app`` sharing the test's session, logged in as staff."""
    import transaction
    from webtest import TestApp

    from lanta.testing import login_through_form

    client = TestApp(graph_app, extra_environ={
        "HTTP_HOST": "localhost", "tm.active": True,
        "tm.manager": transaction.TransactionManager(explicit=True),
        "app.dbsession": dbsession, "REMOTE_ADDR": "127.0.0.1",
        "lanta.search_index": search_index, "webob.is_body_seekable": True})
    return login_through_form(client, users["staff"].email)


def reply_in_inbox(client, conversation_id: int, text: str):
    form = client.get(f"/admin/chat/{conversation_id}",
                      headers={"Accept-Language": "en"}).forms["chat-reply-form"]
    form["body"] = text
    return form.submit(headers={"Accept-Language": "en"}).follow()


def test_a_reply_from_the_inbox_reaches_messenger(graph_client, dbsession, chat_on,
                                                  fresh_graph):
    sending(dbsession)
    conversation, _m, _n = messages.receive(dbsession, channel="messenger",
                                            external_id=PSID, body="Vélos ?")
    reply_in_inbox(graph_client, conversation.id, "Oui, dès 9 h.")
    [call] = fresh_graph.calls
    assert call["json"]["message"] == {"text": "Oui, dès 9 h."}
    stored = messages.messages_after(dbsession, conversation.id, 1)
    assert [(m.body, m.delivery) for m in stored] == [("Oui, dès 9 h.", "sent")]


def test_a_reply_messenger_cannot_take_is_kept_and_marked_not_delivered(
        graph_client, dbsession, chat_on, fresh_graph):
    sending(dbsession)
    fresh_graph.hang_up = True
    conversation, _m, _n = messages.receive(dbsession, channel="messenger",
                                            external_id=PSID, body="Vélos ?")
    page = reply_in_inbox(graph_client, conversation.id, "Oui, dès 9 h.")
    [stored] = messages.messages_after(dbsession, conversation.id, 1)
    assert (stored.body, stored.delivery) == ("Oui, dès 9 h.", "failed")
    assert "could not be reached" in stored.delivery_error
    assert "could not be reached" in page.text

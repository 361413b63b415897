"""No message lost or doubled with two server processes: a visitor writes to both
servers in turn (resending some messages to the other one), staff replies are committed
meanwhile, and the visitor, polling both servers in turn with its cursor, receives every
message once, in order."""
from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
import urllib.error
import urllib.request

from lanta.models import writing
from lanta.services import addons
from lanta.services import users as users_service
from lanta.testing import TEST_PASSWORD
from lanta_chat.models import Conversation, Message, utcnow
from lanta_chat.services import hours, messages, presence

VISITOR_MESSAGES = 24
STAFF_REPLIES = 12
# The per-conversation limit (12 a minute) would refuse this visitor's pace: raised in
# the servers' ini, which the add-on reads like any deployment's.
RAISED = ("chat.messages_per_minute = 1000\nchat.messages_per_hour = 1000\n")


def call(base: str, method: str, path: str, body: dict | None = None,
         token: str | None = None) -> tuple[int, dict]:
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    if token:
        headers["X-Chat-Token"] = token
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def prepare(site) -> None:
    """The add-on enabled and the office online, committed for the servers."""
    with site.session() as session:
        addons.set_enabled(session, "chat", True)
        hours.save(session, {day: [["00:00", "24:00"]] for day in hours.DAY_KEYS})
        staff = users_service.create(session, "staff@example.org", TEST_PASSWORD, "staff",
                                     display_name="Camille")
        session.flush()
        # A heartbeat an hour ahead: the office stays online however slowly the
        # servers start on a busy machine.
        presence.heartbeat(session, staff.id, now=utcnow() + dt.timedelta(hours=1))
        session.commit()


def test_no_message_lost_or_doubled_with_two_server_processes(live_site_factory):
    site = live_site_factory()
    ini = site.ini()
    ini.write_text(ini.read_text().replace("[app:main]\n", "[app:main]\n" + RAISED, 1))
    prepare(site)
    servers = [site.start_server().url, site.start_server().url]

    status, started = call(servers[0], "POST", "/api/v1/chat/conversations", {
        "message": "visitor 0", "client_id": "v0", "language": "fr"})
    assert status == 201, started
    assert started["conversation"]["offline"] is False
    token, conversation_id = started["token"], started["conversation"]["id"]
    sent_errors: list[str] = []

    def visitor() -> None:
        for n in range(1, VISITOR_MESSAGES + 1):
            body = {"body": f"visitor {n}", "client_id": f"v{n}"}
            status, _ = call(servers[n % 2], "POST", "/api/v1/chat/messages", body, token)
            if status != 201:
                sent_errors.append(f"v{n}: {status}")
            if n % 3 == 0:  # a retry of the same message, to the other server
                status, _ = call(servers[(n + 1) % 2], "POST", "/api/v1/chat/messages",
                                 body, token)
                if status != 200:
                    sent_errors.append(f"v{n} again: {status}")

    def staff() -> None:
        for n in range(STAFF_REPLIES):
            # As the inbox's requests do: on SQLite, take the write lock at BEGIN.
            with writing(), site.session() as session:
                messages.add_message(session, conversation_id, kind="staff",
                                     body=f"staff {n}")
                session.commit()

    writers = [threading.Thread(target=visitor), threading.Thread(target=staff)]
    for thread in writers:
        thread.start()

    received: list[dict] = []
    cursor, polls = 0, 0
    expected = 1 + VISITOR_MESSAGES + STAFF_REPLIES
    while len(received) < expected and polls < 2000:
        status, page = call(servers[polls % 2], "GET", f"/api/v1/chat/messages?after={cursor}",
                            token=token)
        assert status == 200, page
        received += page["messages"]
        cursor = page["cursor"]
        polls += 1
        if all(not thread.is_alive() for thread in writers) and not page["messages"]:
            # Everything is written: one more round on each server finds what is left.
            for base in servers:
                received += call(base, "GET", f"/api/v1/chat/messages?after={cursor}",
                                 token=token)[1]["messages"]
                cursor = max([cursor] + [m["seq"] for m in received])
            break
    for thread in writers:
        thread.join()

    assert not sent_errors
    seqs = [m["seq"] for m in received]
    assert seqs == list(range(1, expected + 1)), "lost, doubled or out of order"
    bodies = sorted(m["body"] for m in received)
    assert bodies == sorted([f"visitor {n}" for n in range(VISITOR_MESSAGES + 1)]
                            + [f"staff {n}" for n in range(STAFF_REPLIES)])


def test_a_start_sent_to_two_server_processes_at_once_starts_one_conversation(
        live_site_factory):
    site = live_site_factory()
    prepare(site)
    servers = [site.start_server().url, site.start_server().url]
    for attempt in range(3):
        body = {"message": f"bonjour {attempt}", "client_id": f"s{attempt}",
                "language": "fr", "token": secrets.token_urlsafe(32)}
        answers: list[tuple[int, dict]] = []
        barrier = threading.Barrier(2)

        def send(base: str) -> None:
            barrier.wait()
            answers.append(call(base, "POST", "/api/v1/chat/conversations", body))

        senders = [threading.Thread(target=send, args=(base,)) for base in servers]
        for thread in senders:
            thread.start()
        for thread in senders:
            thread.join()
        assert sorted(status for status, _ in answers) == [200, 201], answers
        assert answers[0][1] == answers[1][1]
        assert answers[0][1]["token"] == body["token"]
    with site.session() as session:
        assert session.query(Conversation).count() == 3
        assert session.query(Message).count() == 3

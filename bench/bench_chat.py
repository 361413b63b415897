"""Chat delivery latency: how long a staff reply takes to reach the visitor's widget with
200 visitors polling, against one visitor polling alone, measured in the same run.

A fresh database (SQLite by default, or PostgreSQL with ``--database postgresql``,
created beside ``--database-url`` and dropped after) holds the chat add-on enabled, the
office online (hours all week, a staff member's inbox open) and one conversation per
visitor. ``--servers`` Lanta processes (waitress, 4 threads each, as in
bench_throughput.py) serve it; visitors are spread over them.

Each visitor is a thread polling (a new connection each time) ``GET
/api/v1/chat/messages?after=CURSOR`` with its conversation's token, waiting the
``poll_ms`` the answer asks for (1.5 s), starting at a random moment as real visitors
do. A staff writer commits a reply to a random conversation every ``--interval``
seconds straight into the database (as the inbox's request would) and notes the
moment; the visitor notes when its poll brought it. Delivery latency = seen - committed:
at least the wait until the visitor's next poll (half the poll interval on average),
plus the poll's own time. The baseline runs the same with one visitor.

Printed: median and p95 of the delivery latency and of the poll requests, for the
loaded run and the baseline, and the ratios loaded/baseline. Target: p95 delivery under
2 s with 200 visitors (the issue: replies shown within two seconds).

    .venv/bin/python bench/bench_chat.py [--visitors 200] [--seconds 20] [--servers 2]
        [--database sqlite|postgresql] [--database-url postgresql+psycopg://…]
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import random
import statistics
import sys
import threading
import time
import uuid
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

from fresh_database import run_on_fresh_database  # noqa: E402
from bench_throughput import Server  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from lanta import migrate, models  # noqa: E402
from lanta.models import writing  # noqa: E402
from lanta.plugins import build_plugin_manager  # noqa: E402
from lanta.services import addons  # noqa: E402
from lanta.services import users as users_service  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def seed(url: str, visitors: int) -> list[tuple[int, str]]:
    """The office online and one conversation per visitor: (conversation id, token)."""
    from lanta_chat.services import hours, messages, presence

    pm = build_plugin_manager()
    engine = models.get_engine(url)
    migrate.quiet(migrate.upgrade, migrate.alembic_config(pm, engine=engine))
    seeded = []
    with models.get_session_factory(engine)() as dbsession:
        addons.set_enabled(dbsession, "chat", True)
        hours.save(dbsession, {day: [["00:00", "24:00"]] for day in hours.DAY_KEYS})
        staff = users_service.create(dbsession, "staff@example.org", "bench-password-1234",
                                     "staff", display_name="Camille")
        dbsession.flush()
        # An hour ahead: the office stays online for the whole run without heartbeats.
        presence.heartbeat(dbsession, staff.id,
                           now=models.utcnow() + dt.timedelta(hours=1))
        for n in range(visitors):
            token = messages.new_token()
            conversation = messages.start(dbsession, token=token, language="fr")
            messages.add_message(dbsession, conversation.id, kind="visitor",
                                 body=f"Bonjour, visiteur {n}", client_id="first")
            seeded.append((conversation.id, token))
        dbsession.commit()
    engine.dispose()
    return seeded


class Board:
    """When each reply was committed and when its visitor first saw it, by
    (conversation id, body): a poll may bring a reply before the writer has noted its
    commit, so both sides are kept and matched at the end."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: dict[tuple[int, str], float] = {}
        self.seen_at: dict[tuple[int, str], float] = {}

    def committed(self, conversation_id: int, body: str, at: float) -> None:
        with self.lock:
            self.sent[(conversation_id, body)] = at

    def seen(self, conversation_id: int, body: str, at: float) -> None:
        with self.lock:
            self.seen_at.setdefault((conversation_id, body), at)

    def latencies(self) -> list[float]:
        return [self.seen_at[key] - at for key, at in self.sent.items()
                if key in self.seen_at]

    def unseen(self) -> list[tuple[int, str]]:
        return [key for key in self.sent if key not in self.seen_at]


class Visitor(threading.Thread):
    def __init__(self, port: int, conversation_id: int, token: str, board: Board,
                 stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.conversation_id, self.token = port, conversation_id, token
        self.board, self.stop = board, stop
        self.polls: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        cursor, wait = 0, 1.5
        time.sleep(random.random() * wait)
        while not self.stop.is_set():
            began = time.perf_counter()
            # A connection per poll: waitress keeps at most 100 open connections per
            # process, and 200 idle kept-alive ones would hold them all.
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                connection.request("GET", f"/api/v1/chat/messages?after={cursor}",
                                   headers={"X-Chat-Token": self.token,
                                            "Connection": "close"})
                response = connection.getresponse()
                data = json.loads(response.read())
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(repr(error))
                self.stop.wait(wait)
                continue
            finally:
                connection.close()
            done = time.perf_counter()
            if response.status != 200:
                self.errors.append(f"{response.status} {data.get('detail', '')}")
            else:
                self.polls.append(done - began)
                for message in data["messages"]:
                    if message["kind"] == "staff":
                        self.board.seen(self.conversation_id, message["body"], done)
                cursor = data["cursor"]
                wait = data["poll_ms"] / 1000
            self.stop.wait(max(0.0, wait - (time.perf_counter() - began)))


def staff_writer(url: str, conversations: list[int], board: Board, stop: threading.Event,
                 interval: float) -> None:
    from lanta_chat.services import messages

    engine = models.get_engine(url)
    factory = models.get_session_factory(engine)
    while not stop.wait(interval * (0.5 + random.random())):
        conversation_id = random.choice(conversations)
        body = f"Réponse {uuid.uuid4().hex[:8]}"
        with writing(), factory() as dbsession:
            messages.add_message(dbsession, conversation_id, kind="staff", body=body)
            dbsession.commit()
        board.committed(conversation_id, body, time.perf_counter())
    engine.dispose()


def run_load(url: str, ports: list[int], seeded: list[tuple[int, str]], seconds: float,
             interval: float) -> tuple[list[float], list[float], list[str]]:
    board, stop = Board(), threading.Event()
    visitors = [Visitor(ports[n % len(ports)], cid, token, board, stop)
                for n, (cid, token) in enumerate(seeded)]
    for visitor in visitors:
        visitor.start()
    time.sleep(2.0)  # every visitor has polled once: its cursor is past its history
    writing_stop = threading.Event()
    writer = threading.Thread(target=staff_writer, args=(
        url, [cid for cid, _ in seeded], board, writing_stop, interval), daemon=True)
    writer.start()
    time.sleep(seconds)
    writing_stop.set()
    writer.join()
    # The last replies get two poll intervals to arrive before the count stops.
    time.sleep(3.0)
    stop.set()
    for visitor in visitors:
        visitor.join()
    polls = [p for v in visitors for p in v.polls]
    errors = [e for v in visitors for e in v.errors]
    return board.latencies(), polls, errors + [f"unseen reply: {k}" for k in board.unseen()]


def figures(times: list[float]) -> tuple[float, float]:
    ms = sorted(t * 1000 for t in times)
    if len(ms) < 2:
        return (ms[0], ms[0]) if ms else (float("nan"), float("nan"))
    return statistics.median(ms), statistics.quantiles(ms, n=100, method="inclusive")[94]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0,
                        help="seconds of replies in the loaded run (the baseline: half)")
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--interval", type=float, default=0.2,
                        help="mean seconds between two staff replies")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", default=DEFAULT_PG,
                        help="with --database postgresql: a database beside which a "
                             "fresh one is created and dropped")
    args = parser.parse_args()
    run_on_fresh_database(args.database_url if args.database == "postgresql" else None, lambda directory, url: run(directory, url, args))


def run(directory: Path, url: str, args) -> None:
    started = time.perf_counter()
    seeded = seed(url, args.visitors)
    print(f"seeded {len(seeded)} conversations on {make_url(url).get_backend_name()} in "
          f"{time.perf_counter() - started:.1f} s; {args.servers} server processes; "
          f"a reply every {args.interval:g} s on average")
    servers = [Server("lanta", directory, {"sqlalchemy.url": url})
               for _ in range(args.servers)]
    try:
        ports = [server.port for server in servers]
        loaded = run_load(url, ports, seeded, args.seconds, args.interval)
        # One visitor alone; replies at the same pace (all to it), half as long.
        baseline = run_load(url, ports, seeded[:1], args.seconds / 2, args.interval * 2)
    finally:
        for server in servers:
            server.stop()
    rows = [("delivery, 1 visitor", baseline[0]), (f"delivery, {len(seeded)} visitors",
                                                   loaded[0]),
            ("poll request, 1 visitor", baseline[1]),
            (f"poll request, {len(seeded)} visitors", loaded[1])]
    print(f"{'':<30}{'n':>7}{'median ms':>11}{'p95 ms':>9}")
    for name, values in rows:
        median, p95 = figures(values)
        print(f"{name:<30}{len(values):>7}{median:>11.1f}{p95:>9.1f}")
    for what, index in (("delivery", 0), ("poll request", 1)):
        base, load = figures(baseline[index]), figures(loaded[index])
        print(f"{what}: loaded/baseline median {load[0] / base[0]:.2f}x, "
              f"p95 {load[1] / base[1]:.2f}x")
    p95 = figures(loaded[0])[1]
    print(f"target: delivery p95 under 2000 ms with {len(seeded)} visitors: "
          f"{'met' if p95 < 2000 else 'not met'}")
    errors = loaded[2] + baseline[2]
    if errors:
        print(f"{len(errors)} errors, first: {errors[0]}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()

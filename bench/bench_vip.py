"""VIP terminals under load: scan + redeem latency with 16 terminals at once, against a
bare Pyramid JSON endpoint measured in the same run.

The demo office is seeded in a fresh database (SQLite by default, or ``--database-url``
for PostgreSQL, whose database is created and dropped here) with one approved offer
without limits on each of 16 partners, a paired terminal for each, and 40 cards per
terminal for stays around today. Lanta and the baseline (bench/throughput/baseline_json.py:
a Pyramid view reading a JSON body and answering JSON, nothing else) run under waitress
with the same settings, one at a time, taking turns over ``--rounds``.

Each of 16 client threads plays one terminal on a kept-alive connection: look a card up
by its printed number (``POST /api/v1/vip/scan``), then redeem the first offer given
(``POST /api/v1/vip/redemptions`` with a new request id), card after card, at ``--rate``
pairs a second (a busy festival desk: 2 by default, 32 pairs a second in all; 0 runs
flat out, which measures queueing on two cores more than the work of a request). Against the
baseline each thread sends the same two requests' worth of JSON to the bare endpoint.
The terminals' look-up limits are raised in the ini settings for the run: a terminal
scanning flat out would otherwise be refused after 30 a minute, as it should be.

Each round starts fresh server processes, whose first requests fill their caches
(SQLAlchemy's compiled statements, translations, the first connections): ``--warmup``
seconds of the same load run untimed before each timed run, for Lanta and the baseline
alike (``--warmup 0`` times them too, as the first version of this bench did).

Printed: median and p99 of scan, redeem and the pair, in ms, and each as a ratio to the
baseline's request (the pair: to the baseline's two requests in a row). Target: pair p99
under 25 ms.

    .venv/bin/python bench/bench_vip.py [--duration 8] [--rounds 3] [--terminals 16]
                                        [--rate 2] [--warmup 2]
                                        [--database-url postgresql+psycopg://…]
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
from sqlalchemy import select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from lanta import migrate, models  # noqa: E402
from lanta.models import Partner  # noqa: E402
from lanta.plugins import build_plugin_manager  # noqa: E402
from lanta.services import demo  # noqa: E402

CARDS_PER_TERMINAL = 40
RAISED_LIMITS = {"vip.scans_per_terminal_per_minute": "1000000",
                 "vip.scans_per_card_per_minute": "1000000",
                 "vip.unknown_cards_per_terminal_per_10_minutes": "1000000"}


def seed(url: str, terminal_count: int) -> list[tuple[str, list[str]]]:
    """The demo office with offers, terminals and cards: (terminal key, card numbers)."""
    from lanta_vip.services import cards, offers, terminals
    from lanta_vip.services.clock import today

    pm = build_plugin_manager()
    engine = models.get_engine(url)
    migrate.quiet(migrate.upgrade, migrate.alembic_config(pm, engine=engine))
    seeded = []
    with models.get_session_factory(engine)() as dbsession:
        demo.load_core(dbsession, [a.name for a in pm.loaded_addons()])
        partners = dbsession.scalars(select(Partner).order_by(Partner.id)
                                     .limit(terminal_count)).all()
        for n, partner in enumerate(partners):
            offer = offers.create_offer(dbsession, offers.OfferInput(
                partner_id=partner.id, kind="gift",
                title={"fr": "Un café offert", "en": "A coffee on the house"}))
            offers.approve_offer(dbsession, offer.id)
            key = terminals.add_paired_terminal(dbsession, partner.slug, f"Caisse {n}")[1]
            numbers = []
            for m in range(CARDS_PER_TERMINAL):
                issued = cards.issue_card(dbsession, cards.CardInput(
                    uid=f"{n:04X}{m:04X}", first_name="Léa", language="fr",
                    arrival=today() - dt.timedelta(days=1),
                    departure=today() + dt.timedelta(days=5)), b"bench-unused-qr-key")
                numbers.append(issued.card.number)
            seeded.append((key, numbers))
        dbsession.commit()
    engine.dispose()
    return seeded


class Terminal(threading.Thread):
    """One terminal: scan, then redeem, card after card, until ``stop`` is set."""

    def __init__(self, port: int, key: str | None, numbers: list[str], stop: threading.Event,
                 rate: float, measure_from: float = 0.0):
        super().__init__(daemon=True)
        self.port, self.key, self.numbers, self.stop = port, key, numbers, stop
        # Pairs begun before this moment (perf_counter) are played but not timed.
        self.measure_from = measure_from
        self.interval = 1 / rate if rate > 0 else 0.0
        self.scans: list[float] = []
        self.redeems: list[float] = []
        self.pairs: list[float] = []
        self.errors: list[str] = []

    def post(self, connection, path: str, body: dict) -> tuple[float, int, dict]:
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        start = time.perf_counter()
        connection.request("POST", path, json.dumps(body), headers)
        response = connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - start
        return elapsed, response.status, json.loads(data) if data else {}

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        n = 0
        # Terminals start at different moments, as tills do, then keep their pace.
        next_at = time.perf_counter() + self.interval * random.random()
        while not self.stop.is_set():
            if self.interval:
                time.sleep(max(0.0, next_at - time.perf_counter()))
                next_at += self.interval
            number = self.numbers[n % len(self.numbers)]
            n += 1
            timed = time.perf_counter() >= self.measure_from
            if self.key is None:  # the baseline: the same bodies to the bare endpoint
                first = self.post(connection, "/json", {"card": number})[0]
                second = self.post(connection, "/json", {
                    "card": number, "offer_id": 1, "request_id": str(uuid.uuid4())})[0]
                if not timed:
                    continue
                self.scans.append(first)
                self.redeems.append(second)
                self.pairs.append(first + second)
                continue
            scan, status, body = self.post(connection, "/api/v1/vip/scan", {"card": number})
            if status != 200 or not body.get("offers"):
                self.errors.append(f"scan {status} {body.get('detail', '')}")
                continue
            if timed:
                self.scans.append(scan)
            redeem, status, body = self.post(connection, "/api/v1/vip/redemptions", {
                "card": number, "offer_id": body["offers"][0]["id"],
                "request_id": str(uuid.uuid4())})
            if status != 201:
                self.errors.append(f"redeem {status} {body.get('detail', '')}")
                continue
            if not timed:
                continue
            self.redeems.append(redeem)
            self.pairs.append(scan + redeem)
        connection.close()


def load(port: int, terminals: list[tuple[str | None, list[str]]], seconds: float,
         rate: float, warmup: float = 0.0) -> dict[str, list]:
    """``seconds`` of timed load, after ``warmup`` seconds of the same load untimed."""
    stop = threading.Event()
    measure_from = time.perf_counter() + warmup
    threads = [Terminal(port, key, numbers, stop, rate, measure_from)
               for key, numbers in terminals]
    for thread in threads:
        thread.start()
    time.sleep(warmup + seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return {name: [value for thread in threads for value in getattr(thread, name)]
            for name in ("scans", "redeems", "pairs", "errors")}


def figures(times: list[float]) -> tuple[float, float]:
    ms = sorted(t * 1000 for t in times)
    return statistics.median(ms), statistics.quantiles(ms, n=100, method="inclusive")[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--terminals", type=int, default=16)
    parser.add_argument("--rate", type=float, default=2.0,
                        help="scan + redeem pairs a second per terminal; 0: flat out")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="seconds of the same load, untimed, before each timed run: "
                             "each round starts a fresh server process, whose first "
                             "requests fill its caches (0: time them too)")
    args = parser.parse_args()
    run_on_fresh_database(args.database_url, lambda directory, url: run(directory, url, args))


def run(directory: Path, url: str, args) -> None:
    started = time.perf_counter()
    seeded = seed(url, args.terminals)
    print(f"seeded {len(seeded)} terminals, {len(seeded) * CARDS_PER_TERMINAL} cards on "
          f"{make_url(url).get_backend_name()} in {time.perf_counter() - started:.1f} s; "
          f"{args.terminals} terminals at once, "
          f"{f'{args.rate:g} pairs a second each' if args.rate else 'flat out'}, "
          f"{args.rounds} rounds of {args.duration:g} s after {args.warmup:g} s untimed")
    extra = {"sqlalchemy.url": url, **RAISED_LIMITS}
    results: dict[str, list] = {name: [] for name in (
        "baseline", "baseline pairs", "scan", "redeem", "scan + redeem", "errors")}
    for _round in range(args.rounds):
        for kind in ("baseline", "lanta"):
            server = Server("json" if kind == "baseline" else "lanta", directory,
                            extra if kind == "lanta" else None)
            try:
                if kind == "baseline":
                    got = load(server.port, [(None, n) for _k, n in seeded], args.duration,
                               args.rate, args.warmup)
                    results["baseline"] += got["scans"] + got["redeems"]
                    results["baseline pairs"] += got["pairs"]
                else:
                    got = load(server.port, seeded, args.duration, args.rate, args.warmup)
                    results["scan"] += got["scans"]
                    results["redeem"] += got["redeems"]
                    results["scan + redeem"] += got["pairs"]
                    results["errors"] += got["errors"]
            finally:
                server.stop()
    errors = results["errors"]
    base_median, base_p99 = figures(results["baseline"])
    pair_median, pair_p99 = figures(results["baseline pairs"])
    print(f"{'request':<22}{'n':>8}{'median ms':>11}{'p99 ms':>9}{'x base median':>15}"
          f"{'x base p99':>12}")
    print(f"{'baseline JSON':<22}{len(results['baseline']):>8}{base_median:>11.2f}"
          f"{base_p99:>9.2f}{1:>14.1f}x{1:>11.1f}x")
    for kind in ("scan", "redeem"):
        median, p99 = figures(results[kind])
        print(f"{kind:<22}{len(results[kind]):>8}{median:>11.2f}{p99:>9.2f}"
              f"{median / base_median:>14.1f}x{p99 / base_p99:>11.1f}x")
    median, p99 = figures(results["scan + redeem"])
    print(f"{'scan + redeem':<22}{len(results['scan + redeem']):>8}{median:>11.2f}{p99:>9.2f}"
          f"{median / pair_median:>14.1f}x{p99 / pair_p99:>11.1f}x")
    print(f"target: scan + redeem p99 under 25 ms: {'met' if p99 < 25 else 'not met'}")
    if errors:
        print(f"{len(errors)} refused requests (not timed), first: {errors[0]}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()

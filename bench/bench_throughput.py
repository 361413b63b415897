"""Throughput of anonymous visitor pages against a baseline measured in the same run.

The baseline (bench/throughput/baseline.py) is a minimal Pyramid view reading one SQLite
row and rendering a 5 KB Chameleon template. Lanta serves the demo office from SQLite.
Both run under waitress with the same settings (4 threads) in their own process, one at a
time, and ``wrk`` (Debian package ``wrk``) loads each for the same duration and
connections. Printed: requests per second and the ratio to the baseline, for the home page
and a partner page, served by the anonymous page cache ("cached") and rendered at every
request (a request carrying a session cookie bypasses the cache: "rendered").

    .venv/bin/python bench/bench_throughput.py [--duration 5] [--rounds 5] [--connections 16]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

from demo_site import seed_demo  # noqa: E402
from lanta import models  # noqa: E402

HERE = Path(__file__).resolve().parent
BYPASS = "Cookie: lanta_session=bench"  # an unknown session: rendered, never cached


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``serve.py KIND`` on a free port (``extra``: more settings for Lanta), once it
    answers."""

    def __init__(self, kind: str, directory: Path, extra: dict[str, str] | None = None
                 ) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "throughput" / "serve.py"), kind, str(self.port),
             str(directory), json.dumps(extra or {})], cwd=HERE / "throughput")
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"the {kind} server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def wrk(url: str, duration: int, connections: int, header: str | None = None) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    if header:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True,
                            check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url} answered errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def page_size(url: str, header: str | None = None) -> int:
    request = urllib.request.Request(url, headers=dict([header.split(": ")]) if header else {})
    with urllib.request.urlopen(request) as response:
        return len(response.read())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        seed_demo(directory)
        # Both servers wait idle while the other is loaded; the targets take turns, round
        # after round, so that a machine getting slower or faster over the run moves the
        # baseline and Lanta alike, and the medians are compared.
        baseline, lanta = Server("baseline", directory), Server("lanta", directory)
        try:
            partner = "/fr/partners/" + demo_partner_slug(directory)
            targets = [
                ("baseline (Pyramid + 1 SQLite query + Chameleon)", baseline.url + "/", None),
                ("home /fr/, cached", lanta.url + "/fr/", None),
                ("partner page, cached", lanta.url + partner, None),
                ("home /fr/, rendered", lanta.url + "/fr/", BYPASS),
                ("partner page, rendered", lanta.url + partner, BYPASS)]
            sizes = {}
            for label, url, header in targets:
                urllib.request.urlopen(url).read()  # warm: templates compiled, page cached
                sizes[label] = page_size(url, header)
            rates: dict[str, list[float]] = {label: [] for label, _url, _h in targets}
            for _round in range(args.rounds):
                for label, url, header in targets:
                    rates[label].append(wrk(url, args.duration, args.connections, header))
        finally:
            baseline.stop()
            lanta.stop()
    medians = {label: statistics.median(values) for label, values in rates.items()}
    base = medians[targets[0][0]]
    print(f"wrk -t2 -c{args.connections}, {args.rounds} rounds of {args.duration} s each, "
          "waitress 4 threads, SQLite; medians")
    print(f"{'page':52} {'bytes':>7} {'req/s':>8} {'ratio':>6}  {'each round':}")
    for label, rate in medians.items():
        spread = " ".join(f"{r:.0f}" for r in rates[label])
        print(f"{label:52} {sizes[label]:7d} {rate:8.0f} {rate / base:6.2f}x  {spread}")


def demo_partner_slug(directory: Path) -> str:
    engine = models.get_engine(f"sqlite:///{directory / 'lanta.sqlite'}")
    with engine.connect() as connection:
        slug = connection.exec_driver_sql(
            "SELECT slug FROM partners WHERE published ORDER BY id LIMIT 1").scalar()
    engine.dispose()
    return slug


if __name__ == "__main__":
    main()

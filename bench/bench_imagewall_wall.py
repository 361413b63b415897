"""The image wall with 10,000 approved items: requests per second of its pages and its
feed, rendered at every request (the anonymous page cache off), against the bare
Pyramid page of bench_throughput.py measured in the same run.

A fresh database (SQLite by default, or ``--database-url`` for PostgreSQL, created and
dropped here) is migrated, the add-on enabled, 40 listings created, and 10,000 approved
and ready items inserted in bulk: photos mostly, some clips and webcams, one to three
activities each, 60 % linked to a listing, approved over two years. The photos share ONE
stored picture whose renditions are real files (1600 × 1200, WebP and JPEG): the pages
build the same markup for any picture, and 10,000 sets of renditions would take minutes
to make and measure nothing more.

Measured with ``wrk`` (Debian package ``wrk``), the same duration and connections for
each target, round after round (the targets take turns, so a machine drifting moves
them alike; medians are compared):

- ``/fr/wall/``: the first page (48 tiles, the filter lists and their counts);
- ``/fr/wall/?activity=nature&place=ID``: a filtered page (the busiest listing);
- a deep page: ``?after=CURSOR`` of the 5,000th item (keyset: no offset scan);
- ``/api/v1/imagewall/items?limit=48``: the JSON feed's first page.

    .venv/bin/python bench/bench_imagewall_wall.py [--duration 5] [--rounds 3]
        [--connections 16] [--items 10000] [--database-url postgresql+psycopg://…]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import time
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_throughput import Server, page_size, wrk  # noqa: E402
from fresh_database import run_on_fresh_database  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from lanta import migrate, models  # noqa: E402
from lanta.plugins import build_plugin_manager  # noqa: E402
from lanta.services import addons, images, uploads  # noqa: E402
from lanta.services import partners as partners_service  # noqa: E402
from lanta.services.partner_vocabulary import ENVIES  # noqa: E402
from lanta.testing_files import jpeg_bytes  # noqa: E402

LISTINGS = 40
DEEP = 5000


def seed(url: str, uploads_dir: Path, count: int) -> dict[str, str]:
    """The database with ``count`` items; returns the filtered and deep pages' queries."""
    from lanta_imagewall.models import Item
    from lanta_imagewall.services import wall

    engine = models.get_engine(url)
    migrate.quiet(migrate.upgrade, migrate.alembic_config(build_plugin_manager(),
                                                          engine=engine))
    rng = random.Random(6)
    with models.get_session_factory(engine)() as dbsession:
        addons.set_enabled(dbsession, "imagewall", True)
        listings = [partners_service.create(dbsession, {
            "slug": f"listing-{n}", "category": "restaurant",
            "name": {"fr": f"Adresse {n}", "en": f"Place {n}"},
            "lat": 43.29 + n / 1000, "lon": -0.37}).id for n in range(LISTINGS)]
        image = images.store(dbsession, uploads_dir,
                             uploads.clean_image(jpeg_bytes(1600, 1200, (40, 120, 200))),
                             alt="Le pic du Midi d'Ossau", credit="Anne")
        dbsession.flush()
        now = dt.datetime.now(dt.timezone.utc)
        rows = []
        for n in range(count):
            kind = rng.choices(("photo", "clip", "webcam_image"), (90, 8, 2))[0]
            moment = now - dt.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            rows.append({
                "kind": kind, "status": "approved", "processing": "ready",
                "featured": n % 50 == 0, "caption": f"Photo n° {n} au bord du gave",
                "credit": rng.choice(("Anne", "Marc", "Léa", "Ville de Pau")),
                "tags": rng.sample(ENVIES, rng.randint(1, 3)),
                # A skewed spread: the first listings hold most items, as in real life.
                "partner_id": listings[min(int(rng.expovariate(0.15)), LISTINGS - 1)]
                if rng.random() < 0.6 else None,
                "place_name": "" if rng.random() < 0.5 else "Lac d'Aubert",
                "image_id": image.id if kind != "webcam_image" else None,
                "video_name": f"{n:08x}.mp4" if kind == "clip" else None,
                "video_type": "mp4" if kind == "clip" else None,
                "webcam_url": "https://webcams.example/pau.jpg"
                if kind == "webcam_image" else None,
                "refresh_s": 60 if kind == "webcam_image" else None,
                "approved_at": moment, "created_at": moment, "moderated_at": moment,
                "updated_at": moment, "terms_version": "bench", "people_consent": True})
        dbsession.execute(insert(Item), rows)
        busiest = dbsession.execute(
            select(Item.partner_id, func.count()).where(Item.partner_id.is_not(None))
            .group_by(Item.partner_id).order_by(func.count().desc())).first()[0]
        deep = dbsession.scalars(select(Item).order_by(Item.approved_at.desc(),
                                                       Item.id.desc())
                                 .offset(DEEP - 1).limit(1)).one()
        cursor = wall.encode_cursor(deep)
        dbsession.commit()
    engine.dispose()
    return {"filtered": urllib.parse.urlencode({"activity": "nature", "place": busiest}),
            "deep": urllib.parse.urlencode({"after": cursor})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    run_on_fresh_database(args.database_url, lambda directory, url: run(directory, url, args))


def run(directory: Path, url: str, args) -> None:
    started = time.perf_counter()
    queries = seed(url, directory / "uploads", args.items)
    print(f"seeded {args.items} items on {make_url(url).get_backend_name()} in "
          f"{time.perf_counter() - started:.1f} s")
    baseline = Server("baseline", directory)
    lanta = Server("lanta", directory, {"sqlalchemy.url": url, "lanta.page_cache": "false",
                                        "lanta.background_workers": "false"})
    try:
        targets = [
            ("baseline (Pyramid + 1 SQLite query + Chameleon)", baseline.url + "/"),
            ("wall /fr/wall/", lanta.url + "/fr/wall/"),
            ("wall, filtered (activity + place)", f"{lanta.url}/fr/wall/?{queries['filtered']}"),
            (f"wall, deep page (after item {DEEP})", f"{lanta.url}/fr/wall/?{queries['deep']}"),
            ("feed /api/v1/imagewall/items?limit=48",
             lanta.url + "/api/v1/imagewall/items?limit=48")]
        sizes = {}
        for label, target in targets:
            urllib.request.urlopen(target).read()  # warm: templates compiled, statements cached
            sizes[label] = page_size(target)
        rates: dict[str, list[float]] = {label: [] for label, _url in targets}
        for _round in range(args.rounds):
            for label, target in targets:
                rates[label].append(wrk(target, args.duration, args.connections))
    finally:
        baseline.stop()
        lanta.stop()
    medians = {label: statistics.median(values) for label, values in rates.items()}
    base = medians[targets[0][0]]
    print(f"wrk -t2 -c{args.connections}, {args.rounds} rounds of {args.duration} s, waitress "
          f"4 threads, page cache off; medians")
    print(f"{'page':48} {'bytes':>7} {'req/s':>8} {'ratio':>6}  each round")
    for label, rate in medians.items():
        spread = " ".join(f"{r:.0f}" for r in rates[label])
        print(f"{label:48} {sizes[label]:7d} {rate:8.0f} {rate / base:6.2f}x  {spread}")


if __name__ == "__main__":
    main()

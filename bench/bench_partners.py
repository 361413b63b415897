"""The partner directory at scale: seeding ("indexing") time, and the latency of
``partners.find`` against the cheapest possible nearby query, in the same process.

For each size (10,000 and 100,000 partners by default) a fresh SQLite database is built by
the migrations and seeded with synthetic partners spread within 60 km of the demo town
centre: random categories, one to three envies, French-ish names from word lists (so that a
one-word ``q`` matches a few hundred rows at 100,000), hours from the demo schedules for
most. Rows are bulk-inserted (``partners.create`` would take minutes); a sample of them is
then checked with the service's own validation and ``search_text``.

Then ``--queries`` random queries of each kind go through ``partners.find``, each in a
fresh session as a request would, after a warm-up that also fills the parsed-hours cache
(so "open now" is measured as a long-running server sees it; the cold fill is printed on
its own). The baseline is a plain ``SELECT id, lat, lon … BETWEEN … LIMIT 20`` over the same
5 km boxes as the nearby queries; each median is printed as a ratio to it. Run:

    .venv/bin/python bench/bench_partners.py [--sizes 10000,100000] [--queries 200]
                                             [--budget 60] [--profile [KIND]]

A kind stops early once it has spent ``--budget`` seconds (the kinds that load every
partner take seconds a query at 100,000); the table says how many queries each ran.
``--profile`` prints the ten costliest calls (cumulative) of the slowest kind, or of KIND.
It prints figures only; nothing here asserts a timing.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import math
import pstats
import random
import statistics
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

warnings.filterwarnings("ignore", category=DeprecationWarning)

from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from lanta import migrate, models  # noqa: E402
from lanta.models import Partner  # noqa: E402
from lanta.plugins import build_plugin_manager  # noqa: E402
from lanta.services import (geo, opening_hours, partner_search, partners,  # noqa: E402
                            site_search)
from lanta.services.demo_partners import CENTRE, SCHEDULES  # noqa: E402
from lanta.services.partner_vocabulary import AUDIENCES, CATEGORIES, ENVIES  # noqa: E402
from lanta.services.search import SearchIndex  # noqa: E402
from lanta.services.search_sync import SearchSync  # noqa: E402
from lanta.services.text_folding import fold  # noqa: E402

SPREAD_KM = 60.0
NEAR_KM = 20.0  # nearby queries start from a point this close to the centre
RADIUS_KM = 5.0
WARM_UP = 3
WARM_UP_SECONDS = 1.0
PROFILED = 20
CHECKED_SAMPLE = 500
# A Saturday lunchtime in July: restaurants, shops and summer activities are open.
NOW = dt.datetime(2026, 7, 11, 12, 30, tzinfo=ZoneInfo("Europe/Paris"))

# --- synthetic partners ---------------------------------------------------------------

KINDS = {
    "hotel": ("Hôtel", "Hostellerie", "Relais"), "gite": ("Gîte", "Maison", "Grange"),
    "campsite": ("Camping", "Aire naturelle"), "restaurant": ("Auberge", "Restaurant",
                                                                "Table", "Bistrot"),
    "bar": ("Bar", "Café", "Cave"), "activity": ("Base", "École", "Parc", "Atelier"),
    "shop": ("Boutique", "Épicerie", "Fromagerie", "Librairie"),
    "heritage": ("Château", "Église", "Pont", "Tour"), "museum": ("Musée", "Maison"),
    "welcome_office": ("Bureau d'accueil",), "oasis": ("Oasis numérique",),
}
PLACES = ("du Gave", "des Pins", "de la Fontaine", "du Moulin", "des Bergers", "du Pic",
          "de l'Ours", "des Sources", "du Col", "de la Vallée", "des Tilleuls", "du Lac",
          "de la Forge", "des Vignes", "du Vieux Pont", "de la Bergerie", "des Isards",
          "du Soleil", "de la Poste", "des Platanes")
# Invented surnames, syllable by syllable: 16 x 16 = 256 distinct words, each on about
# 1/256 of the names, so a one-word query matches ~400 partners at 100,000.
FIRST = ("Bor", "Cas", "Lar", "Pey", "Lab", "Mir", "Sal", "Tou", "Gar", "Ber", "Dup",
         "Haur", "Mon", "Vig", "Ess", "Nav")
SECOND = ("denave", "amou", "rieu", "rouse", "aste", "assou", "ounet", "ique", "ède",
          "andou", "eillet", "usquet", "agne", "ot", "ellou", "ibat")
SURNAMES = tuple(a + b for a in FIRST for b in SECOND)
TOWNS = ("Lanta", "Jurançon", "Gan", "Oloron", "Laruns", "Arudy", "Nay", "Lescar",
         "Morlaàs", "Pontacq", "Monein", "Bielle", "Eaux-Bonnes", "Lurbe", "Asson")
SUMMARIES = ("Une adresse familiale au cœur de {town}.", "Accueil chaleureux à {town}, "
             "en pleine nature.", "Tout près du centre de {town}.", "Vue sur les "
             "montagnes depuis {town}.")
LABELS = ("Qualité Tourisme", "Clef Verte", "Tourisme et Handicap", "Accueil Vélo")
HOURS = {  # a handful of the demo schedules, by category; None: hours not known
    "hotel": ("hotel_reception", "hotel_valley"), "gite": ("gite_year", "gite_season"),
    "campsite": ("campsite", "campsite_summer"), "restaurant": ("brasserie", "lunch_only"),
    "bar": ("bar_late", "cafe_bar"), "activity": ("rafting", "treetop"),
    "shop": ("shop", "shop_continuous"), "heritage": ("castle", "always_open"),
    "museum": ("museum", "museum_seasonal"), "welcome_office": ("welcome_main",),
    "oasis": ("always_open",),
}
STORED_HOURS = {name: opening_hours.to_json(opening_hours.parse(SCHEDULES[name]))
                for names in HOURS.values() for name in names}


def random_point(rng: random.Random, within_km: float) -> geo.Point:
    """A point uniformly spread over the disc of ``within_km`` around the centre."""
    distance, bearing = within_km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    lat = CENTRE[0] + math.degrees(distance * math.cos(bearing) / geo.EARTH_RADIUS_KM)
    lon = CENTRE[1] + math.degrees(distance * math.sin(bearing) / geo.EARTH_RADIUS_KM
                                   / math.cos(math.radians(CENTRE[0])))
    return geo.Point(round(lat, 6), round(lon, 6))


def synthetic_partner(rng: random.Random, number: int, stamp: dt.datetime) -> dict[str, Any]:
    category = rng.choice(CATEGORIES)
    town = rng.choice(TOWNS)
    name = f"{rng.choice(KINDS[category])} {rng.choice(PLACES)} {rng.choice(SURNAMES)}"
    point = random_point(rng, SPREAD_KM) if rng.random() < 0.98 else None
    schedule = rng.choice(HOURS[category]) if rng.random() < 0.85 else None
    row: dict[str, Any] = {
        "slug": f"{fold(name).replace(' ', '-')}-{number}", "category": category,
        "name": {"fr": name}, "summary": {"fr": rng.choice(SUMMARIES).format(town=town)},
        "description": {}, "street": f"{rng.randint(1, 120)} rue {rng.choice(PLACES)}",
        "postcode": "64000", "city": town, "lat": point.lat if point else None,
        "lon": point.lon if point else None, "phone": "", "email": "", "website": "",
        "price_range": rng.choice((None, 1, 2, 3, 4)),
        "envies": rng.sample(ENVIES, rng.randint(1, 3)),
        "audiences": rng.sample(AUDIENCES, rng.randint(0, 2)),
        "labels": [rng.choice(LABELS)] if rng.random() < 0.2 else [],
        "accessibility": {}, "relay_corner": rng.random() < 0.05,
        "opening_hours": STORED_HOURS[schedule] if schedule else None,
        "published": rng.random() < 0.97, "external_id": None,
        "created_at": stamp, "updated_at": stamp,
    }
    row["search_text"] = folded_words(row)
    return row


def folded_words(row: dict[str, Any]) -> str:
    """What ``partners.search_text`` stores, from a row instead of a Partner (checked
    against it on a sample after seeding)."""
    parts = [row["slug"].replace("-", " "), row["city"], *row["name"].values(),
             *row["summary"].values(), *row["labels"]]
    return " ".join(dict.fromkeys(fold(" ".join(parts)).split()))


def seeded_database(directory: Path, size: int, rng: random.Random
                    ) -> tuple[sessionmaker[Session], dict[str, float]]:
    engine = models.get_engine(f"sqlite:///{directory / f'partners-{size}.sqlite'}")
    migrate.quiet(migrate.upgrade, migrate.alembic_config(build_plugin_manager(),
                                                          engine=engine))
    factory = models.get_session_factory(engine)
    stamp = dt.datetime.now(dt.timezone.utc)
    start = time.perf_counter()
    rows = [synthetic_partner(rng, number, stamp) for number in range(size)]
    built = time.perf_counter()
    with factory() as dbsession:
        dbsession.execute(insert(Partner), rows)
        dbsession.commit()
    inserted = time.perf_counter()
    check_sample(factory, rng.sample(rows, min(CHECKED_SAMPLE, size)))
    with factory() as dbsession:
        start_cold = time.perf_counter()
        partners.find(dbsession, partners.PartnerQuery(open_now=True), NOW)
        cold = time.perf_counter() - start_cold
    return factory, {"build": built - start, "insert": inserted - built, "cold": cold}


def check_sample(factory: sessionmaker[Session], sample: list[dict[str, Any]]) -> None:
    """The synthetic rows are ones the service would have written: its checks accept
    them unchanged and its own ``search_text`` gives the same words."""
    internal = ("search_text", "created_at", "updated_at", "slug")
    with factory() as dbsession:
        for row in sample:
            if not partners.SLUG.match(row["slug"]):
                raise SystemExit(f"{row['slug']}: not a slug the service accepts.")
            data = {key: value for key, value in row.items() if key not in internal}
            checked = partners._checked(data)
            changed = [key for key, value in checked.items() if value != row[key]]
            if changed:
                raise SystemExit(f"{row['slug']}: the service would store {changed} "
                                 "differently; fix the generator.")
            stored = partners.get_by_slug(dbsession, row["slug"], published_only=False)
            if partners.search_text(stored) != row["search_text"]:
                raise SystemExit(f"{row['slug']}: search_text differs from the service's.")


# --- queries --------------------------------------------------------------------------


def query_maker(kind: str, rng: random.Random) -> Callable[[], partners.PartnerQuery]:
    def near() -> geo.Point:
        return random_point(rng, NEAR_KM)

    makers: dict[str, Callable[[], partners.PartnerQuery]] = {
        "q, SQL (typed place)": lambda: partners.PartnerQuery(q=rng.choice(SURNAMES)),
        "nearby 5 km": lambda: partners.PartnerQuery(near=near(), radius_km=RADIUS_KM),
        "nearby, no radius": lambda: partners.PartnerQuery(near=near()),
        "open now + category": lambda: partners.PartnerQuery(
            open_now=True, category=rng.choice(CATEGORIES)),
        "two envies": lambda: partners.PartnerQuery(envies=tuple(rng.sample(ENVIES, 2))),
    }
    return makers[kind]


KINDS_MEASURED = ("q, SQL (typed place)", "nearby 5 km", "nearby, no radius", "open now + category",
                  "two envies")
BOX_SQL = text("SELECT id, lat, lon FROM partners WHERE lat BETWEEN :min_lat AND :max_lat "
               "AND lon BETWEEN :min_lon AND :max_lon LIMIT 20")


def timed_find(factory: sessionmaker[Session], query: partners.PartnerQuery
               ) -> tuple[float, int]:
    with factory() as dbsession:
        start = time.perf_counter()
        found = partners.find(dbsession, query, NOW)
        return time.perf_counter() - start, found.total


def timed_box(factory: sessionmaker[Session], query: partners.PartnerQuery
              ) -> tuple[float, int]:
    box = geo.bounding_box(query.near, RADIUS_KM)
    with factory() as dbsession:
        start = time.perf_counter()
        rows = dbsession.execute(BOX_SQL, {"min_lat": box.min_lat, "max_lat": box.max_lat,
                                           "min_lon": box.min_lon,
                                           "max_lon": box.max_lon}).all()
        return time.perf_counter() - start, len(rows)


def measure(factory: sessionmaker[Session], timer: Callable[..., tuple[float, int]],
            queries: list[Any], budget: float, warm: bool = True) -> dict[str, float]:
    """Median and p95 in ms over ``queries``, or over those run before ``budget`` seconds
    are spent (the kinds that load every partner take seconds each at 100,000)."""
    warm_until = time.perf_counter() + WARM_UP_SECONDS
    for query in queries[:WARM_UP] if warm else ():
        timer(factory, query)
        if time.perf_counter() > warm_until:  # one slow query warms as well as three
            break
    results = []
    deadline = time.perf_counter() + budget
    for query in queries:
        results.append(timer(factory, query))
        if time.perf_counter() > deadline:
            break
    times = sorted(seconds * 1000 for seconds, _ in results)
    p95 = statistics.quantiles(times, n=100, method="inclusive")[94] if len(times) > 1 \
        else times[0]
    return {"median": statistics.median(times), "p95": p95, "n": len(times),
            "rows": statistics.mean(total for _, total in results)}


def index_figures(factory: sessionmaker[Session], directory: Path, size: int,
                  rng: random.Random, count: int, budget: float) -> None:
    """The site search: indexing every partner in both languages, then queries through
    the search page's service (words, one facet, "open now"). "first time" queries each
    word once, as the index answers a repeated query from its cache."""
    index = SearchIndex(directory / f"search-{size}")
    with factory() as dbsession:
        start = time.perf_counter()
        documents = SearchSync(index).rebuild(dbsession)
        indexing = time.perf_counter() - start
    print(f"search index: {documents:,} documents in {indexing:.1f} s "
          f"({documents / indexing:,.0f} documents/s)")
    # What a server process does in the background as it starts (lanta.search.warm_up),
    # measured on another reader of the same folder; "first query" below is without it.
    started = SearchIndex(index.directory)
    start = time.perf_counter()
    started.warm()
    print(f"warm-up at start (background): {time.perf_counter() - start:.2f} s")
    started.close()
    words = [w.lower() for w in SURNAMES]
    rng.shuffle(words)
    kinds = {
        "index warm-up (first query)": [site_search.SiteQuery(q=words[0])],
        "index words, first time": [site_search.SiteQuery(q=w) for w in words[1:count + 1]],
        "index words, any": [site_search.SiteQuery(q=rng.choice(words)) for _ in range(count)],
        "index word + category": [site_search.SiteQuery(
            q=rng.choice(PLACES).split()[-1].lower(), categories=(rng.choice(CATEGORIES),))
            for _ in range(count)],
        "index word + open now": [site_search.SiteQuery(q=rng.choice(words), open_now=True)
                                  for _ in range(count)],
    }

    def timed(factory: sessionmaker[Session], query: site_search.SiteQuery
              ) -> tuple[float, int]:
        with factory() as dbsession:
            start = time.perf_counter()
            found = site_search.search(dbsession, index, query, NOW)
            return time.perf_counter() - start, found.total

    def timed_api(factory: sessionmaker[Session], query: partners.PartnerQuery
                  ) -> tuple[float, int]:
        """What ``GET /api/v1/partners?q=…`` does: the index finds the words, SQL the
        rest."""
        with factory() as dbsession:
            start = time.perf_counter()
            query.among = partner_search.matching_ids(index, query.q, "fr", NOW,
                                                      query.category)
            found = partners.find(dbsession, query, NOW)
            return time.perf_counter() - start, found.total

    api_kinds = {
        "API q": [partners.PartnerQuery(q=rng.choice(words)) for _ in range(count)],
        "API q + category": [partners.PartnerQuery(
            q=rng.choice(PLACES).split()[-1].lower(), category=rng.choice(CATEGORIES))
            for _ in range(count)],
        "API q + near 5 km": [partners.PartnerQuery(
            q=rng.choice(words), near=random_point(rng, NEAR_KM), radius_km=RADIUS_KM)
            for _ in range(count)],
    }
    print(f"{'site search kind':<28}{'n':>5}{'median ms':>11}{'p95 ms':>10}{'rows':>9}")
    for kind, queries in [*kinds.items(), *api_kinds.items()]:
        figure = measure(factory, timed_api if kind in api_kinds else timed, queries,
                         budget, warm=False)
        print(f"{kind:<28}{figure['n']:>5}{figure['median']:>11.2f}{figure['p95']:>10.2f}"
              f"{figure['rows']:>9.0f}")
    index.close()


def profile(factory: sessionmaker[Session], queries: list[partners.PartnerQuery],
            title: str, budget: float) -> None:
    profiler = cProfile.Profile()
    deadline = time.perf_counter() + budget
    done = 0
    profiler.enable()
    for query in queries:
        timed_find(factory, query)
        done += 1
        if time.perf_counter() > deadline:
            break
    profiler.disable()
    print(f"\nprofile: {title} ({done} queries), top 10 by cumulative time")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(10)


# --- the run --------------------------------------------------------------------------


def run_size(directory: Path, size: int, count: int, budget: float,
             profile_kind: str | None) -> None:
    rng = random.Random(size)
    factory, seeding = seeded_database(directory, size, rng)
    print(f"\n{size:,} partners: rows built (search_text folded) {seeding['build']:.2f} s, "
          f"bulk insert + indexes + commit {seeding['insert']:.2f} s "
          f"({size / seeding['insert']:,.0f} rows/s); "
          f"cold 'open now' over all (fills the hours cache) {seeding['cold'] * 1000:.0f} ms")
    near_queries = [query_maker("nearby 5 km", rng)() for _ in range(count)]
    # Warm the hours cache for every category before "open now" is timed.
    for category in CATEGORIES:
        timed_find(factory, partners.PartnerQuery(open_now=True, category=category))
    figures = {"baseline: SQL box LIMIT 20": measure(factory, timed_box, near_queries, budget)}
    queries_by_kind: dict[str, list[partners.PartnerQuery]] = {}
    for kind in KINDS_MEASURED:
        made = near_queries if kind == "nearby 5 km" else \
            [query_maker(kind, rng)() for _ in range(count)]
        queries_by_kind[kind] = made
        figures[kind] = measure(factory, timed_find, made, budget)
    base = figures["baseline: SQL box LIMIT 20"]["median"]
    print(f"{'kind':<28}{'n':>5}{'median ms':>11}{'p95 ms':>10}{'x baseline':>12}"
          f"{'rows':>9}")
    for kind, figure in figures.items():
        print(f"{kind:<28}{figure['n']:>5}{figure['median']:>11.2f}{figure['p95']:>10.2f}"
              f"{figure['median'] / base:>11.0f}x{figure['rows']:>9.0f}")
    index_figures(factory, directory, size, rng, count, budget)
    if profile_kind is not None:
        kind = profile_kind if profile_kind in KINDS_MEASURED else \
            max(KINDS_MEASURED, key=lambda k: figures[k]["median"])
        profile(factory, queries_by_kind[kind][:PROFILED], f"{kind} at {size:,} partners",
                budget)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="partner counts to seed, comma-separated")
    parser.add_argument("--queries", type=int, default=200, help="queries of each kind")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds after which a kind stops before --queries")
    parser.add_argument("--profile", nargs="?", const="slowest", default=None,
                        choices=("slowest", *KINDS_MEASURED), metavar="KIND",
                        help="profile the slowest kind (or KIND: "
                        + ", ".join(KINDS_MEASURED) + ")")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    print(f"partners.find, one fresh session per query, up to {args.queries} queries "
          f"of each kind or {args.budget:.0f} s (n: how many ran) after up to {WARM_UP} "
          f"warm-up; rows: mean total matched (returned, for the baseline); "
          f"now = {NOW.isoformat()}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            run_size(Path(tmp), size, args.queries, args.budget, args.profile)


if __name__ == "__main__":
    main()

"""Cost of a Lanta page against a bare Pyramid page, in the same process.

The baseline is a Pyramid app with one Chameleon-free view returning a fixed HTML page;
Lanta's home page adds the session, the database (site settings, enabled add-ons), the
hook relay, the ACL and the themed template. Run:

    .venv/bin/python bench/bench_request.py

It prints requests per second of each and the ratio lanta/baseline (time per request).
"""
from __future__ import annotations

import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", category=DeprecationWarning)

from pyramid.config import Configurator  # noqa: E402
from pyramid.response import Response  # noqa: E402
from webtest import TestApp  # noqa: E402

from demo_site import seed_demo  # noqa: E402
from lanta import main as lanta_main  # noqa: E402

ROUNDS = 300
PAGE = "<!DOCTYPE html><html lang='fr'><head><title>x</title></head><body>ok</body></html>"


def baseline_app() -> TestApp:
    with Configurator() as config:
        config.add_route("home", "/fr/")
        config.add_view(lambda request: Response(PAGE), route_name="home")
        return TestApp(config.make_wsgi_app())


def lanta_app(directory: Path) -> TestApp:
    url = seed_demo(directory, "bench.sqlite")
    app = lanta_main({}, **{"sqlalchemy.url": url, "lanta.secret": "b" * 48,
                            "lanta.var_dir": str(directory), "lanta.mail.folder":
                            str(directory / "mail")})
    return TestApp(app)


def per_request(app: TestApp, path: str) -> float:
    app.get(path)  # warm up: templates compiled, pools filled
    start = time.perf_counter()
    for _ in range(ROUNDS):
        app.get(path)
    return (time.perf_counter() - start) / ROUNDS


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = per_request(baseline_app(), "/fr/")
        lanta = lanta_app(Path(tmp))
        home = per_request(lanta, "/fr/")
        health = per_request(lanta, "/healthz")
    print(f"baseline bare Pyramid page: {1 / base:8.0f} req/s")
    print(f"lanta home page /fr/:       {1 / home:8.0f} req/s  ratio {home / base:.1f}x")
    print(f"lanta /healthz:             {1 / health:8.0f} req/s  ratio {health / base:.1f}x")


if __name__ == "__main__":
    main()

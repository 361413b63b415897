"""Serves a baseline or Lanta with waitress, the same settings for all (used by
bench_throughput.py and bench_vip.py: ``serve.py baseline|json|lanta PORT DIRECTORY
[SETTINGS_JSON]``, the last being more settings for Lanta)."""
from __future__ import annotations

import json
import logging
import sys
import warnings

warnings.filterwarnings("ignore")

from waitress import serve  # noqa: E402

THREADS = 4


def main() -> None:
    kind, port, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    extra = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    if kind == "baseline":
        from baseline import make_app
        app = make_app(f"{directory}/baseline.sqlite")
    elif kind == "json":
        from baseline_json import make_app as make_json_app
        app = make_json_app()
    else:
        from lanta import main as lanta_main
        # The access log is one JSON line per request: silenced, as the baseline logs nothing.
        logging.basicConfig(level=logging.WARNING)
        app = lanta_main({}, **{"sqlalchemy.url": f"sqlite:///{directory}/lanta.sqlite",
                                "lanta.secret": "b" * 48, "lanta.var_dir": directory,
                                "lanta.mail.folder": f"{directory}/mail", **extra})
    serve(app, host="127.0.0.1", port=port, threads=THREADS, _quiet=True)


if __name__ == "__main__":
    main()

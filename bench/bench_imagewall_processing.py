"""A 12-megapixel phone photo through the image wall: the upload's check and cleaning
(:func:`lanta_imagewall.services.contributions.contribute`: decode within the pixel
budget, turn upright, drop the EXIF and its GPS position, re-encode, store) and then the
worker's processing (:func:`lanta_imagewall.services.processing.process_next`: the
renditions 320…1920 in WebP and JPEG), against a bare Pillow decode and one JPEG save of
the same file.

Each run is a fresh child process, so that its peak memory (``ru_maxrss``) is its own;
the child measures its time after its imports. Printed: median time and peak memory of
both, their ratios, and the peak above the interpreter's (what the work itself added).

Run: .venv/bin/python bench/bench_imagewall_processing.py [--runs 5]
"""
from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

WIDTH, HEIGHT = 4000, 3000


def make_photo(path: Path) -> None:
    """A 4000 × 3000 JPEG with gradients and grain (it compresses like a photo, some
    4 MB) and EXIF holding a GPS position, as a phone sends it."""
    from lanta.testing_files import gps_exif, photo_like

    photo_like(WIDTH, HEIGHT).save(path, "JPEG", quality=90, exif=gps_exif())


def _peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_baseline(photo: Path, work: Path) -> dict:
    from PIL import Image

    before = _peak_kb()
    start = time.perf_counter()
    with Image.open(photo) as picture:
        picture.load()
        picture.save(work / "copy.jpg", "JPEG", quality=88)
    return {"seconds": time.perf_counter() - start, "peak_kb": _peak_kb(),
            "added_kb": _peak_kb() - before}


def child_lanta(photo: Path, work: Path) -> dict:
    from lanta import migrate, models
    from lanta.plugins import build_plugin_manager
    from lanta_imagewall.services import contributions, processing

    engine = models.get_engine(f"sqlite:///{work / 'bench.sqlite'}")
    migrate.quiet(migrate.upgrade, migrate.alembic_config(build_plugin_manager(),
                                                          engine=engine))
    dbsession = models.get_session_factory(engine)()
    uploads_dir = work / "uploads"
    data = photo.read_bytes()
    before = _peak_kb()
    start = time.perf_counter()
    with io.BytesIO(data) as upload:
        contributions.contribute(dbsession, uploads_dir, upload=upload, caption="Bench",
                                 credit="Bench", accepted_terms=True, people_consent=True)
    dbsession.commit()
    uploaded = time.perf_counter() - start
    item = processing.process_next(dbsession, uploads_dir)
    seconds = time.perf_counter() - start
    assert item is not None and item.processing == "ready", item and item.processing_error
    dbsession.close()
    engine.dispose()
    return {"seconds": seconds, "upload_seconds": uploaded, "peak_kb": _peak_kb(),
            "added_kb": _peak_kb() - before}


def run_child(kind: str, photo: Path) -> dict:
    with tempfile.TemporaryDirectory() as work:
        answer = subprocess.run([sys.executable, __file__, "--child", kind, str(photo), work],
                                capture_output=True, text=True, check=True)
    return json.loads(answer.stdout.strip().splitlines()[-1])


def summary(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "PHOTO", "WORK"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--make", metavar="PHOTO", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make_photo(Path(args.make))
        return
    if args.child:
        kind, photo, work = args.child
        work_of = child_lanta if kind == "lanta" else child_baseline
        print(json.dumps(work_of(Path(photo), Path(work))))
        return
    with tempfile.TemporaryDirectory() as folder:
        photo = Path(folder) / "phone.jpg"
        # Drawn in a child too: a child's peak memory starts from its parent's at the
        # fork, and the parent must stay small for the children's peaks to be theirs.
        subprocess.run([sys.executable, __file__, "--make", str(photo)], check=True)
        size_mb = photo.stat().st_size / 2**20
        baseline = summary([run_child("baseline", photo) for _ in range(args.runs)])
        lanta = summary([run_child("lanta", photo) for _ in range(args.runs)])
    print(f"imagewall processing of a {WIDTH}×{HEIGHT} JPEG ({size_mb:.1f} MB, GPS EXIF), "
          f"median of {args.runs} runs, each in a fresh process:")
    print(f"  baseline (Pillow decode + one JPEG save): {baseline['seconds']:.2f} s, "
          f"peak RSS {baseline['peak_kb'] / 1024:.0f} MB "
          f"(+{baseline['added_kb'] / 1024:.0f} MB by the work)")
    print(f"  lanta (upload check and cleaning {lanta['upload_seconds']:.2f} s, then "
          f"renditions): {lanta['seconds']:.2f} s, peak RSS {lanta['peak_kb'] / 1024:.0f} MB "
          f"(+{lanta['added_kb'] / 1024:.0f} MB by the work)")
    print(f"  ratio lanta/baseline: time {lanta['seconds'] / baseline['seconds']:.1f}, "
          f"peak RSS {lanta['peak_kb'] / baseline['peak_kb']:.2f}, "
          f"added memory {lanta['added_kb'] / max(baseline['added_kb'], 1):.2f}")


if __name__ == "__main__":
    main()

"""The add-on's demo (kiosk address given, clips, a statement and figures that show
something; loaded once) and its purge (no row left, video files removed)."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from lanta import reporting
from lanta_spectrospoke.models import (
    Activity, Booking, Clip, Headset, Hotel, Rate, Slot, View)
from lanta_spectrospoke.services import videos
from lanta.services import site_settings
from lanta_spectrospoke.services.demo import load_demo, purge
from lanta_spectrospoke.services.figures import figures
from lanta_spectrospoke.services.kiosks import headset_for_token
from lanta_spectrospoke.services.statements import statement
from lanta_spectrospoke.statements import month_period

MODELS = (Booking, View, Headset, Rate, Hotel, Slot, Clip, Activity)
KIOSK = re.compile(r"/spectrospoke/kiosk/([A-Za-z0-9_-]{32,64})/")


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


def test_the_demo_gives_a_working_kiosk_and_something_to_count(plugin_manager, dbsession,
                                                               tmp_path):
    [lines] = plugin_manager.hooks_for(["spectrospoke"]).lanta_demo(
        dbsession=dbsession, site_settings=site_settings.load(dbsession), uploads_dir=tmp_path)

    token = KIOSK.search(" ".join(lines)).group(1)
    headset = headset_for_token(dbsession, token)
    assert dbsession.get(Hotel, headset.hotel_id).default_rate_bp == 1000
    clips = dbsession.scalars(select(Clip).where(Clip.published.is_(True))).all()
    assert len(clips) == 3
    assert all(c.title.get("fr") and c.title.get("en") for c in clips)
    [video] = {c.video_file for c in clips}
    assert videos.stored_path(tmp_path, video).read_bytes()[4:8] == b"ftyp"
    month = month_period(reporting.today().replace(day=1))
    shown = statement(dbsession, month)
    assert shown.total.bookings == 1 and shown.total.commission_cents > 0
    numbers = figures(dbsession, reporting.last_days(30)).total
    assert numbers.views > 0 and numbers.bookings == 3
    assert count(dbsession, Slot) > 0


def test_the_demo_loads_once(dbsession, tmp_path):
    load_demo(dbsession, tmp_path)
    before = {model: count(dbsession, model) for model in MODELS}

    lines = load_demo(dbsession, tmp_path)

    assert "already loaded" in " ".join(lines)
    assert {model: count(dbsession, model) for model in MODELS} == before


def test_the_sample_is_stored_and_purge_removes_it(plugin_manager, dbsession, tmp_path):
    load_demo(dbsession, tmp_path)
    names = set(dbsession.scalars(select(Clip.video_file)))
    assert len(names) == 1
    stored = videos.stored_path(tmp_path, names.pop())
    assert stored is not None and stored.stat().st_size > 0

    plugin_manager.hooks_for(["spectrospoke"]).lanta_purge(dbsession=dbsession,
                                                           uploads_dir=tmp_path)

    assert all(count(dbsession, model) == 0 for model in MODELS)
    assert stored.exists()  # until the purge is committed, the clips may come back
    dbsession.commit()
    assert not stored.exists()


def test_a_purge_rolled_back_keeps_the_videos(dbsession, tmp_path):
    load_demo(dbsession, tmp_path)
    dbsession.commit()
    stored = videos.stored_path(tmp_path, dbsession.scalars(select(Clip.video_file)).first())

    purge(dbsession, tmp_path)
    dbsession.rollback()

    assert stored.exists() and count(dbsession, Clip) == 3
    dbsession.commit()  # a later transaction does not delete them either
    assert stored.exists()


def test_a_demo_rolled_back_leaves_no_video(dbsession, tmp_path):
    load_demo(dbsession, tmp_path)
    stored = videos.stored_path(tmp_path, dbsession.scalars(select(Clip.video_file)).first())
    assert stored is not None

    dbsession.rollback()

    assert not stored.exists()
    assert list(videos.folder(tmp_path).iterdir()) == []


def test_purge_leaves_no_row(dbsession, clip, headset, tmp_path):
    load_demo(dbsession, tmp_path)

    purge(dbsession, tmp_path)

    assert {model.__tablename__: count(dbsession, model) for model in MODELS} == {
        model.__tablename__: 0 for model in MODELS}

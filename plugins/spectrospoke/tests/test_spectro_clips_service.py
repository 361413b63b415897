"""The clip service: every value checked with its field named, nothing written on a
refusal; the catalogue a headset sees on a given day; deletion refused with bookings;
old video files removed only once the change is committed."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
import transaction
from transaction.interfaces import NoTransaction

from lanta.services.errors import Conflict, InvalidField
from lanta.testing import jpeg_bytes
from lanta.services import images
from lanta_spectrospoke.models import Booking, Clip, View
from lanta_spectrospoke.services import clips, videos

from spectro_testing import make_partner

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 7, 14)


@pytest.fixture
def tm():
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    yield manager
    try:
        manager.abort()
    except NoTransaction:  # the test committed last
        pass


@pytest.fixture
def storage(tmp_path, tm) -> clips.Storage:
    return clips.Storage(uploads_dir=tmp_path, tm=tm)


def clip_input(activity, **changes) -> clips.ClipInput:
    values = clips.ClipInput(slug="canyon-du-pic", title={"fr": "Canyon du pic", "en": ""},
                             partner_id=activity.id, duration="2:05",
                             video_url="https://videos.example/canyon.mp4")
    return dataclasses.replace(values, **changes)


def stored_videos(storage) -> list[str]:
    folder = videos.folder(storage.uploads_dir)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_create_stores_checked_values(dbsession, activity, storage):
    clip = clips.create(dbsession, clip_input(
        activity, title={"fr": "  Canyon   du pic ", "en": "Peak canyon"},
        envies=("nature", "thrills"), seasons=("summer", "spring"), min_age=10,
        fitness="demanding", narration_language="en", valid_from=TODAY,
        valid_until=TODAY), clips.Media(), storage)
    assert clip.duration_s == 125
    assert clip.title == {"fr": "Canyon du pic", "en": "Peak canyon"}
    # Kept in the vocabulary's order, whatever the order given.
    assert clip.envies == ["thrills", "nature"] and clip.seasons == ["spring", "summer"]
    assert clip.video_file is None and clip.video_type == "mp4"


@pytest.mark.parametrize("changes, field", [
    ({"slug": "Canyon Pic"}, "slug"),
    ({"slug": "canyon--pic"}, "slug"),
    ({"slug": ""}, "slug"),
    ({"title": {"fr": "", "en": "Peak canyon"}}, "title"),
    ({"title": {"fr": "x" * 121}}, "title"),
    ({"duration": "2:75"}, "duration"),
    ({"duration": "soon"}, "duration"),
    ({"duration": "0"}, "duration"),
    ({"duration": str(4 * 3600)}, "duration"),
    ({"projection": "cube"}, "projection"),
    ({"envies": ("boredom",)}, "envies"),
    ({"seasons": ("monsoon",)}, "seasons"),
    ({"min_age": 100}, "min_age"),
    ({"min_age": -1}, "min_age"),
    ({"fitness": "heroic"}, "fitness"),
    ({"narration_language": "french"}, "narration_language"),
    ({"rights": "x" * 1001}, "rights"),
    ({"valid_from": TODAY, "valid_until": TODAY - dt.timedelta(days=1)}, "valid_until"),
    ({"video_url": "http://videos.example/canyon.mp4"}, "video_url"),
    ({"video_url": "https:///nohost.mp4"}, "video_url"),
    ({"video_url": ""}, "video"),
    ({"partner_id": None}, "partner_id"),
])
def test_create_refuses_each_bad_value_naming_its_field(dbsession, activity, storage,
                                                        changes, field):
    with pytest.raises(InvalidField) as refused:
        clips.create(dbsession, clip_input(activity, **changes), clips.Media(), storage)
    assert refused.value.on == field
    assert dbsession.query(Clip).count() == 0


def test_partner_must_be_a_published_activity(dbsession, activity, hotel, storage):
    with pytest.raises(InvalidField, match="activity partner"):
        clips.create(dbsession, clip_input(activity, partner_id=hotel.id), clips.Media(),
                     storage)
    activity.published = False
    with pytest.raises(InvalidField) as refused:
        clips.create(dbsession, clip_input(activity), clips.Media(), storage)
    assert refused.value.on == "partner_id"


def test_slug_is_unique(dbsession, activity, clip, storage):
    with pytest.raises(InvalidField) as refused:
        clips.create(dbsession, clip_input(activity, slug=clip.slug), clips.Media(), storage)
    assert refused.value.on == "slug"
    # Its own slug is not "another clip's".
    same = clips.update(dbsession, clip.id, clip_input(activity, slug=clip.slug),
                        clips.Media(), storage)
    assert same.slug == clip.slug


def test_poster_needs_its_text_alternative_before_any_file_is_written(
        dbsession, activity, storage):
    poster = images.read_upload(io.BytesIO(jpeg_bytes()))
    with open(DATA / "clip.mp4", "rb") as video, pytest.raises(InvalidField) as refused:
        clips.create(dbsession, clip_input(activity, video_url=""),
                     clips.Media(video=video, poster=poster, poster_alt=" "), storage)
    assert refused.value.on == "poster_alt"
    assert stored_videos(storage) == []


def test_poster_stored_then_removed(dbsession, activity, storage):
    poster = images.read_upload(io.BytesIO(jpeg_bytes()))
    clip = clips.create(dbsession, clip_input(activity),
                        clips.Media(poster=poster, poster_alt="Rafts in the rapids"), storage)
    assert clip.poster_id is not None
    clip = clips.update(dbsession, clip.id, clip_input(activity),
                        clips.Media(remove_poster=True), storage)
    assert clip.poster_id is None


def test_uploaded_video_replaces_url_and_old_file_goes_after_commit(
        dbsession, activity, storage, tm):
    with open(DATA / "clip.mp4", "rb") as video:
        clip = clips.create(dbsession, clip_input(activity, video_url=""),
                            clips.Media(video=video), storage)
    first = clip.video_file
    assert videos.NAME.match(first) and first.endswith(".mp4")
    assert clip.video_url == "" and clip.video_type == "mp4"
    assert (videos.folder(storage.uploads_dir) / first).read_bytes() == \
        (DATA / "clip.mp4").read_bytes()
    tm.commit()  # the new file is kept once committed
    tm.begin()
    with open(DATA / "clip.webm", "rb") as video:
        clip = clips.update(dbsession, clip.id, clip_input(activity, video_url=""),
                            clips.Media(video=video), storage)
    assert clip.video_type == "webm"
    # Both files stay until the change commits: a rollback would need the first.
    assert stored_videos(storage) == sorted([first, clip.video_file])
    tm.commit()
    assert stored_videos(storage) == [clip.video_file]


def test_rolled_back_change_keeps_old_file_and_drops_new(dbsession, activity, storage, tm):
    with open(DATA / "clip.mp4", "rb") as video:
        clip = clips.create(dbsession, clip_input(activity, video_url=""),
                            clips.Media(video=video), storage)
    first = clip.video_file
    tm.commit()
    tm.begin()
    with open(DATA / "clip.webm", "rb") as video:
        clips.update(dbsession, clip.id, clip_input(activity, video_url=""),
                     clips.Media(video=video), storage)
    tm.abort()
    assert stored_videos(storage) == [first]


def test_keeping_the_stored_file_without_url(dbsession, activity, storage):
    with open(DATA / "clip.mp4", "rb") as video:
        clip = clips.create(dbsession, clip_input(activity, video_url=""),
                            clips.Media(video=video), storage)
    name = clip.video_file
    clip = clips.update(dbsession, clip.id, clip_input(activity, video_url="", title={
        "fr": "Nouveau titre"}), clips.Media(), storage)
    assert clip.video_file == name and clip.title["fr"] == "Nouveau titre"


def test_refused_video_names_the_video_field(dbsession, activity, storage, tmp_path):
    text = tmp_path / "notes.mp4"
    text.write_text("not a video at all")
    with open(text, "rb") as video, pytest.raises(InvalidField) as refused:
        clips.create(dbsession, clip_input(activity, video_url=""),
                     clips.Media(video=video), storage)
    assert refused.value.on == "video"
    assert dbsession.query(Clip).count() == 0


def test_delete_refused_with_bookings(dbsession, clip, activity, storage):
    dbsession.add(Booking(reference="SPK-AAAA11", clip_id=clip.id, activity_id=activity.id,
                          day=TODAY, participants=2, contact_name="Ana"))
    dbsession.flush()
    with pytest.raises(Conflict, match="Unpublish"):
        clips.delete(dbsession, clip.id, storage)
    assert dbsession.get(Clip, clip.id) is not None


def test_delete_removes_file_after_commit(dbsession, activity, storage, tm):
    with open(DATA / "clip.webm", "rb") as video:
        clip = clips.create(dbsession, clip_input(activity, video_url=""),
                            clips.Media(video=video), storage)
    dbsession.add(View(clip_id=clip.id))
    dbsession.flush()
    tm.commit()
    tm.begin()
    clips.delete(dbsession, clip.id, storage)
    assert dbsession.get(Clip, clip.id) is None
    assert dbsession.query(View).count() == 0  # its views go with it
    assert len(stored_videos(storage)) == 1
    tm.commit()
    assert stored_videos(storage) == []


def test_catalogue_shows_published_clips_within_their_days(dbsession, activity, clip):
    later = Clip(slug="canyon", title={"fr": "Canyon"}, partner_id=activity.id,
                 duration_s=60, video_url="https://videos.example/c.webm",
                 envies=["nature"], seasons=[], published=True,
                 valid_from=TODAY + dt.timedelta(days=1))
    draft = Clip(slug="draft", title={"fr": "Brouillon"}, partner_id=activity.id,
                 duration_s=60, video_url="https://videos.example/d.mp4", published=False)
    dbsession.add_all([later, draft])
    dbsession.flush()
    assert clips.catalogue(dbsession, today=TODAY) == [clip]
    tomorrow = TODAY + dt.timedelta(days=1)
    assert {c.slug for c in clips.catalogue(dbsession, today=tomorrow)} == {
        "rafting-gave", "canyon"}
    assert [c.slug for c in clips.catalogue(dbsession, envie="thrills", today=tomorrow)] \
        == ["rafting-gave"]
    # A clip with no season suits every one.
    assert [c.slug for c in clips.catalogue(dbsession, season="winter", today=tomorrow)] \
        == ["canyon"]
    assert clips.published_clip(dbsession, "canyon", TODAY) is None
    assert clips.published_clip(dbsession, "canyon", tomorrow) is later
    assert clips.published_clip(dbsession, "draft", tomorrow) is None
    clip.valid_until = TODAY - dt.timedelta(days=1)
    assert clips.published_clip(dbsession, "rafting-gave", TODAY) is None


def test_catalogue_hides_clips_of_unpublished_partners(dbsession, activity, clip):
    activity.published = False
    dbsession.flush()
    assert clips.catalogue(dbsession, today=TODAY) == []


@pytest.mark.parametrize("day, season", [
    ("2026-03-19", "winter"), ("2026-03-20", "spring"), ("2026-06-20", "spring"),
    ("2026-06-21", "summer"), ("2026-09-22", "summer"), ("2026-09-23", "autumn"),
    ("2026-12-20", "autumn"), ("2026-12-21", "winter"), ("2027-01-01", "winter")])
def test_current_season(day, season):
    assert clips.current_season(dt.date.fromisoformat(day)) == season


def test_office_list_filters_and_dashboard_figures(dbsession, activity, clip):
    other = make_partner(dbsession, "cimes", "activity", "Cimes")
    dbsession.add(Clip(slug="parapente", title={"fr": "Parapente"}, partner_id=other.id,
                       duration_s=60, video_url="https://videos.example/p.mp4",
                       seasons=["winter"], published=False))
    dbsession.flush()
    assert [c.slug for c in clips.list_for_office(dbsession)] == ["parapente",
                                                                 "rafting-gave"]
    assert [c.slug for c in clips.list_for_office(dbsession, partner_id=other.id)] == [
        "parapente"]
    assert [c.slug for c in clips.list_for_office(dbsession, published=True)] == [
        "rafting-gave"]
    assert [c.slug for c in clips.list_for_office(dbsession, season="winter")] == [
        "parapente"]
    assert [c.slug for c in clips.list_for_office(dbsession, envie="thrills")] == [
        "rafting-gave"]
    assert clips.published_count(dbsession) == 1
    assert clips.expiring(dbsession, TODAY) == []
    clip.valid_until = TODAY + dt.timedelta(days=30)
    assert clips.expiring(dbsession, TODAY) == [clip]
    clip.valid_until = TODAY + dt.timedelta(days=31)
    assert clips.expiring(dbsession, TODAY) == []

"""The add-on's demo (approved photos with real renditions, a featured one, partners
linked, two waiting, two playlists; loaded once) and its purge (no row, no file left)."""
from __future__ import annotations

from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from lanta.models import StoredImage
from lanta.services import images, site_settings
from lanta_imagewall.models import Item, Playlist
from lanta_imagewall.services import files
from lanta_imagewall.services.demo import PHOTOS, load_demo, purge

from wall_testing import make_partner


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


def test_the_demo_fills_the_wall_the_queue_and_two_playlists(plugin_manager, dbsession,
                                                             tmp_path):
    rafting = make_partner(dbsession, "ossau-rafting", "activity", "Ossau Rafting")

    [lines] = plugin_manager.hooks_for(["imagewall"]).lanta_demo(
        dbsession=dbsession, site_settings=site_settings.load(dbsession), uploads_dir=tmp_path)

    told = " ".join(lines)
    for address in ("/fr/wall/", "/fr/wall/screens/web-tv", "/admin/imagewall/"):
        assert address in told
    shown = dbsession.scalars(select(Item).where(Item.status == "approved")).all()
    assert len(shown) == len(PHOTOS) and all(i.on_wall for i in shown)
    assert [i.caption for i in shown if i.featured] == [
        "Descente du gave en raft, fous rires garantis"]
    assert all(i.caption and i.credit and i.tags and i.terms_accepted_at for i in shown)
    assert {i.partner_id for i in shown} - {None} == {rafting.id}
    assert {i.place_name for i in shown if i.partner_id is None} >= {"Halles de Lanta",
                                                                     "Lac de Fabrèges"}
    waiting = dbsession.scalars(select(Item).where(Item.status == "pending")).all()
    assert len(waiting) == 2 and all(i.processing == "ready" for i in waiting)
    playlists = {p.slug: p for p in dbsession.scalars(select(Playlist))}
    assert set(playlists) == {"web-tv", "oasis-centre"}
    assert (playlists["web-tv"].item_order, playlists["web-tv"].recent_days) == (
        "featured_first", 30)
    assert (playlists["oasis-centre"].tags, playlists["oasis-centre"].item_order) == (
        ["thrills", "nature"], "newest")


def test_the_demo_photos_have_real_renditions_without_metadata(dbsession, tmp_path):
    load_demo(dbsession, tmp_path)

    for item in dbsession.scalars(select(Item)):
        folder = tmp_path / images.FOLDER / item.image.key
        for width in item.image.widths:
            for extension in ("webp", "jpg"):
                with Image.open(folder / f"{width}.{extension}") as picture:
                    assert picture.width == width
        with Image.open(folder / f"original.{item.image.original_extension}") as original:
            assert original.format == "JPEG" and not original.getexif()
        assert item.image.alt == item.caption


def test_the_demo_loads_once(dbsession, tmp_path):
    load_demo(dbsession, tmp_path)
    before = (count(dbsession, Item), count(dbsession, Playlist))

    lines = load_demo(dbsession, tmp_path)

    assert "added nothing" in " ".join(lines)
    assert (count(dbsession, Item), count(dbsession, Playlist)) == before


def loaded_demo_with_a_waiting_upload(dbsession, tmp_path) -> list[Path]:
    """The demo's picture folders, plus a file a worker has not taken yet."""
    load_demo(dbsession, tmp_path)
    keys = list(dbsession.scalars(select(StoredImage.key).join(
        Item, Item.image_id == StoredImage.id)))
    folders = [tmp_path / images.FOLDER / key for key in keys]
    assert len(folders) == len(PHOTOS) + 2 and all(f.is_dir() for f in folders)
    waiting = files.incoming_dir(tmp_path)
    waiting.mkdir(parents=True)
    (waiting / ("a" * 32 + ".jpg")).write_bytes(b"left by a worker")
    return folders


def test_purge_removes_every_row_and_file_once_committed(plugin_manager, dbsession,
                                                         tmp_path):
    folders = loaded_demo_with_a_waiting_upload(dbsession, tmp_path)

    plugin_manager.hooks_for(["imagewall"]).lanta_purge(dbsession=dbsession,
                                                        uploads_dir=tmp_path)

    assert (count(dbsession, Item), count(dbsession, Playlist)) == (0, 0)
    assert count(dbsession, StoredImage) == 0
    # Nothing leaves the disk before the commit: a rollback would need it all again.
    assert all(f.is_dir() for f in folders) and (tmp_path / files.FOLDER).is_dir()
    dbsession.commit()
    assert not any(f.exists() for f in folders)
    assert not (Path(tmp_path) / files.FOLDER).exists()


def test_purge_rolled_back_keeps_every_file(dbsession, tmp_path):
    folders = loaded_demo_with_a_waiting_upload(dbsession, tmp_path)
    dbsession.commit()

    purge(dbsession, tmp_path)
    dbsession.rollback()

    assert count(dbsession, Item) == len(PHOTOS) + 2
    assert all(f.is_dir() for f in folders)
    assert (files.incoming_dir(tmp_path) / ("a" * 32 + ".jpg")).read_bytes() == (
        b"left by a worker")

"""The add-on's part of the demo office, and its purge.

The demo: twelve photos as visitors would send them (drawn by :mod:`.demo_pictures`,
checked and stripped by the core's :func:`lanta.services.uploads.clean_image` and
stored with their renditions by :func:`lanta.services.images.store`, as the worker
leaves an upload), approved over the last three weeks, one featured, several linked to
the core's demo partners when they exist (their place's name otherwise); two more
waiting in the moderation queue; and two playlists: ``web-tv`` (the featured first,
then the last 30 days) and ``oasis-centre`` (thrills and nature, newest first).

Loaded once: a site that already has items on its wall gets nothing more.

The purge deletes every item with its pictures (:func:`.files.delete_items`), every
playlist, and the add-on's folder of the uploads. The files go only once the deletion
has committed, whatever commits it (``lanta plugins purge`` commits a plain session, a
request's transaction manager commits its own): a rolled-back purge finds them all again
(see :mod:`lanta.services.transaction_end`).
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import Partner, utcnow
from lanta.services import images, uploads
from lanta.services.transaction_end import when_transaction_ends

from ..models import Item, Playlist
from . import files
from .demo_pictures import draw_jpeg

TERMS_VERSION = "demo"
SKY = ((70, 130, 200), (205, 228, 245))
DUSK = ((60, 60, 120), (250, 170, 120))
# (scene, palette after the sky, caption, credit, tags, partner slug, place name,
#  days ago): the place name stands in when the partner is missing.
PHOTOS: tuple[tuple, ...] = (
    ("mountains", SKY + ((110, 120, 150), (60, 95, 70)),
     "Le pic du Midi d'Ossau au réveil, on ne s'en lasse pas !", "Camille",
     ("nature", "sport"), None, "Col du Pourtalet", 1),
    ("river", SKY + ((90, 140, 90), (60, 120, 170)),
     "Descente du gave en raft, fous rires garantis", "Julien",
     ("thrills", "nature"), "ossau-rafting", "Ossau Rafting", 2),
    ("market", ((200, 170, 120), (180, 170, 160), (200, 60, 50), (220, 120, 40)),
     "Samedi matin aux halles : fromage de brebis et pêches", "Martine",
     ("food", "shopping"), "halles-de-lanta", "Halles de Lanta", 3),
    ("lake", DUSK + ((70, 70, 100), (50, 70, 110)),
     "Coucher de soleil sur le lac de Fabrèges", "Louis",
     ("nature", "relax"), None, "Lac de Fabrèges", 4),
    ("village", SKY + ((150, 70, 60), (235, 225, 205)),
     "Balade dans les ruelles du vieux Lanta", "Inès",
     ("culture", "family"), "chateau-de-lanta", "Château de Lanta", 5),
    ("river", ((120, 170, 220), (230, 240, 250), (70, 120, 80), (80, 150, 160)),
     "Sauts dans les vasques turquoise du canyon", "Théo",
     ("thrills", "sport"), "canyons-d-ossau", "Canyons d'Ossau", 6),
    ("mountains", DUSK + ((100, 80, 120), (50, 60, 80)),
     "La chaîne des Pyrénées depuis le boulevard, au coucher du soleil", "Sophie",
     ("nature", "relax"), "boulevard-des-cretes", "Boulevard des Crêtes", 8),
    ("market", ((210, 190, 150), (170, 160, 150), (40, 110, 60), (180, 40, 60)),
     "Les fraises de Nay sont arrivées au marché", "Hugo",
     ("food", "family"), "halles-de-lanta", "Halles de Lanta", 10),
    ("village", ((100, 150, 210), (220, 235, 245), (90, 80, 90), (220, 210, 190)),
     "Pause goûter à Laruns après la randonnée", "Léa",
     ("family", "food"), None, "Laruns", 12),
    ("lake", ((80, 140, 200), (210, 230, 240), (80, 110, 90), (60, 110, 150)),
     "Pique-nique au bord du lac d'Artouste", "Nathalie",
     ("nature", "family"), None, "Lac d'Artouste", 14),
    ("mountains", SKY + ((120, 130, 140), (70, 110, 60)),
     "Premier sommet en famille : fiers de nous !", "Antoine",
     ("sport", "family", "nature"), None, "Vallée d'Ossau", 17),
    ("river", DUSK + ((70, 90, 70), (90, 90, 140)),
     "Le pont sur le gave, la lumière du soir", "Manon",
     ("relax", "culture"), None, "Pont de la Basse-Ville", 20),
)
FEATURED = 1  # the rafting photo opens the web TV
WAITING: tuple[tuple, ...] = (
    ("market", ((190, 160, 120), (170, 165, 160), (60, 90, 170), (230, 150, 40)),
     "Les abricots du producteur de Jurançon", "Pierre", ("food",), "halles-de-lanta",
     "Halles de Lanta", 0),
    ("lake", DUSK + ((60, 80, 90), (70, 80, 130)),
     "Le lac au petit matin, tout était calme", "Élodie", ("nature", "relax"), None,
     "Lac de Bious-Artigues", 0),
)
PLAYLISTS: tuple[dict, ...] = (
    {"slug": "web-tv", "name": "Web TV", "item_order": "featured_first",
     "recent_days": 30, "max_items": 100, "photo_seconds": 8},
    {"slug": "oasis-centre", "name": "Oasis du centre", "item_order": "newest",
     "tags": ("thrills", "nature"), "max_items": 50, "photo_seconds": 10},
)


def load_demo(dbsession: Session, uploads_dir: Path,
              now: dt.datetime | None = None) -> list[str]:
    """The demo photos, the two waiting ones and the playlists; the lines telling the
    operator where to look."""
    if dbsession.scalar(select(func.count()).select_from(Item)):
        return ["Image wall: the site already has items; the demo added nothing."]
    now = now or utcnow()
    partners = {partner.slug: partner for partner in dbsession.scalars(
        select(Partner).where(Partner.slug.in_({photo[5] for photo in PHOTOS + WAITING
                                                if photo[5]})))}
    for seed, photo in enumerate(PHOTOS):
        _photo(dbsession, uploads_dir, photo, partners, now, seed, status="approved",
               featured=seed == FEATURED)
    for seed, photo in enumerate(WAITING, start=len(PHOTOS)):
        _photo(dbsession, uploads_dir, photo, partners, now, seed, status="pending")
    taken = set(dbsession.scalars(select(Playlist.slug)))
    dbsession.add_all(Playlist(**dict(rules, tags=list(rules.get("tags", ()))))
                      for rules in PLAYLISTS if rules["slug"] not in taken)
    dbsession.flush()
    return [f"Image wall: {len(PHOTOS)} photos on /fr/wall/ and {len(WAITING)} waiting in "
            "the queue at /admin/imagewall/; the web TV plays at /fr/wall/screens/web-tv "
            "and the town-centre oasis at /fr/wall/screens/oasis-centre."]


def _photo(dbsession: Session, uploads_dir: Path, photo: tuple, partners: dict,
           now: dt.datetime, seed: int, *, status: str, featured: bool = False) -> Item:
    scene, palette, caption, credit, tags, slug, place_name, days_ago = photo
    clean = uploads.clean_image(draw_jpeg(scene, palette, seed))
    image = images.store(dbsession, uploads_dir, clean, alt=caption, credit=credit)
    sent = now - dt.timedelta(days=days_ago, hours=2 + seed % 5)
    partner = partners.get(slug) if slug else None
    decided = sent + dt.timedelta(hours=1) if status == "approved" else None
    item = Item(kind="photo", status=status, featured=featured, caption=caption,
                credit=credit, tags=list(tags), partner_id=partner.id if partner else None,
                place_name="" if partner else place_name, processing="ready",
                image_id=image.id, contributor_lang="fr", terms_accepted_at=sent,
                terms_version=TERMS_VERSION, people_consent=True, created_at=sent,
                moderated_at=decided, approved_at=decided)
    dbsession.add(item)
    return item


def purge(dbsession: Session, uploads_dir: Path) -> None:
    """Delete every item and its files, every playlist, and the add-on's folder."""
    files.delete_items(dbsession, uploads_dir, dbsession.scalars(select(Item)).all())
    for playlist in dbsession.scalars(select(Playlist)).all():
        dbsession.delete(playlist)
    dbsession.flush()
    folder = Path(uploads_dir) / files.FOLDER
    when_transaction_ends(dbsession,
                          committed=lambda: shutil.rmtree(folder, ignore_errors=True))

"""Helpers of the imagewall add-on's tests, imported by name (``from wall_testing import
…``): a module named ``conftest`` would be whichever add-on's conftest was imported last
when the whole suite runs in one process."""
from __future__ import annotations

from pathlib import Path

from lanta.models import utcnow
from lanta.services import images, uploads
from lanta.services import partners as partners_service
from lanta.testing import jpeg_bytes
from lanta_imagewall.models import Item


def make_partner(dbsession, slug: str, category: str, name: str, email: str = ""):
    """A published listing near Pau, named alike in French and English."""
    partner = partners_service.create(dbsession, {
        "slug": slug, "category": category, "name": {"fr": name, "en": name},
        "email": email, "lat": 43.2951, "lon": -0.3708})
    dbsession.flush()
    return partner


def make_photo(dbsession, uploads_dir: Path, *, caption: str = "Le pic du Midi d'Ossau",
               credit: str = "Anne", status: str = "approved", featured: bool = False,
               tags: tuple[str, ...] = (), partner=None, place_name: str = "",
               colour: tuple[int, int, int] = (40, 120, 200), when=None,
               email: str | None = None) -> Item:
    """A photo item whose renditions exist (made from a small real JPEG), approved and
    ready unless told otherwise, as the worker and a moderator would leave it."""
    clean = uploads.clean_image(jpeg_bytes(800, 600, colour))
    image = images.store(dbsession, uploads_dir, clean, alt=caption, credit=credit)
    moment = when or utcnow()
    item = Item(kind="photo", status=status, featured=featured, caption=caption,
                credit=credit, tags=list(tags), partner_id=partner.id if partner else None,
                place_name=place_name, processing="ready", image_id=image.id,
                contributor_email=email, terms_accepted_at=moment, terms_version="test",
                people_consent=True, created_at=moment,
                approved_at=moment if status == "approved" else None,
                moderated_at=moment if status != "pending" else None)
    dbsession.add(item)
    dbsession.flush()
    return item


def make_webcam(dbsession, *, url: str = "https://webcams.example/pau.jpg",
                kind: str = "webcam_image", refresh_s: int | None = 60,
                caption: str = "Le boulevard des Pyrénées en direct", credit: str = "Ville de Pau",
                status: str = "approved", partner=None) -> Item:
    """A webcam item (ready at once, like those the office adds)."""
    moment = utcnow()
    item = Item(kind=kind, status=status, caption=caption, credit=credit, webcam_url=url,
                refresh_s=refresh_s if kind == "webcam_image" else None,
                partner_id=partner.id if partner else None, processing="ready",
                created_at=moment, approved_at=moment if status == "approved" else None)
    dbsession.add(item)
    dbsession.flush()
    return item

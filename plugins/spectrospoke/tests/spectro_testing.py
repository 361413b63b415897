"""Helpers of the spectrospoke add-on's tests, imported by name (``from spectro_testing
import …``): a module named ``conftest`` would be whichever add-on's conftest was
imported last when the whole suite runs in one process."""
from __future__ import annotations

from lanta.services import partners as partners_service


def make_partner(dbsession, slug: str, category: str, name: str, email: str = ""):
    """A published listing near Pau, named alike in French and English."""
    partner = partners_service.create(dbsession, {
        "slug": slug, "category": category, "name": {"fr": name, "en": name},
        "email": email, "lat": 43.2951, "lon": -0.3708})
    dbsession.flush()
    return partner

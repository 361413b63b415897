"""``site_settings.load`` reuses its last decoding while the stored text is the same: what
a session reads is always what it holds, whichever session read before."""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from lanta.models import SiteSetting
from lanta.services import site_settings


def test_a_change_is_read_at_once_and_a_rolled_back_one_is_forgotten(engine):
    with Session(engine) as first:
        before = site_settings.load(first).name
        site_settings.save(first, name="Office du Val d'Azun")
        assert site_settings.load(first).name == "Office du Val d'Azun"
        first.rollback()
    with Session(engine) as second:
        # The same number of rows and keys as the decoding kept above: only the text differs.
        assert site_settings.load(second).name == before


def test_a_row_written_behind_the_orms_back_is_read(dbsession):
    site_settings.save(dbsession, tagline="Au pied des Pyrénées")
    assert site_settings.load(dbsession).tagline == "Au pied des Pyrénées"
    dbsession.execute(update(SiteSetting).where(SiteSetting.key == "tagline")
                      .values(value="Entre lacs et sommets"))
    assert site_settings.load(dbsession).tagline == "Entre lacs et sommets"


def test_each_caller_gets_lists_of_its_own(dbsession):
    site_settings.save(dbsession, languages=["fr", "en"], enabled_addons=["banner"])
    first = site_settings.load(dbsession)
    first.languages.append("es")
    first.enabled_addons.clear()
    again = site_settings.load(dbsession)
    assert again.languages == ["fr", "en"]
    assert again.enabled_addons == ["banner"]

"""The banner's notices for partner pages, on a real partner page of the core."""
from __future__ import annotations

from lanta.services import partners as partners_service


def make_partner(dbsession):
    return partners_service.create(dbsession, {"slug": "gite-du-gave", "category": "gite",
                                               "name": {"fr": "Gîte du Gave"}})


def test_the_notice_panel_shows_while_the_addon_is_enabled(testapp, dbsession, banner_on,
                                                            add_notice):
    make_partner(dbsession)
    add_notice("Route du col fermée", level="warning", on_partner_pages=True)
    page = testapp.get("/fr/partners/gite-du-gave")
    panel = page.html.select_one(".partner-panel")
    assert panel is not None
    assert "Route du col fermée" in panel.get_text()


def test_no_panel_once_the_addon_is_disabled(testapp, dbsession, banner_on, add_notice,
                                             disable_addon):
    make_partner(dbsession)
    add_notice("Route du col fermée", level="warning", on_partner_pages=True)
    disable_addon("banner")
    page = testapp.get("/fr/partners/gite-du-gave")
    assert page.html.select_one(".partner-panel") is None
    assert "Route du col fermée" not in page

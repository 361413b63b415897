"""One test per hook of the core, asserting what the banner add-on really does with it."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import create_engine, inspect, select
from sqlalchemy.orm import Session

from lanta.addon_api import PartnerPanel, SearchDocument
from lanta_banner.models import Notice


def test_hook_lanta_configure(testapp, banner_on):
    assert testapp.get("/api/v1/banner/current").json == {"items": []}
    assert testapp.get("/fr/banner/").status_int == 200
    css = testapp.get("/banner/static/banner.css")
    assert ".banner--alert" in css.text


def test_hook_lanta_migration_locations(plugin_manager, engine):
    locations = [r for r in plugin_manager.hook.lanta_migration_locations() if r]
    banner_dir = next(Path(p) for p in locations if "lanta_banner" in str(p))
    first = (banner_dir / "banner_0001_notices.py").read_text()
    assert "down_revision: Union[str, Sequence[str], None] = None" in first
    assert 'branch_labels: Union[str, Sequence[str], None] = ("banner",)' in first
    assert 'depends_on: Union[str, Sequence[str], None] = "core_0001"' in first
    # The test database is built by the migrations, this branch included.
    assert inspect(engine).has_table("banner_notices")


def test_hook_lanta_permissions(testapp, login, banner_on):
    grants = [g for g in testapp.app.registry.lanta_plugins.hooks_for(["banner"])
              .lanta_permissions() for g in g or () if g.permission == "banner.manage"]
    assert grants and set(grants[0].roles) == {"editor", "staff"}
    # Logging in again replaces the session: one role after the other.
    for role, status in (("staff", 200), ("editor", 200), ("partner", 403), ("visitor", 403)):
        login(role)
        testapp.get("/admin/banner/", status=status)


def test_hook_lanta_admin_menu(login, testapp, banner_on):
    login("editor")
    page = testapp.get("/admin/")
    link = page.html.find("a", attrs={"data-menu": "banner.admin"})
    assert link is not None and link["href"].endswith("/admin/banner/")


def test_hook_lanta_dashboard_widgets(login, testapp, banner_on, add_notice):
    add_notice()
    add_notice("Alerte orange orages", level="alert")
    add_notice("Plus tard", hours_from=5, hours_until=6)
    login("editor")
    page = testapp.get("/admin/")
    count = page.html.find(attrs={"data-banner-count": True})
    assert count.text.strip() == "2"
    assert page.html.find("a", href=re.compile(r"/admin/banner/$"), class_=None) is not None


def test_hook_lanta_page_slot(testapp, banner_on, add_notice):
    add_notice("Fermeture exceptionnelle du BIT le 25 décembre", level="info")
    add_notice("Route du col fermée", level="warning")
    add_notice("Alerte orange orages", level="alert", link="https://meteo.example/64")
    page = testapp.get("/fr/")
    region = page.html.find("section", class_="banner-region")
    assert region is not None and region.get("aria-label")
    roles = {div["data-banner-level"]: div["role"] for div in region.find_all("div")}
    assert roles == {"info": "status", "warning": "status", "alert": "alert"}
    # The most severe notice comes first.
    assert region.find("div")["data-banner-level"] == "alert"
    assert region.find("a", href="https://meteo.example/64") is not None
    head_links = [link["href"] for link in page.html.head.find_all("link", rel="stylesheet")]
    assert any(href.endswith("/banner/static/banner.css") for href in head_links)
    # The footer slot stays empty.
    assert "banner" not in str(page.html.find("footer"))


def test_hook_lanta_partner_panels(make_request, banner_on, add_notice):
    add_notice("Route du col fermée", level="warning", on_partner_pages=True)
    add_notice("Fermeture du BIT", level="info")  # not for partner pages
    partner = SimpleNamespace(id=7, slug="gite-du-gave", name="Gîte du Gave", category="lodging")
    request = make_request("/fr/")
    panels = [p for result in request.hooks.lanta_partner_panels(request=request,
                                                                  partner=partner)
              for p in result or ()]
    assert len(panels) == 1 and isinstance(panels[0], PartnerPanel)
    assert "Route du col fermée" in panels[0].body
    assert "Fermeture du BIT" not in panels[0].body


def test_hook_lanta_search_documents(plugin_manager, dbsession, add_notice):
    current = add_notice("Alerte orange orages", level="alert", text_en="Orange storm alert")
    add_notice("Fini", hours_from=-5, hours_until=-1)
    documents = [d for result in plugin_manager.hooks_for(["banner"])
                 .lanta_search_documents(dbsession=dbsession) for d in result or ()
                 if d.id.startswith("banner:")]
    assert all(isinstance(d, SearchDocument) for d in documents)
    by_id = {d.id: d for d in documents}
    assert set(by_id) == {f"banner:{current.id}:fr", f"banner:{current.id}:en"}
    assert by_id[f"banner:{current.id}:en"].text == "Orange storm alert"
    assert by_id[f"banner:{current.id}:fr"].url == f"/fr/banner/#notice-{current.id}"
    disabled = [d for result in plugin_manager.hooks_for([])
                .lanta_search_documents(dbsession=dbsession) for d in result or ()]
    assert not [d for d in disabled if d.id.startswith("banner:")]


def test_hook_lanta_openapi_paths(testapp, banner_on, disable_addon):
    document = testapp.get("/api/v1/openapi.json").json
    operation = document["paths"]["/api/v1/banner/current"]["get"]
    assert operation["parameters"][0]["name"] == "lang"
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["items"]
    disable_addon("banner")
    assert "/api/v1/banner/current" not in testapp.get("/api/v1/openapi.json").json["paths"]


def test_hook_lanta_cli(live_site_factory, run_lanta):
    site = live_site_factory()
    until = (dt.datetime.now() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    added = run_lanta(site, "banner", "add", "--level", "warning", "--text-fr",
                      "Route du col fermée", "--text-en", "Pass road closed", "--until", until)
    assert added.returncode == 0, added.stderr
    notice_id = int(added.stdout.strip())
    listed = run_lanta(site, "banner", "list")
    assert listed.returncode == 0, listed.stderr
    line = listed.stdout.strip().splitlines()[0].split("\t")
    assert line[0] == str(notice_id) and line[1] == "warning" and line[2] == "current"
    assert line[4].startswith(until.replace("T", " ")) and line[-1] == "Route du col fermée"
    refused = run_lanta(site, "banner", "add", "--text-fr", "  ", "--until", until)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "The French text is required."
    engine = create_engine(site.db_url)
    try:
        with Session(engine) as dbsession:
            assert dbsession.scalars(select(Notice.id)).all() == [notice_id]
    finally:
        engine.dispose()


def test_hook_lanta_demo(plugin_manager, dbsession, tmp_path):
    from lanta.services import site_settings

    plugin_manager.hooks_for(["banner"]).lanta_demo(dbsession=dbsession,
                                                    site_settings=site_settings.load(dbsession),
        uploads_dir=tmp_path)
    notices = dbsession.scalars(select(Notice)).all()
    assert len(notices) == 2
    assert {n.level for n in notices} == {"info", "warning"}
    assert all(n.text_fr and n.text_en for n in notices)
    assert [n.on_partner_pages for n in notices].count(True) == 1
    from lanta_banner import services
    assert len(services.current(dbsession)) == 2


def test_hook_lanta_purge(plugin_manager, dbsession, add_notice, tmp_path):
    add_notice()
    add_notice("Alerte orange orages", level="alert")
    plugin_manager.hooks_for(["banner"]).lanta_purge(dbsession=dbsession, uploads_dir=tmp_path)
    assert dbsession.scalars(select(Notice)).all() == []

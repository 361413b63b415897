"""One test per hook the vip add-on implements, asserting what it really does with it."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pyramid.interfaces import IRoutesMapper
from sqlalchemy import inspect, select
from lanta.models import Partner
from lanta.services import site_settings
from lanta_vip.models import Card, Offer, Terminal, Visitor
from lanta_vip.services import cards, privacy, terminals
from lanta_vip.services import secrets as vip_secrets
from vip_support import make_partner

VIP_PATHS = {"/api/v1/vip/scan", "/api/v1/vip/redemptions", "/api/v1/vip/terminals/pair"}


def test_hook_lanta_configure(testapp, vip_on, app):
    routes = {r.name: r.pattern
              for r in app.registry.getUtility(IRoutesMapper).get_routes()}
    assert routes["vip.api.scan"] == "/api/v1/vip/scan"
    assert routes["vip.api.redemptions"] == "/api/v1/vip/redemptions"
    # The routes answer (401: the view ran and asked for a key).
    testapp.post_json("/api/v1/vip/scan", {"card": "x"}, status=401)


def test_hook_lanta_migration_locations(plugin_manager, engine):
    locations = [r for r in plugin_manager.hook.lanta_migration_locations() if r]
    vip_dir = next(Path(p) for p in locations if "lanta_vip" in str(p))
    first = (vip_dir / "vip_0001_cards_offers_terminals.py").read_text()
    assert "down_revision: Union[str, Sequence[str], None] = None" in first
    assert 'branch_labels: Union[str, Sequence[str], None] = ("vip",)' in first
    assert 'depends_on: Union[str, Sequence[str], None] = "core_0002"' in first
    tables = set(inspect(engine).get_table_names())
    assert {"vip_visitors", "vip_consents", "vip_cards", "vip_offers", "vip_terminals",
            "vip_redemptions", "vip_scans"} <= tables


def test_hook_lanta_permissions(app, vip_on):
    grants = {g.permission: set(g.roles)
              for result in app.registry.lanta_plugins.hooks_for(["vip"]).lanta_permissions()
              for g in result or ()
              if g.permission.startswith("vip.")}
    assert grants == {"vip.issue": {"staff"}, "vip.manage": {"staff"}}


def test_hook_lanta_openapi_paths(testapp, vip_on, disable_addon):
    document = testapp.get("/api/v1/openapi.json").json
    assert VIP_PATHS <= set(document["paths"])
    redeem = document["paths"]["/api/v1/vip/redemptions"]["post"]
    assert {"200", "201", "401", "404", "409", "410", "422", "429"} <= set(redeem["responses"])
    assert redeem["requestBody"]["content"]["application/json"]["schema"]["required"] == \
        ["card", "offer_id", "request_id"]
    disable_addon("vip")
    assert not VIP_PATHS & set(testapp.get("/api/v1/openapi.json").json["paths"])


def test_hook_lanta_cli(live_site_factory, run_lanta):
    site = live_site_factory()
    with site.session() as dbsession:
        make_partner(dbsession, "ossau-rafting")
        dbsession.commit()

    added = run_lanta(site, "vip", "terminal", "add", "ossau-rafting", "--label", "Accueil")
    assert added.returncode == 0, added.stderr
    assert re.fullmatch(r"lvt_[A-Za-z0-9_-]{43}\n", added.stdout)
    key = added.stdout.strip()

    arrival = dt.date.today()
    departure = arrival + dt.timedelta(days=5)
    issued = run_lanta(site, "vip", "card", "issue", "--uid", "04A1B2C3D4E5F6",
                       "--first-name", "Léa", "--language", "fr",
                       "--arrival", arrival.isoformat(), "--departure", departure.isoformat(),
                       "--interest", "thrills", "--interest", "family")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    assert issued.stdout == token + "\n"
    qr_key = vip_secrets.qr_key_from_secret(site.secret)
    number, _nonce = vip_secrets.verify_token(qr_key, token)

    with site.session() as dbsession:
        terminal = terminals.authenticate(dbsession, key)
        assert terminal.label == "Accueil" and terminal.key_hash != key
        card = cards.find_card(dbsession, token, qr_key)
        assert card.number == number and card.visitor.envies == ["thrills", "family"]
        dbsession.rollback()

    refused = run_lanta(site, "vip", "card", "issue", "--uid", "04A1B2C3D4E5F7",
                        "--first-name", "Tom", "--language", "en",
                        "--arrival", departure.isoformat(), "--departure", arrival.isoformat())
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.strip() == "The departure cannot come before the arrival."
    unknown = run_lanta(site, "vip", "terminal", "add", "nowhere")
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert unknown.stderr.strip() == "There is no partner nowhere."
    usage = run_lanta(site, "vip", "card", "issue", "--uid", "04A1B2C3D4E5F8",
                      "--first-name", "Tom", "--language", "en",
                      "--arrival", "14/07/2026", "--departure", departure.isoformat())
    assert usage.returncode == 2 and len(usage.stderr.strip().splitlines()) == 1

    anonymised = run_lanta(site, "vip", "anonymise", "--days", "0")
    assert anonymised.returncode == 0 and anonymised.stdout == "0\n"  # nobody has left


def test_hook_lanta_demo(plugin_manager, dbsession, tmp_path):
    for slug in ("ossau-rafting", "la-garbure", "hotel-du-gave"):
        make_partner(dbsession, slug)
    [told] = plugin_manager.hooks_for(["vip"]).lanta_demo(
        dbsession=dbsession, site_settings=site_settings.load(dbsession),
        uploads_dir=tmp_path)
    demo_offers = dbsession.scalars(select(Offer)).all()
    assert len(demo_offers) == 3  # parc-accro-chenes does not exist here: its offer neither
    assert {o.status for o in demo_offers} == {"approved"}
    assert all(o.title.get("fr") and o.title.get("en") for o in demo_offers)
    # The terminal waits for a tablet: the code the operator is told pairs it, once.
    [terminal] = dbsession.scalars(select(Terminal)).all()
    assert terminal.key_hash is None and terminal.revoked_at is None
    code = re.search(r"pairing code (\S+)", told[0]).group(1)
    assert terminals.pair_terminal(dbsession, code)[0].id == terminal.id
    [card] = dbsession.scalars(select(Card)).all()
    assert vip_secrets.format_card_number(card.number) in told[1]
    [visitor] = dbsession.scalars(select(Visitor)).all()
    hotel = dbsession.scalars(select(Partner).where(Partner.slug == "hotel-du-gave")).one()
    assert visitor.accommodation_id == hotel.id and visitor.children == 2


def test_hook_lanta_demo_without_demo_partners_adds_only_a_card(plugin_manager, dbsession, tmp_path):
    [told] = plugin_manager.hooks_for(["vip"]).lanta_demo(
        dbsession=dbsession, site_settings=site_settings.load(dbsession),
        uploads_dir=tmp_path)
    assert len(told) == 1 and "VIP card" in told[0]
    assert dbsession.scalars(select(Offer)).all() == []
    assert dbsession.scalars(select(Terminal)).all() == []
    assert len(dbsession.scalars(select(Card)).all()) == 1


def test_hook_lanta_purge(plugin_manager, dbsession, tmp_path):
    make_partner(dbsession, "ossau-rafting")
    plugin_manager.hooks_for(["vip"]).lanta_demo(dbsession=dbsession,
                                                 site_settings=site_settings.load(dbsession),
        uploads_dir=tmp_path)
    privacy.set_retention_days(dbsession, 10)
    plugin_manager.hooks_for(["vip"]).lanta_purge(dbsession=dbsession, uploads_dir=tmp_path)
    for model in (Offer, Terminal, Card, Visitor):
        assert dbsession.scalars(select(model)).all() == []
    assert privacy.retention_days(dbsession) == privacy.DEFAULT_RETENTION_DAYS


def test_vip_branch_downgrades_alone_and_upgrades_again(live_site_factory, run_lanta):
    site = live_site_factory()
    site.session().close()
    engine = site.engine
    before = set(inspect(engine).get_table_names())
    purged = run_lanta(site, "plugins", "purge", "vip", "--yes")
    assert purged.returncode == 0, purged.stderr
    engine.dispose()
    after = set(inspect(engine).get_table_names())
    assert {t for t in before - after} == {t for t in before if t.startswith("vip_")}
    assert len(before - after) == 7
    upgraded = run_lanta(site, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    engine.dispose()
    assert set(inspect(engine).get_table_names()) == before


def test_migrated_schema_matches_the_models(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from lanta.models import Base

    def ours(obj, name, type_, reflected, compare_to):
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
        return str(table or "").startswith("vip_")

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": ours,
                                                              "compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_hook_lanta_partner_panels(testapp, vip_on, partner, add_offer, disable_addon):
    add_offer(title={"fr": "Un café offert", "en": "A free coffee"})
    page = testapp.get(f"/en/partners/{partner.slug}", headers={"Accept-Language": "en"})
    assert "A free coffee" in page.text
    disable_addon("vip")
    assert "A free coffee" not in testapp.get(f"/en/partners/{partner.slug}").text


def test_hook_lanta_admin_menu_and_dashboard_widgets(testapp, vip_on, login, disable_addon):
    login("staff")
    dashboard = testapp.get("/admin/")
    for path in ("/admin/vip/cards/", "/admin/vip/terminals/", "/admin/vip/offers/",
                 "/admin/vip/reports"):
        assert dashboard.html.find("a", href=re.compile(re.escape(path) + "$")) is not None
    widgets = [h.get_text(strip=True) for h in dashboard.html.select("h2")]
    assert len([w for w in widgets if "VIP" in w]) == 2
    login("editor")
    assert "/admin/vip/cards/" not in testapp.get("/admin/").text  # no personal data
    login("staff")
    disable_addon("vip")
    assert "/admin/vip/" not in testapp.get("/admin/").text


def test_hook_lanta_partner_space_links(testapp, vip_on, login, users, partner, dbsession,
                                        disable_addon):
    from lanta.services import partner_changes

    partner_changes.set_members(dbsession, partner, [users["partner"]])
    login("partner")
    space = testapp.get("/partner/")
    link = space.html.find("a", href=re.compile(f"/partner/{partner.slug}/vip-offers$"))
    assert link is not None
    testapp.get(link["href"], status=200)
    disable_addon("vip")
    assert "/vip-offers" not in testapp.get("/partner/").text

"""The banner branch of the migrations: it goes down alone and comes back."""
from __future__ import annotations

import re

from sqlalchemy import create_engine, inspect


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_banner_branch_downgrades_alone_and_upgrades_again(live_site_factory, run_lanta):
    site = live_site_factory()
    added = run_lanta(site, "banner", "add", "--text-fr", "Fermeture du BIT")
    assert added.returncode == 0, added.stderr
    before = tables(site.db_url)
    assert {"banner_notices", "users", "site_settings"} <= before

    purged = run_lanta(site, "plugins", "purge", "banner", "--yes")  # banner@base
    assert purged.returncode == 0, purged.stderr
    assert tables(site.db_url) == before - {"banner_notices"}
    current = run_lanta(site, "db", "current")
    assert "banner: not applied" in current.stdout
    assert re.search(r"^core: core_\d{4} \(head\)$", current.stdout, re.MULTILINE)

    upgraded = run_lanta(site, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert tables(site.db_url) == before
    listed = run_lanta(site, "banner", "list")
    assert listed.returncode == 0 and listed.stdout == ""

"""``lanta reindex``, run for real in subprocesses against a migrated database (SQLite, and
PostgreSQL too when LANTA_TEST_DATABASE_URL is set): it fills the index that the site's
search page then reads; a folder it cannot use is one sentence."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from webtest import TestApp

from lanta import main as make_app
from lanta.testing import app_settings_for

from cli_site import Site, migrated_site, one_sentence  # noqa: F401 (a fixture)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "datatourisme"
SUMMARY = re.compile(r"^Indexed (\d+) documents in \d+\.\d s\.$")


def indexed(result) -> int:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar on a pipe
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and SUMMARY.match(lines[0]), result.stdout
    return int(SUMMARY.match(lines[0]).group(1))


def search_page(site: Site, path: str) -> str:
    """The site's own search page, on the index under the site's var folder."""
    app = make_app({}, **app_settings_for(site.db_url, site.directory / "var"))
    try:
        client = TestApp(app, extra_environ={"HTTP_HOST": "localhost",
                                             "REMOTE_ADDR": "127.0.0.1"})
        return client.get(path).text
    finally:
        app.registry.lanta_search_index.close()
        app.registry.lanta_engine.dispose()


def test_imports_are_searchable_at_once_and_reindex_rebuilds_them(site):
    assert site.lanta("import", "datatourisme", str(SAMPLES / "hotel.json"),
                      str(SAMPLES / "museum.json")).returncode == 0
    # The command's commit updated the index, as an edit on the web does.
    assert "Musée du Béret" in search_page(site, "/fr/search?q=beret")
    shutil.rmtree(site.directory / "var" / "search")
    assert "Musée du Béret" not in search_page(site, "/fr/search?q=beret")

    assert indexed(site.lanta("reindex")) == 4  # two partners, in French and English
    assert (site.directory / "var" / "search" / "CURRENT").is_file()
    assert "Musée du Béret" in search_page(site, "/fr/search?q=beret")
    assert "Beret and Shepherds Museum" in search_page(site, "/en/search?q=shepherd")


def test_reindexing_again_gives_the_same_index(site):
    assert site.lanta("import", "datatourisme", str(SAMPLES / "hotel.json")).returncode == 0
    assert indexed(site.lanta("reindex")) == 2
    assert indexed(site.lanta("reindex")) == 2
    # The current generation and the previous one, no more.
    assert len(list((site.directory / "var" / "search").glob("gen-*"))) == 2


def test_the_index_folder_can_be_set_in_the_ini(site, tmp_path):
    elsewhere = tmp_path / "shared" / "search"
    site.ini.write_text(site.ini.read_text().replace(
        "[app:main]\n", f"[app:main]\nlanta.search.index_dir = {elsewhere}\n"))
    assert indexed(site.lanta("reindex")) == 0
    assert (elsewhere / "CURRENT").is_file()
    assert not (site.directory / "var" / "search").exists()


def test_a_folder_that_cannot_be_used_is_one_sentence(site, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    site.ini.write_text(site.ini.read_text().replace(
        "[app:main]\n", f"[app:main]\nlanta.search.index_dir = {blocker / 'search'}\n"))
    message = one_sentence(site.lanta("reindex"))
    assert message.startswith(f"The search index folder {blocker / 'search'} cannot be used")
    assert message.endswith("to a folder this user may write.")

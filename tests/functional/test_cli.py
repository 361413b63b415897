"""The ``lanta`` console script, run for real in subprocesses against a fresh database.

Every database test runs on SQLite, and on PostgreSQL too when LANTA_TEST_DATABASE_URL is
set. Errors must be one plain sentence on stderr, exit status 1 (2 for usage errors),
never a traceback.
"""
from __future__ import annotations

import stat
import subprocess
import sys

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from lanta import main as make_app
from lanta import migrate, models
from lanta.testing import (
    app_settings_for,
    create_database,
    drop_database,
    login_through_form,
)

from cli_site import Site, clean_env, ini_text, one_sentence, run

PASSWORD = "a long enough password"


@pytest.fixture
def empty_site(db_backend, tmp_path):
    """An ini file on a new database with no table at all."""
    url = create_database(db_backend, tmp_path)
    ini = tmp_path / "site.ini"
    ini.write_text(ini_text(url, tmp_path))
    yield Site(tmp_path, url, ini)
    drop_database(url)


@pytest.fixture
def site(empty_site, plugin_manager):
    """The same, migrated to every head (in process: the CLI's upgrade is tested apart)."""
    engine = models.get_engine(empty_site.db_url)
    migrate.quiet(migrate.upgrade, migrate.alembic_config(plugin_manager, engine=engine))
    engine.dispose()
    return empty_site


def branch_labels(plugin_manager) -> set[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config(plugin_manager))
    return {sorted(script.get_revision(b).branch_labels)[0] for b in script.get_bases()}


@pytest.fixture
def addon_name(plugin_manager) -> str:
    """An installed add-on with tables of its own; the tests that need one fail without."""
    labels = branch_labels(plugin_manager)
    names = sorted(a.name for a in plugin_manager.loaded_addons() if a.name in labels)
    if not names:
        pytest.fail("No installed add-on has a migration branch, so enabling, disabling and "
                    "purging cannot be tested: install one (make install, or pip install -e "
                    "plugins/banner).")
    return names[0]


# --- db ------------------------------------------------------------------------------------


def test_db_upgrade_twice_gives_the_same_heads(empty_site, plugin_manager):
    before = empty_site.ok("db", "current")
    assert all(line.endswith(": not applied (behind)") for line in before), before
    first = empty_site.ok("db", "upgrade")
    second = empty_site.ok("db", "upgrade")
    assert first == second
    assert {line.split(":")[0] for line in first} == branch_labels(plugin_manager)
    assert "core" in {line.split(":")[0] for line in first}
    assert {"users", "site_settings", "alembic_version"} <= empty_site.tables()


def test_db_current_shows_each_branch_at_head(site, plugin_manager):
    lines = site.ok("db", "current")
    heads = migrate.heads(migrate.alembic_config(plugin_manager))
    assert len(lines) == len(branch_labels(plugin_manager))
    for line in lines:
        label, rest = line.split(": ")
        revision, state = rest.split(" ")
        assert revision in heads and state == "(head)", line


def test_db_upgrade_on_an_unreachable_database_is_one_sentence(tmp_path):
    ini = tmp_path / "site.ini"
    ini.write_text(ini_text(f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite'}", tmp_path))
    message = one_sentence(run(["-c", str(ini), "db", "upgrade"], tmp_path))
    assert message.startswith("The database cannot be migrated:")


def test_revision_of_an_uninstalled_addon_is_one_sentence(site):
    engine = models.get_engine(site.db_url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES ('gone_0001')"))
    engine.dispose()
    assert "reinstall it" in one_sentence(site.lanta("db", "upgrade"))
    assert "'gone_0001'" in one_sentence(site.lanta("db", "current"))


def test_commands_on_an_unmigrated_database_ask_for_db_upgrade(empty_site):
    message = one_sentence(empty_site.lanta("plugins", "list"))
    assert message.endswith("run 'lanta db upgrade'.")


# --- plugins ---------------------------------------------------------------------------


def test_plugins_list_has_one_line_per_addon(site, plugin_manager):
    expected = sorted(f"{a.name} {a.version} disabled" for a in plugin_manager.addons.values())
    assert site.ok("plugins", "list") == expected


def test_enable_and_disable_change_plugins_list(site, addon_name):
    assert site.addon_state(addon_name) == "disabled"
    assert site.ok("plugins", "enable", addon_name) == [f"{addon_name} enabled"]
    assert site.addon_state(addon_name) == "enabled"
    assert site.ok("plugins", "disable", addon_name) == [f"{addon_name} disabled"]
    assert site.addon_state(addon_name) == "disabled"


@pytest.mark.parametrize("command", ["enable", "disable", "purge"])
def test_unknown_addon_is_one_sentence_with_status_1(site, command):
    message = one_sentence(site.lanta("plugins", command, "no_such_addon"))
    assert message.startswith("No add-on named 'no_such_addon' is installed")


def test_purge_asks_first_and_no_keeps_the_data(site, addon_name):
    site.ok("plugins", "enable", addon_name)
    tables = {t for t in site.tables() if t.startswith(f"{addon_name}_")}
    assert tables, f"the add-on {addon_name} should own tables named {addon_name}_*"

    refused = site.lanta("plugins", "purge", addon_name, input="n\n")
    assert "This cannot be undone" in refused.stdout
    assert one_sentence(refused) == "Nothing was purged."
    assert tables <= site.tables()
    assert site.addon_state(addon_name) == "enabled"


def test_purge_with_yes_drops_the_addon_tables_and_disables_it(site, addon_name):
    site.ok("plugins", "enable", addon_name)
    before = site.tables()
    own = {t for t in before if t.startswith(f"{addon_name}_")}
    assert own, f"the add-on {addon_name} should own tables named {addon_name}_*"

    assert site.ok("plugins", "purge", addon_name, "--yes") == [f"{addon_name} purged"]
    assert site.tables() == before - own
    assert site.addon_state(addon_name) == "disabled"
    current = dict(line.split(": ") for line in site.ok("db", "current"))
    assert current[addon_name] == "not applied (behind)"
    assert current["core"].endswith("(head)")
    # The branch comes back with the next upgrade, empty.
    site.ok("db", "upgrade")
    assert site.tables() == before


# --- users -----------------------------------------------------------------------------


def test_users_add_creates_a_user_who_can_log_in(site, tmp_path):
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD + "\n")
    assert site.ok("users", "add", "Guide@Example.org", "--role", "editor",
                   "--password-file", str(password_file)) == ["guide@example.org (editor) created"]

    from webtest import TestApp

    app = make_app({}, **app_settings_for(site.db_url, tmp_path / "var"))
    try:
        client = TestApp(app, extra_environ={"HTTP_HOST": "localhost",
                                             "REMOTE_ADDR": "127.0.0.1"})
        login_through_form(client, "guide@example.org", PASSWORD)
        assert client.get("/admin/").status_int == 200
    finally:
        app.registry.lanta_engine.dispose()


def test_users_add_with_an_unknown_role_is_a_usage_error(site, tmp_path):
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD)
    message = one_sentence(site.lanta("users", "add", "guide@example.org", "--role", "boss",
                                      "--password-file", str(password_file)), status=2)
    assert "'boss' is not one of" in message
    assert site.user_count() == 0


def test_users_add_with_a_short_password_is_one_sentence(site, tmp_path):
    password_file = tmp_path / "password.txt"
    password_file.write_text("short\n")
    assert one_sentence(site.lanta("users", "add", "guide@example.org", "--role", "editor",
                                   "--password-file", str(password_file))) == \
        "The password must have at least 10 characters."
    assert site.user_count() == 0


# --- demo ------------------------------------------------------------------------------


def test_demo_loads_once_then_refuses_and_if_empty_succeeds(site, tmp_path):
    password_file = tmp_path / "demo-admin.txt"
    first = site.ok("demo", "--password-file", str(password_file))
    assert first[0] == "Demo office loaded."
    email, password = password_file.read_text().split()
    assert email in first[1] and password in first[1]
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    users_after_demo = site.user_count()

    message = one_sentence(site.lanta("demo"))
    assert message == "The site already has users; the demo loads only into an empty site."
    assert site.ok("demo", "--if-empty") == [
        "The site already has content; the demo was not loaded."]
    assert site.user_count() == users_after_demo


# --- the config file -------------------------------------------------------------------


def test_missing_config_file_is_one_sentence(tmp_path):
    missing = tmp_path / "nowhere.ini"
    message = one_sentence(run(["-c", str(missing), "plugins", "list"], tmp_path))
    assert message == (f"The config file {missing} does not exist; pass -c FILE or set "
                       "LANTA_CONFIG.")


@pytest.mark.parametrize("content, expected", [
    ("not an ini file\n", "is not a valid ini file"),
    ("[app:other]\nuse = egg:lanta\n", "has no [app:main] section"),
    ("[app:main]\nuse = egg:lanta\n", "sqlalchemy.url is not set"),
])
def test_unusable_config_file_is_one_sentence(tmp_path, content, expected):
    ini = tmp_path / "site.ini"
    ini.write_text(content)
    assert expected in one_sentence(run(["-c", str(ini), "db", "current"], tmp_path))


def test_config_option_wins_over_environment_which_wins_over_default(site, tmp_path):
    missing = tmp_path / "nowhere.ini"
    # -c wins over $LANTA_CONFIG
    assert run(["-c", str(site.ini), "db", "current"], tmp_path,
               LANTA_CONFIG=str(missing)).returncode == 0
    message = one_sentence(run(["-c", str(missing), "db", "current"], tmp_path,
                               LANTA_CONFIG=str(site.ini)))
    assert str(missing) in message
    # $LANTA_CONFIG wins over ./development.ini
    (tmp_path / "development.ini").write_text("this is not an ini file\n")
    assert run(["db", "current"], tmp_path, LANTA_CONFIG=str(site.ini)).returncode == 0
    # neither: ./development.ini of the current directory
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    assert "development.ini does not exist" in one_sentence(run(["db", "current"], empty))


def test_module_entry_point_runs_the_same_script(tmp_path):
    result = subprocess.run([sys.executable, "-m", "lanta.cli", "--help"], cwd=tmp_path,
                            env=clean_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for group in ("db", "plugins", "users", "demo", "addon"):
        assert f"  {group} " in result.stdout

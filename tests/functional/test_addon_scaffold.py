"""``lanta addon new NAME`` writes an add-on that installs, is discovered and passes its tests.

The end-to-end test installs the skeleton into a folder of its own, put on the path of
the commands it runs: the virtualenv that other test processes share never sees it.
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from lanta import scaffold
from lanta.testing import backends, migrated_database

LANTA = [sys.executable, "-m", "lanta.cli"]


def clean_env() -> dict[str, str]:
    """The environment of the test run without the variables that would redirect lanta."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANTA_CONFIG", "LANTA_DATABASE_URL", "LANTA_SECRET")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run(args: list[str], cwd: Path, timeout: int = 120,
        path: Path | None = None) -> subprocess.CompletedProcess:
    env = clean_env()
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(path),
                                                          env.get("PYTHONPATH")]))
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def write_ini(directory: Path, db_url: str) -> Path:
    path = directory / "site.ini"
    path.write_text(f"""[app:main]
use = egg:lanta
sqlalchemy.url = {db_url}
lanta.secret = {secrets.token_urlsafe(48)}
lanta.var_dir = {directory / 'var'}
lanta.mail.folder = {directory / 'mail'}
""")
    return path


def test_scaffold_writes_every_file_with_the_name(tmp_path):
    target = scaffold.write_addon("bike_rental", tmp_path)
    assert target == tmp_path / "lanta-bike_rental"
    package = target / "lanta_bike_rental"
    for path in ("pyproject.toml", "README.md", "tests/test_bike_rental.py",
                 "lanta_bike_rental/__init__.py", "lanta_bike_rental/templates/hello.pt"):
        assert (target / path).is_file(), path
    assert (package / "migrations" / "versions").is_dir()
    assert not any((package / "migrations" / "versions").iterdir())
    pyproject = (target / "pyproject.toml").read_text()
    assert 'name = "lanta-bike-rental"' in pyproject
    assert 'bike_rental = "lanta_bike_rental"' in pyproject
    assert "setuptools>=64,<81" in pyproject
    code = (package / "__init__.py").read_text()
    assert '"/bike_rental/hello"' in code and 'permission="view"' in code
    assert "{{" not in code + pyproject + (package / "templates/hello.pt").read_text()
    compile(code, "__init__.py", "exec")
    compile((target / "tests/test_bike_rental.py").read_text(), "test.py", "exec")


@pytest.mark.parametrize("name", ["Bike", "2bikes", "bike-rental", "_bike", "bike rental",
                                  "", "b" * 41])
def test_scaffold_refuses_invalid_names(tmp_path, name):
    with pytest.raises(scaffold.ScaffoldError, match="lowercase letters"):
        scaffold.write_addon(name, tmp_path)
    assert not any(tmp_path.iterdir())


def test_scaffold_refuses_names_the_core_uses(tmp_path):
    with pytest.raises(scaffold.ScaffoldError, match="reserved"):
        scaffold.write_addon("core", tmp_path)


def test_scaffold_refuses_the_name_of_an_installed_addon(tmp_path, plugin_manager):
    names = sorted(plugin_manager.addons)
    assert names, "no add-on is installed: run make install (or pip install -e plugins/banner)"
    with pytest.raises(scaffold.ScaffoldError, match="already installed"):
        scaffold.write_addon(names[0], tmp_path)


def test_scaffold_refuses_an_existing_directory_and_leaves_it_alone(tmp_path):
    existing = tmp_path / "lanta-bike_rental"
    existing.mkdir()
    (existing / "mine.txt").write_text("keep me")
    result = run(LANTA + ["addon", "new", "bike_rental", "--directory", str(tmp_path)],
                 tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"The directory {existing} already exists; remove it or choose another name or "
        "--directory."]
    assert sorted(p.name for p in existing.iterdir()) == ["mine.txt"]


def test_generated_addon_installs_is_listed_enabled_and_passes_its_own_tests(
        tmp_path, plugin_manager):
    created = run(LANTA + ["addon", "new", "demo_x"], tmp_path)
    assert created.returncode == 0, created.stderr
    target = tmp_path / "lanta-demo_x"
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    ini = write_ini(site_dir, migrated_database("sqlite", site_dir, plugin_manager))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]

    lib = tmp_path / "lib"
    installed = run(pip + ["install", "--quiet", "--no-deps", "--no-build-isolation",
                           "--target", str(lib), str(target)], tmp_path, timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    listed = run(LANTA + ["-c", str(ini), "plugins", "list"], tmp_path, path=lib)
    assert listed.returncode == 0, listed.stderr
    assert "demo_x 0.1.0 disabled" in listed.stdout.splitlines()

    enabled = run(LANTA + ["-c", str(ini), "plugins", "enable", "demo_x"], tmp_path, path=lib)
    assert (enabled.returncode, enabled.stdout.strip()) == (0, "demo_x enabled")
    listed = run(LANTA + ["-c", str(ini), "plugins", "list"], tmp_path, path=lib)
    assert "demo_x 0.1.0 enabled" in listed.stdout.splitlines()

    tests = run([sys.executable, "-m", "pytest", str(target / "tests"),
                 "-p", "no:cacheprovider", "-q"], tmp_path, timeout=600, path=lib)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    # three tests, on each backend of this run (the variables are passed down)
    assert f"{3 * len(backends())} passed" in tests.stdout, tests.stdout
    # The shared virtualenv never saw it.
    assert "demo_x" not in run(LANTA + ["-c", str(ini), "plugins", "list"],
                               tmp_path).stdout

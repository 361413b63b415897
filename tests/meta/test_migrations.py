"""Guards on the migrations: they build exactly the models' schema, come down branch by
branch to nothing, and every add-on's branch carries its name and depends on the core.

Each database test runs on SQLite, and on PostgreSQL too when LANTA_TEST_DATABASE_URL is set.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from lanta import migrate, models
from lanta.testing import create_database, drop_database


def import_addon_models(pm) -> None:
    """What migrations/env.py does, but a models module that fails to import fails here."""
    for addon in pm.loaded_addons():
        module = f"{addon.package}.models"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def label_of(script: ScriptDirectory, base: str) -> str:
    return (sorted(script.get_revision(base).branch_labels) or [base])[0]


def addon_labels(script: ScriptDirectory) -> list[str]:
    return sorted(label_of(script, b) for b in script.get_bases() if label_of(script, b) != "core")


def leftovers(engine) -> dict[str, list[str]]:
    """Every schema object still in the database, apart from alembic's own table."""
    inspector = inspect(engine)
    found = {
        "tables": sorted(set(inspector.get_table_names()) - {"alembic_version"}),
        "views": sorted(inspector.get_view_names()),
        "sequences": sorted(inspector.get_sequence_names())
        if engine.dialect.name == "postgresql" else [],
    }
    if engine.dialect.name == "postgresql":
        # sa.Enum creates a type that drop_table leaves behind unless dropped too.
        found["enums"] = sorted(e["name"] for e in inspector.get_enums())
    return {kind: names for kind, names in found.items() if names}


@pytest.fixture
def empty_engine(db_backend, tmp_path):
    url = create_database(db_backend, tmp_path)
    engine = models.get_engine(url)
    yield engine
    engine.dispose()
    drop_database(url)


def test_migrations_come_down_branch_by_branch_to_an_empty_database(empty_engine,
                                                                     plugin_manager):
    cfg = migrate.alembic_config(plugin_manager, engine=empty_engine)
    script = ScriptDirectory.from_config(cfg)
    migrate.quiet(migrate.upgrade, cfg)
    assert migrate.is_current(cfg, empty_engine)
    at_head = set(inspect(empty_engine).get_table_names())

    for label in addon_labels(script):
        before = set(inspect(empty_engine).get_table_names())
        if migrate.branch_revisions(cfg, empty_engine)[label] is not None:
            # (already at base when it depended on an add-on downgraded before it)
            migrate.quiet(migrate.downgrade, cfg, f"{label}@base")
        dropped = before - set(inspect(empty_engine).get_table_names())
        assert migrate.branch_revisions(cfg, empty_engine)[label] is None
        assert all(name.startswith(f"{label}_") for name in dropped), (label, dropped)
        assert migrate.branch_revisions(cfg, empty_engine)["core"] is not None

    migrate.quiet(migrate.downgrade, cfg, "core@base")
    assert migrate.current_revisions(empty_engine) == set()
    assert leftovers(empty_engine) == {}

    migrate.quiet(migrate.upgrade, cfg)
    assert migrate.is_current(cfg, empty_engine)
    assert set(inspect(empty_engine).get_table_names()) == at_head


def test_migrated_schema_matches_the_models(empty_engine, plugin_manager):
    cfg = migrate.alembic_config(plugin_manager, engine=empty_engine)
    migrate.quiet(migrate.upgrade, cfg)
    import_addon_models(plugin_manager)
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, models.Base.metadata)
    assert differences == []


def test_downgrade_refuses_targets_without_a_branch(plugin_manager):
    cfg = migrate.alembic_config(plugin_manager)
    for target in ("-1", "base", "-2"):
        with pytest.raises(ValueError, match="NAME@base"):
            migrate.downgrade(cfg, target)


def _addon_locations(pm) -> dict[str, set[Path]]:
    """Each add-on's answer to ``lanta_migration_locations``, asked one add-on at a time."""
    locations: dict[str, set[Path]] = {}
    for impl in pm.hook.lanta_migration_locations.get_hookimpls():
        if impl.plugin_name not in pm.addons:
            continue
        result = impl.function()
        paths = [] if not result else [result] if isinstance(result, str) else list(result)
        locations[impl.plugin_name] = {Path(p).resolve() for p in paths}
    return locations


def test_every_addon_branch_is_labelled_by_its_addon_and_depends_on_core(plugin_manager):
    script = ScriptDirectory.from_config(migrate.alembic_config(plugin_manager))
    core_revisions = {r.revision for r in script.iterate_revisions("core@head", "base")}
    core_bases = [b for b in script.get_bases() if b in core_revisions]
    assert [label_of(script, b) for b in core_bases] == ["core"]

    owner: dict[str, str] = {}  # revision -> add-on whose folder holds it
    locations = _addon_locations(plugin_manager)
    for revision in script.walk_revisions():
        for name, folders in locations.items():
            if Path(revision.path).resolve().parent in folders:
                owner[revision.revision] = name

    for base in script.get_bases():
        revision = script.get_revision(base)
        if revision.revision in core_revisions:
            continue
        name = owner.get(revision.revision)
        assert name is not None, f"the branch of {revision.path} belongs to no add-on"
        assert set(revision.branch_labels) == {name}, (revision.path, revision.branch_labels)
        dependencies = {r.revision for r in script.get_revisions(revision.dependencies or ())}
        assert dependencies & core_revisions, \
            f"{revision.path} must depend on a core revision (depends_on = 'core_…')"

    for revision_id, name in owner.items():
        revision = script.get_revision(revision_id)
        assert name in revision.branch_labels, \
            f"{revision.path} is in the folder of {name} but not in its branch"

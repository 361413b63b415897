"""Alembic driven from Lanta: the core branch plus one branch per add-on.

The environment is ``migrations/`` at the top of the source tree; version locations come
from the ``lanta_migration_locations`` hook (the core answers with ``migrations/versions``).
"""
from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from .core_hooks import MIGRATIONS_DIR
from .plugins import LantaPluginManager


def version_locations(pm: LantaPluginManager) -> list[str]:
    locations: list[str] = []
    for result in pm.hook.lanta_migration_locations():
        if not result:
            continue
        for path in [result] if isinstance(result, str) else result:
            resolved = str(Path(path).resolve())
            if resolved not in locations:
                locations.append(resolved)
    return locations


def alembic_config(pm: LantaPluginManager, engine: Engine | None = None,
                   connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "space")
    cfg.set_main_option("version_locations", " ".join(version_locations(pm)))
    cfg.attributes["engine"] = engine
    cfg.attributes["connection"] = connection
    cfg.attributes["plugin_manager"] = pm
    return cfg


def upgrade(cfg: Config, target: str = "heads") -> None:
    command.upgrade(cfg, target)


def downgrade(cfg: Config, target: str) -> None:
    if target in ("-1", "base") or target.startswith("-"):
        # A bare relative target picks one branch silently; insist on NAME@target.
        raise ValueError("Name the branch to downgrade, as NAME@base or NAME@-1.")
    command.downgrade(cfg, target)


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def applied_revisions(cfg: Config, engine: Engine) -> set[str]:
    """Every revision in force: the stored heads and all they stand on.

    A branch whose first revision ``depends_on`` the core makes alembic store only the
    add-on's head; the core revision it depends on is applied all the same.
    """
    script = ScriptDirectory.from_config(cfg)
    current = current_revisions(engine)
    if not current:
        return set()
    return {r.revision for r in script.iterate_revisions(tuple(current), "base")}


def branch_revisions(cfg: Config, engine: Engine) -> dict[str, str | None]:
    """Each branch label with the revision the database is at (None: not applied)."""
    script = ScriptDirectory.from_config(cfg)
    applied = applied_revisions(cfg, engine)
    result: dict[str, str | None] = {}
    for base in script.get_bases():
        revision = script.get_revision(base)
        label = (sorted(revision.branch_labels) or [base])[0]
        # Follow down_revision links only (``nextrev``), not dependencies: a dependency
        # belongs to another branch.
        at = None
        while revision is not None and revision.revision in applied:
            at = revision.revision
            following = [script.get_revision(n) for n in sorted(revision.nextrev)]
            revision = next((r for r in following if r.revision in applied), None)
        result[label] = at
    return result


def heads(cfg: Config) -> set[str]:
    return set(ScriptDirectory.from_config(cfg).get_heads())


def is_current(cfg: Config, engine: Engine) -> bool:
    return heads(cfg) <= applied_revisions(cfg, engine)


def quiet(func, *args, **kwargs):
    """Run an alembic command without its informational prints on stdout."""
    with redirect_stdout(io.StringIO()):
        return func(*args, **kwargs)

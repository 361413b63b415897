"""Alembic environment of Lanta: the core and every add-on branch in one metadata.

Run through ``lanta db …`` (or ``lanta.migrate``), which passes the engine or connection
and the plugin manager in ``config.attributes``.
"""
from __future__ import annotations

import importlib

from alembic import context

from lanta.models import Base

config = context.config
pm = config.attributes.get("plugin_manager")

# Import the models of every loaded add-on, so that autogenerate sees their tables.
if pm is not None:
    for addon in pm.loaded_addons():
        try:
            importlib.import_module(f"{addon.package}.models")
        except ModuleNotFoundError as exc:
            # Only "this add-on has no models module"; a missing dependency inside it must
            # not pass silently, or autogenerate would propose dropping its tables.
            if exc.name != f"{addon.package}.models":
                raise

target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):
    """``-x branch=NAME`` limits autogenerate to the tables of one add-on (prefix NAME_)."""
    branch = context.get_x_argument(as_dictionary=True).get("branch")
    if branch and type_ == "table":
        if branch == "core":
            return not any(name.startswith(f"{a.name}_") for a in pm.loaded_addons())
        return name.startswith(f"{branch}_")
    return True


def run(connection) -> None:
    if connection.dialect.name == "sqlite":
        # Rebuilding a parent table in batch mode fails while foreign keys are enforced.
        # On the driver's connection, outside any transaction: inside one SQLite ignores it.
        if connection.in_transaction():
            connection.commit()
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, include_object=include_object,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
    if connection.dialect.name == "sqlite":
        if connection.in_transaction():
            connection.commit()
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = config.attributes["engine"]
    with engine.connect() as conn:
        run(conn)
        conn.commit()

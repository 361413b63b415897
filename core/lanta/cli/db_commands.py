"""``lanta db upgrade`` and ``lanta db current``."""
from __future__ import annotations

import click
from sqlalchemy.exc import OperationalError

from .. import migrate
from .env import CliError, Env, pass_env


def register(cli: click.Group) -> None:
    cli.add_command(db)


@click.group()
def db() -> None:
    """Migrate the database of the core and the add-ons."""


@db.command()
@pass_env
def upgrade(env: Env) -> None:
    """Migrate the core and every installed add-on to their heads (idempotent)."""
    cfg = migrate.alembic_config(env.plugins, engine=env.engine)
    try:
        migrate.quiet(migrate.upgrade, cfg)
    except OperationalError as exc:
        raise CliError(f"The database cannot be migrated: {exc.orig}.") from exc
    for label, revision in sorted(migrate.branch_revisions(cfg, env.engine).items()):
        click.echo(f"{label}: {revision or 'not applied'}")


@db.command()
@pass_env
def current(env: Env) -> None:
    """Print each branch's revision."""
    cfg = migrate.alembic_config(env.plugins, engine=env.engine)
    try:
        revisions = migrate.branch_revisions(cfg, env.engine)
    except OperationalError as exc:
        raise CliError(f"The database cannot be read: {exc.orig}.") from exc
    heads = migrate.heads(cfg)
    for label, revision in sorted(revisions.items()):
        state = "head" if revision in heads else "behind"
        click.echo(f"{label}: {revision or 'not applied'} ({state if revision else 'behind'})")

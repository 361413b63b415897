"""``lanta db upgrade`` and ``lanta db current``."""
from __future__ import annotations

import click
from alembic.script.revision import ResolutionError
from alembic.util import CommandError
from sqlalchemy.exc import DBAPIError

from .. import migrate
from .env import CliError, Env, first_line, pass_env


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
    except DBAPIError as exc:
        raise CliError(f"The database cannot be migrated: {first_line(exc.orig)}.") from exc
    except (CommandError, ResolutionError) as exc:
        # Typically a revision stored by an add-on that was uninstalled before its purge.
        raise CliError(f"The database cannot be migrated ({exc}); if an add-on was "
                       "uninstalled, reinstall it.") from exc
    for label, revision in sorted(migrate.branch_revisions(cfg, env.engine).items()):
        click.echo(f"{label}: {revision or 'not applied'}")


@db.command()
@pass_env
def current(env: Env) -> None:
    """Print each branch's revision."""
    cfg = migrate.alembic_config(env.plugins, engine=env.engine)
    try:
        revisions = migrate.branch_revisions(cfg, env.engine)
    except DBAPIError as exc:
        raise CliError(f"The database cannot be read: {first_line(exc.orig)}.") from exc
    except (CommandError, ResolutionError) as exc:
        # Typically a revision stored by an add-on that was uninstalled before its purge.
        raise CliError(f"The database's revisions cannot be read ({exc}); reinstall the "
                       "add-on they came from.") from exc
    heads = migrate.heads(cfg)
    for label, revision in sorted(revisions.items()):
        state = "head" if revision in heads else "behind"
        click.echo(f"{label}: {revision or 'not applied'} ({state if revision else 'behind'})")

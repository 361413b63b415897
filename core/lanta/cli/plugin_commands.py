"""``lanta plugins list|enable|disable|purge``."""
from __future__ import annotations

import click

from .. import migrate
from ..plugins import AddonError
from ..services import addons as addons_service
from .env import CliError, Env, pass_env


def register(cli: click.Group) -> None:
    cli.add_command(plugins)


@click.group()
def plugins() -> None:
    """List, enable, disable and purge add-ons."""


@plugins.command("list")
@pass_env
def list_(env: Env) -> None:
    """Name, version and state of every installed add-on, one line each."""
    with env.session() as dbsession:
        enabled = set(addons_service.enabled_names(dbsession))
    for addon in sorted(env.plugins.addons.values(), key=lambda a: a.name):
        if addon.loaded:
            state = "enabled" if addon.name in enabled else "disabled"
        else:
            state = f"{addon.state} ({addon.reason})"
        click.echo(f"{addon.name} {addon.version} {state}")


def _require(env: Env, name: str) -> None:
    try:
        env.plugins.require_loaded(name)
    except AddonError as exc:
        raise CliError(str(exc)) from exc


@plugins.command()
@click.argument("name")
@pass_env
def enable(env: Env, name: str) -> None:
    """Enable an add-on; running servers follow at their next request."""
    _require(env, name)
    with env.session() as dbsession:
        addons_service.set_enabled(dbsession, name, True)
    click.echo(f"{name} enabled")


@plugins.command()
@click.argument("name")
@pass_env
def disable(env: Env, name: str) -> None:
    """Disable an add-on; its pages answer 404 at once; its data stays."""
    _require(env, name)
    with env.session() as dbsession:
        addons_service.set_enabled(dbsession, name, False)
    click.echo(f"{name} disabled")


@plugins.command()
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
def purge(env: Env, name: str, yes: bool) -> None:
    """Disable an add-on and drop all its data (its migration branch goes to base)."""
    _require(env, name)
    if not yes and not click.confirm(
            f"Drop every table and row of the add-on {name}? This cannot be undone"):
        raise CliError("Nothing was purged.")
    with env.session() as dbsession:
        addons_service.set_enabled(dbsession, name, False)
        subset = env.plugins.subset_caller(
            "lanta_purge",
            frozenset(a.name for a in env.plugins.loaded_addons() if a.name != name))
        subset(dbsession=dbsession, uploads_dir=env.app_settings.uploads_dir)
    cfg = migrate.alembic_config(env.plugins, engine=env.engine)
    # An add-on without tables has no branch: disabling it and its purge hook were all.
    if migrate.branch_revisions(cfg, env.engine).get(name):
        migrate.quiet(migrate.downgrade, cfg, f"{name}@base")
    click.echo(f"{name} purged")

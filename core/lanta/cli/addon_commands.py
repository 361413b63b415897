"""``lanta addon new NAME``: write a working add-on skeleton."""
from __future__ import annotations

from pathlib import Path

import click

from .env import CliError


def register(cli: click.Group) -> None:
    cli.add_command(addon)


@click.group()
def addon() -> None:
    """Write add-ons."""


@addon.command()
@click.argument("name")
@click.option("--directory", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="Where to create lanta-NAME/ (default: the current directory).")
def new(name: str, directory: Path) -> None:
    """Write a working add-on skeleton (with a passing test) to ./lanta-NAME/."""
    from ..scaffold import ScaffoldError, write_addon

    try:
        target = write_addon(name, directory)
    except ScaffoldError as exc:
        raise CliError(str(exc)) from exc
    click.echo(f"Add-on skeleton written to {target}")
    click.echo(f"Next: pip install -e {target} && lanta plugins enable {name}")

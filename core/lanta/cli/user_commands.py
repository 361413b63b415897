"""``lanta users add EMAIL --role ROLE``."""
from __future__ import annotations

from pathlib import Path

import click

from ..addon_api import ROLES
from ..services import users as users_service
from ..services.errors import DomainError
from .env import CliError, Env, pass_env


def register(cli: click.Group) -> None:
    cli.add_command(users)


@click.group()
def users() -> None:
    """Manage user accounts."""


@users.command()
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--name", "display_name", default="", help="Name shown in the interface.")
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the password from the first line of this file.")
@pass_env
def add(env: Env, email: str, role: str, display_name: str, password_file: Path | None) -> None:
    """Create an account; the password comes from a prompt or --password-file."""
    if password_file is not None:
        try:
            lines = password_file.read_text().splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or "not a text file"
            raise CliError(f"The password file {password_file} cannot be read: "
                           f"{reason}.") from exc
        password = lines[0] if lines else ""
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with env.session() as dbsession:
        try:
            user = users_service.create(dbsession, email, password, role, display_name)
        except DomainError as exc:
            raise CliError(str(exc)) from exc
        click.echo(f"{user.email} ({user.role}) created")

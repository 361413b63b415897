"""``lanta demo``: load the demo office into an empty site."""
from __future__ import annotations

import click

from ..services import demo, site_settings
from ..services.errors import DomainError
from .env import CliError, Env, pass_env


def register(cli: click.Group) -> None:
    cli.add_command(demo_command)


@click.command("demo")
@click.option("--if-empty", is_flag=True,
              help="Do nothing (and succeed) when the site already has content.")
@click.option("--password-file", type=click.Path(dir_okay=False),
              help="Also write the admin's generated password to this file (mode 600).")
@pass_env
def demo_command(env: Env, if_empty: bool, password_file: str | None) -> None:
    """Load the demo office: settings, accounts, and each bundled add-on's demo content."""
    names = [a.name for a in env.plugins.loaded_addons()]
    with env.session() as dbsession:
        if if_empty and not demo.is_empty(dbsession):
            click.echo("The site already has content; the demo was not loaded.")
            return
        try:
            accounts = demo.load_core(dbsession, names)
        except DomainError as exc:
            raise CliError(str(exc)) from exc
        settings = site_settings.load(dbsession)
        told = env.plugins.hooks_for(names).lanta_demo(
            dbsession=dbsession, site_settings=settings,
            uploads_dir=env.app_settings.uploads_dir)
    if password_file:
        import os
        fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(f"{accounts.admin_email} {accounts.admin_password}\n")
    click.echo("Demo office loaded.")
    click.echo(f"Admin:  {accounts.admin_email}  password: {accounts.admin_password}")
    click.echo(f"Editor: {accounts.editor_email}  password: {accounts.editor_password}")
    for lines in told:
        for line in lines or ():
            click.echo(line)

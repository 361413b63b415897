"""The ``lanta`` console script.

The config file comes from ``-c/--config``, else ``$LANTA_CONFIG``, else
``./development.ini``. Errors are one plain sentence on stderr with exit status 1 (2 for
usage errors), never a traceback. Add-ons add their groups through the ``lanta_cli`` hook.
"""
from __future__ import annotations

import logging
import os
import sys

import click

from .env import CliError, Env, pass_env

__all__ = ["CliError", "Env", "cli", "main", "pass_env"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-c", "--config", "config_path", envvar="LANTA_CONFIG",
              default="development.ini", show_default=True,
              help="The ini file of the site (or $LANTA_CONFIG).")
@click.pass_context
def cli(ctx: click.Context, config_path: str) -> None:
    """Run and manage a Lanta site."""
    ctx.obj = Env(config_path)


def _register_commands() -> None:
    from . import (addon_commands, db_commands, demo_commands, import_commands,
                   plugin_commands, search_commands, user_commands)

    for module in (db_commands, plugin_commands, user_commands, demo_commands,
                   import_commands, search_commands, addon_commands):
        module.register(cli)


def _register_addon_commands() -> None:
    """Ask every loaded add-on for its commands; the ini is not read yet, so allow all."""
    from ..plugins import build_plugin_manager

    # A broken add-on is reported by the commands that need it, in one sentence; its
    # traceback must not greet every command.
    plugins_log = logging.getLogger("lanta.plugins")
    previous = plugins_log.disabled
    plugins_log.disabled = True
    try:
        pm = build_plugin_manager()
    finally:
        plugins_log.disabled = previous
    pm.hook.lanta_cli(cli=cli)


def main(argv: list[str] | None = None) -> int:
    _register_commands()
    try:
        _register_addon_commands()
    except Exception as exc:  # a broken add-on must not take the whole CLI down
        click.echo(f"Add-on commands are unavailable: {exc}", err=True)
    try:
        cli.main(args=argv, prog_name="lanta", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.exceptions.NoArgsIsHelpError as exc:  # a group without its command
        click.echo(exc.format_message(), err=True)
        return 2
    except click.UsageError as exc:
        click.echo(f"{exc.format_message()} (see lanta --help)", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(exc.format_message(), err=True)
        return exc.exit_code
    except CliError as exc:
        click.echo(str(exc), err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: still one sentence, the traceback on request
        if os.environ.get("LANTA_DEBUG"):
            raise
        click.echo(f"The command failed unexpectedly ({type(exc).__name__}: {exc}); run it "
                   "again with LANTA_DEBUG=1 to see the traceback.", err=True)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

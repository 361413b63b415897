"""``lanta import datatourisme PATH…``: partners from DATAtourisme JSON-LD files."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..services import datatourisme
from ..services.errors import DomainError
from .env import CliError, Env, pass_env


def register(cli: click.Group) -> None:
    cli.add_command(import_group)


@click.group("import")
def import_group() -> None:
    """Import partners from other sources."""


@import_group.command("datatourisme")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@pass_env
def datatourisme_command(env: Env, paths: tuple[Path, ...]) -> None:
    """Import DATAtourisme JSON-LD objects: files holding one object, a list or an @graph,
    and folders of *.json / *.jsonld files. Importing the same objects again changes
    nothing; objects that cannot be imported are listed on stderr and skipped."""
    progress = _Progress()
    with env.session() as dbsession:
        try:
            report = datatourisme.import_paths(dbsession, paths, on_progress=progress)
        except DomainError as exc:
            raise CliError(str(exc)) from exc
        finally:
            progress.close()
    for skipped in report.skipped:
        click.echo(f"Skipped {skipped.file} ({skipped.identifier or 'no identifier'}): "
                   f"{skipped.reason}", err=True)
    click.echo(f"Imported {report.total} objects: {report.created} created, "
               f"{report.updated} updated, {report.unchanged} unchanged, "
               f"{len(report.skipped)} skipped.")
    if report.skipped:
        click.echo(f"{len(report.skipped)} of {report.total} objects were skipped (reasons "
                   "above); the others were imported.", err=True)


class _Progress:
    """A progress bar on a terminal; nothing when stderr is a file or a pipe, so that
    scripts read only the summary and the skipped objects."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Importing",
                                         file=sys.stderr).__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)

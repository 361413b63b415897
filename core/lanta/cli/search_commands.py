"""``lanta reindex``: rebuild the site search index from the database and the enabled
add-ons, then swap it in whole (the site keeps answering from the old one meanwhile)."""
from __future__ import annotations

import sys
import time
from typing import Any

import click

from ..services import site_settings
from ..services.search import IndexBusy, RebuildRunning, SearchIndex
from ..services.search_sync import SearchSync
from .env import CliError, Env, pass_env


def register(cli: click.Group) -> None:
    cli.add_command(reindex_command)


@click.command("reindex")
@pass_env
def reindex_command(env: Env) -> None:
    """Rebuild the search index (lanta.search.index_dir, else var/search). Run it after
    an import, a change of the site's languages, or when the log says an update of the
    index failed. Pages edited meanwhile are not lost: they are re-read before the swap."""
    directory = env.app_settings.search_index_dir
    try:
        index = SearchIndex(directory)
    except OSError as exc:
        raise CliError(f"The search index folder {directory} cannot be used "
                       f"({exc.strerror or exc}); set lanta.search.index_dir in "
                       f"{env.config_path} to a folder this user may write.") from exc
    progress = _Progress()
    started = time.monotonic()
    try:
        with env.session() as dbsession:
            enabled = site_settings.load(dbsession).enabled_addons
            count = SearchSync(index).rebuild(dbsession, env.plugins.hooks_for(enabled),
                                              on_progress=progress)
    except RebuildRunning as exc:
        raise CliError("Another 'lanta reindex' is already rebuilding this index; let it "
                       "finish.") from exc
    except IndexBusy as exc:
        raise CliError(f"The search index stayed locked by another writer ({exc}); try "
                       "again in a moment.") from exc
    finally:
        progress.close()
        index.close()
    click.echo(f"Indexed {count} documents in {time.monotonic() - started:.1f} s.")


class _Progress:
    """A progress bar on a terminal; nothing when stderr is a file or a pipe, so that
    scripts read only the summary."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int | None) -> None:
        if not sys.stderr.isatty() or not total:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Indexing",
                                         file=sys.stderr).__enter__()
        self.bar.update(min(done, total) - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)

"""``lanta imagewall …``: the wall's work from the command line.

``lanta imagewall process`` makes the renditions of every waiting upload now (the
server's worker does it by itself; this is for a server run without background workers,
or to empty the queue before a maintenance). It prints how many items became ready.
"""
from __future__ import annotations

import click

from lanta.models import get_session_factory, writing

from .services import posters, processing


@click.group()
def imagewall() -> None:
    """The image wall: contributions waiting for processing."""


@imagewall.command("process")
@click.pass_obj
def process(env) -> None:
    """Process every queued upload now; prints how many are ready."""
    factory = get_session_factory(env.engine)
    dbsession = factory()
    try:
        with writing():
            ready = processing.process_all(
                dbsession, env.app_settings.uploads_dir,
                ffmpeg=posters.program_from(env.settings))
    finally:
        dbsession.close()
    click.echo(f"{ready} item(s) processed.")

"""``lanta banner list`` and ``lanta banner add``: notices from the command line.

The ``lanta`` group puts its environment (ini settings, engine, ``session()``) in the click
context's ``obj``, which sub-commands inherit: ``click.pass_obj`` hands it over. A refused
command raises ``click.ClickException``: one sentence on stderr, exit status 1.
"""
from __future__ import annotations

import click

from lanta.services.errors import DomainError

from . import services
from .models import LEVELS


@click.group()
def banner() -> None:
    """Practical notices shown at the top of the visitor site."""


@banner.command("list")
@click.option("--current", "only_current", is_flag=True, help="Only the notices in force now.")
@click.pass_obj
def list_(env, only_current: bool) -> None:
    """One notice a line: id, level, state, period (Paris time), French text."""
    with env.session() as dbsession:
        notices = services.current(dbsession) if only_current else services.list_all(dbsession)
        now = services.utcnow()
        for n in notices:
            until = services.format_local(n.ends_at) or "-"
            partner = " partner-pages" if n.on_partner_pages else ""
            click.echo(f"{n.id}\t{n.level}\t{services.status(n, now)}\t"
                       f"{services.format_local(n.starts_at)}\t{until}{partner}\t{n.text_fr}")


def _when(value: str | None, field: str):
    if value is None:
        return None
    try:
        return services.parse_local_datetime(value)
    except DomainError as exc:
        raise click.ClickException(f"--{field}: {exc}") from exc


@banner.command("add")
@click.option("--level", type=click.Choice(LEVELS), default="info", show_default=True)
@click.option("--text-fr", required=True, help="The text in French (required).")
@click.option("--text-en", default="", help="The text in English (else French is shown).")
@click.option("--link", default="", help="A web address or a page of the site.")
@click.option("--from", "from_", metavar="ISO", help="Start, office time (default: now).")
@click.option("--until", metavar="ISO", help="End, office time, e.g. 2026-12-26T08:00.")
@click.option("--partner-pages", is_flag=True, help="Also show it on partner pages.")
@click.pass_obj
def add(env, level: str, text_fr: str, text_en: str, link: str, from_: str | None,
        until: str | None, partner_pages: bool) -> None:
    """Publish a notice; prints its number."""
    data = services.NoticeInput(level=level, text_fr=text_fr, text_en=text_en, link=link,
                                starts_at=_when(from_, "from"), ends_at=_when(until, "until"),
                                on_partner_pages=partner_pages)
    with env.session() as dbsession:
        try:
            notice = services.create(dbsession, data)
        except DomainError as exc:
            raise click.ClickException(str(exc)) from exc
        notice_id = notice.id
    click.echo(notice_id)

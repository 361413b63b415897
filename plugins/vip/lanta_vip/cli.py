"""``lanta vip …``: terminals, cards and anonymisation from the command line.

The ``lanta`` group puts its environment (ini settings, engine, ``session()``) in the click
context's ``obj``; ``click.pass_obj`` hands it over. Secrets (a terminal's key, a card's
QR token) go alone to stdout so that scripts can capture them; a refused command raises
``click.ClickException``: one sentence on stderr, exit status 1.
"""
from __future__ import annotations

import click
from sqlalchemy import select

from lanta.models import Partner
from lanta.services.errors import DomainError

from .services import cards, privacy, terminals
from .services import secrets as vip_secrets

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _fail(exc: DomainError) -> click.ClickException:
    sentence = str(exc)
    return click.ClickException(sentence if sentence.endswith(".") else sentence + ".")


def _qr_key(env) -> bytes:
    return vip_secrets.qr_key_for(env.app_settings)


@click.group()
def vip() -> None:
    """VIP cards, partners' offers and terminals."""


@vip.group()
def terminal() -> None:
    """Partners' scanning terminals."""


@terminal.command("add")
@click.argument("partner_slug")
@click.option("--label", default="", help="A name for the device, e.g. 'Front desk'.")
@click.pass_obj
def terminal_add(env, partner_slug: str, label: str) -> None:
    """Pair a new terminal of PARTNER_SLUG; prints its key alone (shown once)."""
    with env.session() as dbsession:
        try:
            _terminal, key = terminals.add_paired_terminal(dbsession, partner_slug, label)
        except DomainError as exc:
            raise _fail(exc) from exc
    click.echo(key)


@terminal.command("code")
@click.argument("partner_slug")
@click.option("--label", default="", help="A name for the device, e.g. 'Front desk'.")
@click.pass_obj
def terminal_code(env, partner_slug: str, label: str) -> None:
    """A new terminal of PARTNER_SLUG waiting for pairing; prints its one-time code."""
    with env.session() as dbsession:
        partner = dbsession.scalars(select(Partner).where(Partner.slug == partner_slug)
                                    ).one_or_none()
        if partner is None:
            raise click.ClickException(f"There is no partner {partner_slug}.")
        try:
            _terminal, code = terminals.create_terminal(dbsession, partner.id, label)
        except DomainError as exc:
            raise _fail(exc) from exc
    click.echo(code)


@terminal.command("list")
@click.pass_obj
def terminal_list(env) -> None:
    """One terminal a line: id, partner, state, label."""
    with env.session() as dbsession:
        for t in terminals.list_terminals(dbsession):
            partner = dbsession.get(Partner, t.partner_id)
            state = terminals.terminal_state(t)
            click.echo(f"{t.id}\t{partner.slug if partner else '-'}\t{state}\t{t.label}")


@terminal.command("revoke")
@click.argument("terminal_id", type=int)
@click.pass_obj
def terminal_revoke(env, terminal_id: int) -> None:
    """Stop a terminal's key at once."""
    with env.session() as dbsession:
        try:
            terminals.revoke_terminal(dbsession, terminal_id)
        except DomainError as exc:
            raise _fail(exc) from exc


@vip.group()
def card() -> None:
    """Visitors' cards."""


@card.command("issue")
@click.option("--uid", required=True, help="The card's NFC UID (hexadecimal).")
@click.option("--first-name", required=True)
@click.option("--last-name", default="")
@click.option("--language", required=True, help="Two letters, e.g. fr, en, es.")
@click.option("--arrival", required=True, type=DATE, help="YYYY-MM-DD")
@click.option("--departure", required=True, type=DATE, help="YYYY-MM-DD")
@click.option("--interest", "interests", multiple=True,
              help="An 'envie' (relax, thrills, family, food…); repeat for more.")
@click.option("--accommodation", default=None, help="The slug of the partner they stay at.")
@click.option("--adults", type=int, default=1, show_default=True)
@click.option("--child-age", "child_ages", type=int, multiple=True,
              help="The age of one child; repeat for each.")
@click.option("--pets", type=int, default=0, show_default=True)
@click.option("--number", default=None, help="The number printed on a pre-printed card.")
@click.pass_obj
def card_issue(env, uid, first_name, last_name, language, arrival, departure, interests,
               accommodation, adults, child_ages, pets, number) -> None:
    """Issue a card; prints its QR token alone."""
    with env.session() as dbsession:
        accommodation_id = None
        if accommodation:
            partner = dbsession.scalars(select(Partner).where(Partner.slug == accommodation)
                                        ).one_or_none()
            if partner is None:
                raise click.ClickException(f"There is no partner {accommodation}.")
            accommodation_id = partner.id
        data = cards.CardInput(
            uid=uid, first_name=first_name, last_name=last_name, language=language,
            arrival=arrival.date(), departure=departure.date(), envies=tuple(interests),
            accommodation_id=accommodation_id, adults=adults, children_ages=child_ages,
            pets=pets, number=number)
        try:
            issued = cards.issue_card(dbsession, data, _qr_key(env))
        except DomainError as exc:
            raise _fail(exc) from exc
        token = issued.qr_token
    click.echo(token)


@card.command("block")
@click.argument("number")
@click.pass_obj
def card_block(env, number: str) -> None:
    """Block a lost card by its printed number."""
    with env.session() as dbsession:
        try:
            cards.block_card(dbsession, cards.get_by_number(dbsession, number).id)
        except DomainError as exc:
            raise _fail(exc) from exc


@vip.command("anonymise")
@click.option("--days", type=click.IntRange(0, privacy.MAX_RETENTION_DAYS), default=None,
              help="Days after departure (default: the site's setting, 30 unless changed).")
@click.pass_obj
def anonymise(env, days: int | None) -> None:
    """Blank the personal data of visitors who left long enough ago; prints how many."""
    with env.session() as dbsession:
        count = privacy.anonymise_departed(dbsession, days=days)
    click.echo(count)

"""Seasons: per calendar year, the office's share of a test's cost and the budget.

Decision: a season's row is written only when the office saves its terms. Until then
the season reads with the defaults (share 50 %, cap 30 €, budget 0): testers may claim,
but no claim can be approved, since a budget of 0 covers nothing; the office has to
give the season a budget first. Reading never writes, so a page view stays a read.

Amounts are kept in integer cents; the office types euros ("30", "30,50", "1 200.5").
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lanta.services.errors import InvalidField

from ..i18n import _
from ..models import Season, utcnow
from .clock import OFFICE_TZ  # the costs pages import it from here too

DEFAULT_SHARE_PERCENT = 50
DEFAULT_CAP_CENTS = 3000
DEFAULT_BUDGET_CENTS = 0
FIRST_YEAR, LAST_YEAR = 2000, 2100
# An INTEGER column holds up to 2**31 - 1 cents; well below that, a typing slip is
# caught instead of a database error.
MAX_CENTS = 100_000_000  # one million euros

_EUROS = re.compile(r"[0-9]+(?:[.,][0-9]{1,2})?")


@dataclass(frozen=True)
class SeasonTerms:
    """A season's terms, saved or the defaults (``saved`` tells which)."""

    year: int
    share_percent: int
    cap_cents: int
    budget_cents: int
    saved: bool


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidField(_("Give a season between ${first} and ${last}."), on="year",
                           first=FIRST_YEAR, last=LAST_YEAR)
    return year


def terms(dbsession: Session, year: int) -> SeasonTerms:
    """The terms of ``year``: the saved row, else the defaults (nothing written)."""
    row = dbsession.get(Season, check_year(year))
    if row is None:
        return SeasonTerms(year, DEFAULT_SHARE_PERCENT, DEFAULT_CAP_CENTS,
                           DEFAULT_BUDGET_CENTS, saved=False)
    return SeasonTerms(row.year, row.share_percent, row.cap_cents, row.budget_cents,
                       saved=True)


def parse_euros(text: str, field: str) -> int:
    """``"30,50"`` → 3050 cents; a negative, a third decimal or words are refused."""
    cleaned = (text or "").strip().replace(" ", "").replace("\u00a0", "") \
        .replace("\u202f", "").removesuffix("€")
    if cleaned.startswith("-"):
        raise InvalidField(_("An amount cannot be negative."), on=field)
    if not _EUROS.fullmatch(cleaned):
        raise InvalidField(_("Give an amount in euros, like 30 or 30,50."), on=field)
    try:
        cents = int(Decimal(cleaned.replace(",", ".")) * 100)
    except InvalidOperation:  # pragma: no cover - the pattern already refused it
        raise InvalidField(_("Give an amount in euros, like 30 or 30,50."), on=field) \
            from None
    if cents > MAX_CENTS:
        raise InvalidField(_("At most ${max} €."), on=field, max=MAX_CENTS // 100)
    return cents


def format_euros(cents: int) -> str:
    """3050 → ``"30,50"`` (French style, as the office types it)."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros},{rest:02d}"


def update(dbsession: Session, year: int, *, share_percent: int, cap: str | int,
           budget: str | int) -> Season:
    """Save the terms of ``year``; ``cap`` and ``budget`` are euros as typed, or cents
    as integers. Every value is checked before anything is written."""
    check_year(year)
    if isinstance(share_percent, bool) or not isinstance(share_percent, int) \
            or not 0 <= share_percent <= 100:
        raise InvalidField(_("The share is a percentage between 0 and 100."),
                           on="share_percent")
    cap_cents = _cents(cap, "cap")
    budget_cents = _cents(budget, "budget")
    row = dbsession.get(Season, year, with_for_update=True, populate_existing=True)
    if row is None:
        # The season's first row. Another office member may insert it at the same moment
        # (nothing to lock yet): the primary key then refuses this insert, in a savepoint
        # so that the transaction goes on, and the terms are saved over the other's row,
        # the last one saving winning as with any later change.
        try:
            with dbsession.begin_nested():
                row = Season(year=year, share_percent=share_percent, cap_cents=cap_cents,
                             budget_cents=budget_cents)
                dbsession.add(row)
                dbsession.flush()
            return row
        except IntegrityError:
            row = dbsession.get(Season, year, with_for_update=True,
                                populate_existing=True)
            if row is None:  # pragma: no cover - refused by another key than the year
                raise
    row.share_percent, row.cap_cents, row.budget_cents = share_percent, cap_cents, \
        budget_cents
    dbsession.flush()
    return row


def _cents(value: str | int, field: str) -> int:
    if isinstance(value, bool):
        raise InvalidField(_("Give an amount in euros, like 30 or 30,50."), on=field)
    if isinstance(value, int):
        if value < 0:
            raise InvalidField(_("An amount cannot be negative."), on=field)
        if value > MAX_CENTS:
            raise InvalidField(_("At most ${max} €."), on=field, max=MAX_CENTS // 100)
        return value
    return parse_euros(value, field)


def current_year(now: dt.datetime | None = None) -> int:
    """The season of today, counted in office days (Europe/Paris)."""
    return (now or utcnow()).astimezone(OFFICE_TZ).year

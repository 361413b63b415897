"""The season's cost report: what testers spent, what they claimed, what the office
approved and paid, what remains of the budget; per tester, per partner, and the claims
one by one (the CSV for accounting is made of these lines, so its totals are the
report's)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from lanta.models import Partner

from ..models import Test, Tester
from . import seasons
from .claims import COMMITTED


@dataclass
class Figures:
    tests: int = 0
    spent_cents: int = 0       # every test's amount
    claims: int = 0            # tests whose share was claimed (any decision)
    claimed_cents: int = 0     # the amounts of those tests
    waiting: int = 0           # claims waiting for a decision
    approved_cents: int = 0    # shares approved, not yet paid
    paid_cents: int = 0        # shares paid


@dataclass
class Row:
    key: str
    label: str
    figures: Figures


@dataclass
class SeasonReport:
    terms: seasons.SeasonTerms
    totals: Figures
    testers: list[Row] = field(default_factory=list)
    partners: list[Row] = field(default_factory=list)

    @property
    def remaining_cents(self) -> int:
        """Budget minus approved minus paid (negative only if the office lowered the
        budget below what it had already granted)."""
        return (self.terms.budget_cents - self.totals.approved_cents
                - self.totals.paid_cents)


@dataclass(frozen=True)
class ClaimLine:
    test: Test
    tester_name: str
    partner: Partner


def _figure_columns():
    claimed = Test.claim_status != "none"
    return (
        func.count(Test.id),
        func.coalesce(func.sum(Test.amount_cents), 0),
        func.coalesce(func.sum(case((claimed, 1), else_=0)), 0),
        func.coalesce(func.sum(case((claimed, Test.amount_cents), else_=0)), 0),
        func.coalesce(func.sum(case((Test.claim_status == "submitted", 1), else_=0)), 0),
        func.coalesce(func.sum(case((Test.claim_status == "approved",
                                     Test.office_share_cents), else_=0)), 0),
        func.coalesce(func.sum(case((Test.claim_status == "paid",
                                     Test.office_share_cents), else_=0)), 0),
    )


def _figures(values) -> Figures:
    return Figures(*(int(v or 0) for v in values))


def season_report(dbsession: Session, year: int, lang: str = "fr") -> SeasonReport:
    terms = seasons.terms(dbsession, year)
    totals = _figures(dbsession.execute(
        select(*_figure_columns()).where(Test.season == year)).one())
    testers = [Row(slug, name, _figures(values)) for slug, name, *values in
               dbsession.execute(
                   select(Tester.slug, Tester.display_name, *_figure_columns())
                   .join(Tester, Tester.id == Test.tester_id)
                   .where(Test.season == year)
                   .group_by(Tester.id, Tester.slug, Tester.display_name)
                   .order_by(Tester.display_name, Tester.id))]
    partner_rows = dbsession.execute(
        select(Partner, *_figure_columns())
        .join(Partner, Partner.id == Test.partner_id)
        .where(Test.season == year)
        .group_by(Partner.id)).all()
    partners = sorted((Row(p.slug, p.text("name", lang), _figures(values))
                       for p, *values in partner_rows), key=lambda r: r.label.lower())
    return SeasonReport(terms, totals, testers, partners)


def claim_lines(dbsession: Session, year: int, status: str | None = None) -> list[ClaimLine]:
    """The season's claims (tests whose share was claimed), oldest visit first."""
    query = (select(Test, Tester.display_name, Partner)
             .join(Tester, Tester.id == Test.tester_id)
             .join(Partner, Partner.id == Test.partner_id)
             .where(Test.season == year, Test.claim_status != "none"))
    if status is not None:
        query = query.where(Test.claim_status == status)
    query = query.order_by(Test.visited_on, Test.id)
    return [ClaimLine(test, name, partner)
            for test, name, partner in dbsession.execute(query)]


def committed_of(lines: list[ClaimLine]) -> int:
    return sum(line.test.office_share_cents for line in lines
               if line.test.claim_status in COMMITTED)


def remaining_of_current_season(dbsession: Session, now: dt.datetime | None = None
                                ) -> tuple[int, int]:
    """(year, remaining cents) of the season of today, for the dashboard."""
    year = seasons.current_year(now)
    report = season_report(dbsession, year)
    return year, report.remaining_cents

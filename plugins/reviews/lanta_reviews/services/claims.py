"""Claims for the office's share of a test's cost.

A tester still active claims for one of their own tests that led to a review (whatever
the review says: the office shares the cost of a visit that was reported on, not only of
the enthusiastic ones), with a receipt and an amount; the office
approves (the share is fixed then: the season's percentage of the amount, rounded to
the cent, at most the season's cap), refuses with a reason, or marks an approved claim
paid. An approval must fit in what remains of the season's budget (budget minus the
claims approved or paid); two office members approving at once must not overrun it, so
an approval locks the season's row and counts again under that lock.

    none → submitted → approved → paid
                     ↘ refused
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import MAX_ID
from lanta.services.errors import Conflict, InvalidField, NotFound

from ..i18n import _
from ..models import Review, Season, Test, Tester, utcnow
from .seasons import format_euros
from .tests import check_active

REASON_MAX = 1000
# The claims that take from the budget.
COMMITTED = ("approved", "paid")


class ClaimRefused(Conflict):
    """The claim cannot move that way now; the message says why (409)."""


class BudgetExceeded(Conflict):
    """The season's remaining budget does not cover the share (409)."""


def office_share(amount_cents: int, share_percent: int, cap_cents: int) -> int:
    """``amount × percent``, rounded to the nearest cent (halves up), at most the cap;
    never negative."""
    if amount_cents <= 0 or share_percent <= 0 or cap_cents <= 0:
        return 0
    share = (amount_cents * share_percent + 50) // 100
    return min(share, cap_cents)


def committed_cents(dbsession: Session, year: int) -> int:
    """What the season's approved and paid claims take from its budget."""
    return dbsession.scalar(
        select(func.coalesce(func.sum(Test.office_share_cents), 0))
        .where(Test.season == year, Test.claim_status.in_(COMMITTED))) or 0


def get_test(dbsession: Session, test_id: int, *, lock: bool = False) -> Test:
    if not 0 < test_id <= MAX_ID:  # a test's id typed from outside: not found
        raise NotFound(_("No such test."))
    test = dbsession.get(Test, test_id, with_for_update=lock or None,
                         populate_existing=lock)
    if test is None:
        raise NotFound(_("No such test."))
    return test


def own_test(dbsession: Session, test_id: int, tester_id: int) -> Test:
    """A test of this tester; another's answers as if it did not exist."""
    test = get_test(dbsession, test_id)
    if test.tester_id != tester_id:
        raise NotFound(_("No such test."))
    return test


def claim(dbsession: Session, test_id: int, tester_id: int,
          now: dt.datetime | None = None) -> Test:
    """The tester asks the office for its share of this test's cost. An ended tester
    claims nothing more (:class:`~.tests.NotAllowed`, 403); the test must have its
    review, in any state."""
    check_active(dbsession.get(Tester, tester_id) if 0 < tester_id <= MAX_ID else None)
    test = own_test(dbsession, test_id, tester_id)
    dbsession.refresh(test, with_for_update=True)  # a double click claims once
    if test.claim_status != "none":
        raise ClaimRefused(_("This test was already claimed."))
    if not test.receipt_name:
        raise ClaimRefused(_("Add the receipt of this test before claiming: the office "
                             "pays a share only against a receipt."))
    if test.amount_cents <= 0:
        raise ClaimRefused(_("This test cost nothing: there is no share to claim."))
    if dbsession.scalar(select(Review.id).where(Review.test_id == test.id)) is None:
        raise ClaimRefused(_("Write the review of this test before claiming: the office "
                             "shares the cost of a test that led to a review."))
    test.claim_status = "submitted"
    test.claimed_at = now or utcnow()
    test.claim_reason = ""
    dbsession.flush()
    return test


def approve(dbsession: Session, test_id: int, decided_by: int | None,
            now: dt.datetime | None = None) -> Test:
    """Approve a submitted claim: fix the office's share and take it from the budget.

    The season's row is locked first (every approval of the season waits here in turn;
    on SQLite the request's write intent already lets one writer in at a time), then
    the remaining budget is counted under that lock."""
    test = get_test(dbsession, test_id)
    year = test.season
    season = dbsession.get(Season, year, with_for_update=True, populate_existing=True)
    test = get_test(dbsession, test_id, lock=True)
    if test.claim_status != "submitted":
        raise ClaimRefused(_("Only a claim waiting for a decision can be approved."))
    if season is None or season.budget_cents <= 0:
        raise BudgetExceeded(_("Season ${year} has no budget yet: set it before "
                               "approving claims."), year=year)
    share = office_share(test.amount_cents, season.share_percent, season.cap_cents)
    if share <= 0:
        raise ClaimRefused(_("The office's share of this test is 0 € with the terms of "
                             "season ${year}: refuse the claim or change the terms."),
                           year=year)
    remaining = season.budget_cents - committed_cents(dbsession, year)
    if remaining < share:
        raise BudgetExceeded(
            _("The budget of season ${year} cannot cover this claim: ${share} € asked, "
              "${remaining} € left."),
            year=year, share=format_euros(share), remaining=format_euros(max(remaining, 0)))
    test.claim_status = "approved"
    test.office_share_cents = share
    test.decided_at = now or utcnow()
    test.decided_by = decided_by
    test.claim_reason = ""
    dbsession.flush()
    return test


def refuse(dbsession: Session, test_id: int, reason: str, decided_by: int | None,
           now: dt.datetime | None = None) -> Test:
    """Refuse a submitted claim; the tester reads the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidField(_("Say why the claim is refused: the tester reads it."),
                           on="reason")
    if len(reason) > REASON_MAX:
        raise InvalidField(_("At most ${max} characters."), on="reason", max=REASON_MAX)
    test = get_test(dbsession, test_id, lock=True)
    if test.claim_status != "submitted":
        raise ClaimRefused(_("Only a claim waiting for a decision can be refused."))
    test.claim_status = "refused"
    test.claim_reason = reason
    test.office_share_cents = 0
    test.decided_at = now or utcnow()
    test.decided_by = decided_by
    dbsession.flush()
    return test


def mark_paid(dbsession: Session, test_id: int, decided_by: int | None,
              now: dt.datetime | None = None) -> Test:
    """Record that the office paid an approved claim."""
    test = get_test(dbsession, test_id, lock=True)
    if test.claim_status != "approved":
        raise ClaimRefused(_("Only an approved claim can be marked paid."))
    test.claim_status = "paid"
    test.paid_at = now or utcnow()
    dbsession.flush()
    return test


def count_waiting(dbsession: Session, year: int | None = None) -> int:
    query = select(func.count()).select_from(Test).where(Test.claim_status == "submitted")
    if year is not None:
        query = query.where(Test.season == year)
    return dbsession.scalar(query) or 0

"""Tests: the visits a tester declares (where, when, what, how much, the receipt).

The rules: a tester tests only published listings, never one whose team they belong to
(core ``PartnerMember``: a conflict of interest), and a place once per season (the
calendar year of the visit; the database's unique constraint ``one_per_season`` settles
two declarations racing each other). An ended tester declares nothing more.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lanta.models import MAX_ID, Partner, row_by_id
from lanta.services import partners as partners_service
from lanta.services.errors import Conflict, DomainError, InvalidField, NotFound

from ..i18n import _
from ..models import Review, Test, Tester
from . import receipts
from .clock import OFFICE_TZ, office_today  # noqa: F401 (imported from here too)
from .membership import check_no_conflict, is_member  # noqa: F401
# A test is declared soon after the visit; a year leaves room for a late tester
# without letting old visits in.
MAX_AGE_DAYS = 366
MAX_WHAT = 300
MAX_AMOUNT_CENTS = 500_000  # 5,000 €: beyond any test's bill, a typing slip


class NotAllowed(DomainError):
    """The account may not do this (an ended tester): 403."""

    status = 403


@dataclass(frozen=True)
class VisitInput:
    """A declaration as the tester gives it; the service checks every value."""

    partner_id: int | None
    visited_on: dt.date | None
    what: str
    amount_cents: int
    receipt: receipts.CleanReceipt | None = None


class NotATester(DomainError):
    """The account holds the permission (the admin, say) but was never accepted as a
    tester: nothing is refused, there is only nothing to do yet."""

    status = 200


def check_active(tester: Tester | None) -> Tester:
    if tester is None:
        raise NotATester(_("Only the office's testers declare tests. To become one, "
                           "apply from the testers' page."))
    if not tester.active:
        raise NotAllowed(_("Your tester role has ended: you can no longer declare tests "
                           "or write reviews."))
    return tester


def published_partners(dbsession: Session) -> list[Partner]:
    """The listings a tester may choose from."""
    return list(dbsession.scalars(select(Partner).where(Partner.published.is_(True))
                                  .order_by(Partner.slug)))


def _duplicate(season: int) -> Conflict:
    return Conflict(_("You already declared a test of this place in ${season}: one test "
                      "per place and season."), season=season)


def already_tested(dbsession: Session, tester_id: int, partner_id: int, season: int) -> bool:
    """Whether the tester declared a test of the place in the season (committed or in
    this transaction: another request's declaration in progress is not seen)."""
    return dbsession.scalar(select(Test.id).where(
        Test.tester_id == tester_id, Test.partner_id == partner_id,
        Test.season == season)) is not None


def _checked(dbsession: Session, tester: Tester, data: VisitInput,
             today: dt.date) -> tuple[Partner, dt.date, str, int]:
    if not data.partner_id or not 0 < data.partner_id <= MAX_ID:
        raise InvalidField(_("Choose the place you tested."), on="partner_id")
    try:
        partner = partners_service.get(dbsession, data.partner_id, published_only=True)
    except NotFound:
        raise InvalidField(_("Choose the place you tested from the list."),
                           on="partner_id") from None
    day = data.visited_on
    if day is None:
        raise InvalidField(_("Give the day of your visit."), on="visited_on")
    if day > today:
        raise InvalidField(_("The visit cannot be in the future."), on="visited_on")
    if day < today - dt.timedelta(days=MAX_AGE_DAYS):
        raise InvalidField(_("The visit is more than a year old: declare a recent one."),
                           on="visited_on")
    what = " ".join((data.what or "").split())
    if not what:
        raise InvalidField(_("Say what you tested, like “dinner for two”."), on="what")
    if len(what) > MAX_WHAT:
        raise InvalidField(_("Write at most ${max} characters."), on="what", max=MAX_WHAT)
    amount = data.amount_cents
    if isinstance(amount, bool) or not isinstance(amount, int) \
            or not 0 <= amount <= MAX_AMOUNT_CENTS:
        raise InvalidField(_("Give an amount from 0 to ${max} euros."), on="amount_cents",
                           max=MAX_AMOUNT_CENTS // 100)
    if amount > 0 and data.receipt is None:
        raise InvalidField(_("Add the receipt of what you paid (a photo or a PDF)."),
                           on="receipt")
    check_no_conflict(dbsession, tester.user_id, partner.id)
    return partner, day, what, amount


def declare(dbsession: Session, uploads_dir: Path, tester: Tester | None,
            data: VisitInput, *, today: dt.date | None = None) -> Test:
    """Record a test after checking every rule; the receipt is stored under a random
    name. Refusals raise a :class:`DomainError` with nothing written."""
    tester = check_active(tester)
    today = today or office_today()
    partner, day, what, amount = _checked(dbsession, tester, data, today)
    season = day.year
    if already_tested(dbsession, tester.id, partner.id, season):
        raise _duplicate(season)
    name = receipts.store(uploads_dir, data.receipt) if data.receipt is not None else ""
    test = Test(tester_id=tester.id, partner_id=partner.id, visited_on=day, season=season,
                what=what, amount_cents=amount, receipt_name=name)
    try:
        # A savepoint: when another request declared the same test meanwhile (the check
        # above could not see it), the unique constraint refuses this one and the rest
        # of the transaction stays usable for the clear message.
        with dbsession.begin_nested():
            dbsession.add(test)
            dbsession.flush()
    except IntegrityError:
        receipts.remove(uploads_dir, name)
        raise _duplicate(season) from None
    except BaseException:
        receipts.remove(uploads_dir, name)
        raise
    return test


def tests_of(dbsession: Session, tester: Tester) -> list[tuple[Test, Partner, Review | None]]:
    """A tester's tests, latest visit first, with their place and review (if any)."""
    rows = dbsession.execute(
        select(Test, Partner, Review).join(Partner, Partner.id == Test.partner_id)
        .outerjoin(Review, Review.test_id == Test.id)
        .where(Test.tester_id == tester.id)
        .order_by(Test.visited_on.desc(), Test.id.desc()))
    return [tuple(row) for row in rows]


def own_test(dbsession: Session, tester: Tester | None, test_id: int) -> Test:
    """The test ``test_id`` if it is ``tester``'s; else :class:`NotFound` (another's
    test is not acknowledged to exist)."""
    test = row_by_id(dbsession, Test, test_id)
    if test is None or tester is None or test.tester_id != tester.id:
        raise NotFound(_("There is no test of yours with this number."))
    return test


def partner_of(dbsession: Session, test: Test) -> Partner:
    """The listing a test is about, published or not (a listing taken down later keeps
    its tests)."""
    return dbsession.get(Partner, test.partner_id)

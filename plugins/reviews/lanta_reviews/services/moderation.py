"""Moderation of reviews by the office, private feedback passed on to partners, and
partners' reports of published reviews.

Every function checks the review's state first and refuses a change that makes no sense
(publishing a private feedback, approving twice) with a sentence the office understands;
every change is kept in ``reviews_events`` with who, when and why. A change of what is
published asks the search index to rank the partner again once the session commits.

Every decision locks the review's row first (``SELECT … FOR UPDATE``; on SQLite the
request's write intent lets one writer in at a time), so two moderators deciding at once,
or a moderator and the tester changing the review, go one after the other; the second
then reads the first's change. A decision may carry ``seen``, the id of the review's
latest event when the moderator's page was made (0: none): if the review changed since
(the tester edited it, another decision, a report), the decision is refused
(:class:`Stale`, 409) and the page shows the review as it is now.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lanta.models import MAX_ID, Partner, PartnerMember, User, row_by_id
from lanta.services.errors import Conflict, DomainError, InvalidField, NotFound
from lanta.services.search_sync import reindex_after_commit

from ..i18n import _
from ..models import Report, Review, ReviewEvent, Tester, utcnow
from . import settings
from .membership import is_member

REASON_MAX = 1000


class WrongState(Conflict):
    """The review is not in a state that allows this change."""


class Stale(Conflict):
    """The review changed since the moderator's page was made: read it again."""


class NotAMember(DomainError):
    """The account does not keep the listing the review is about."""

    status = 403


class NoRecipient(Conflict):
    """A private feedback cannot be passed on: the partner has no address at all."""


# --- reading ---------------------------------------------------------------------------------


def get_review(dbsession: Session, review_id: int, *, lock: bool = False) -> Review:
    """A review by its id (typed from outside: beyond the keys' range is not found);
    ``lock`` locks its row until the transaction ends."""
    review = None
    if 0 < review_id <= MAX_ID:
        review = dbsession.get(Review, review_id, with_for_update=lock or None,
                               populate_existing=lock)
    if review is None:
        raise NotFound(_("This review does not exist."))
    return review


def get_report(dbsession: Session, report_id: int) -> Report:
    report = row_by_id(dbsession, Report, report_id)
    if report is None:
        raise NotFound(_("This report does not exist."))
    return report


def by_status(dbsession: Session, status: str, *, newest_first: bool = False,
              limit: int | None = None) -> list[Review]:
    """Reviews of one status: the queue oldest first (first come, first moderated)."""
    order = Review.created_at.desc() if newest_first else Review.created_at.asc()
    query = select(Review).where(Review.status == status).order_by(order, Review.id)
    if limit is not None:
        query = query.limit(limit)
    return list(dbsession.scalars(query).all())


def count_status(dbsession: Session, status: str) -> int:
    return dbsession.scalar(select(func.count(Review.id)).where(Review.status == status)) or 0


def open_reports(dbsession: Session) -> list[Report]:
    return list(dbsession.scalars(select(Report).where(Report.status == "open")
                                  .order_by(Report.created_at, Report.id)).all())


def count_open_reports(dbsession: Session) -> int:
    return dbsession.scalar(select(func.count(Report.id))
                            .where(Report.status == "open")) or 0


def history(dbsession: Session, review: Review) -> list[ReviewEvent]:
    return list(dbsession.scalars(select(ReviewEvent).where(ReviewEvent.review_id == review.id)
                                  .order_by(ReviewEvent.at, ReviewEvent.id)).all())


def latest_events(dbsession: Session, review_ids: list[int]) -> dict[int, int]:
    """The id of each review's latest event (absent: none yet), what a decision form
    carries as ``seen``."""
    if not review_ids:
        return {}
    return dict(dbsession.execute(
        select(ReviewEvent.review_id, func.max(ReviewEvent.id))
        .where(ReviewEvent.review_id.in_(set(review_ids)))
        .group_by(ReviewEvent.review_id)).all())


def latest_event(dbsession: Session, review: Review) -> int:
    return latest_events(dbsession, [review.id]).get(review.id, 0)


def reports_of(dbsession: Session, review: Review) -> list[Report]:
    return list(dbsession.scalars(select(Report).where(Report.review_id == review.id)
                                  .order_by(Report.created_at, Report.id)).all())


# --- changes ---------------------------------------------------------------------------------


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise InvalidField(_("Give the reason: it is kept in the review's history."),
                           on="reason")
    if len(text) > REASON_MAX:
        raise InvalidField(_("Keep the reason under ${max} characters."), on="reason",
                           max=REASON_MAX)
    return text


def _lock(dbsession: Session, review: Review, seen: int | None = None) -> Review:
    """Lock the review's row and read it again (what another transaction committed
    meanwhile); refuse when it changed since the moderator saw it."""
    dbsession.flush()
    dbsession.refresh(review, with_for_update=True)
    if seen is not None and latest_event(dbsession, review) != seen:
        raise Stale(_("This review changed since your page was shown (the tester edited "
                      "it, or someone else decided on it): read it again below before "
                      "deciding."))
    return review


def _expect(review: Review, *states: str) -> None:
    if review.status in states:
        return
    if review.status == "private":
        raise WrongState(_("This review is a private feedback, rated under the threshold: "
                           "it can never be published."))
    raise WrongState(_("This review cannot be changed so: it is ${status} now."),
                     status=review.status)


def _event(dbsession: Session, review: Review, action: str, actor_id: int | None,
           now: dt.datetime, reason: str = "") -> ReviewEvent:
    event = ReviewEvent(review_id=review.id, action=action, actor_id=actor_id,
                        reason=reason, at=now)
    dbsession.add(event)
    return event


def _published_changed(dbsession: Session, review: Review) -> None:
    # The partner's rank in the search depends on how many reviews are published.
    reindex_after_commit(dbsession, [f"partner:{review.partner_id}"])


def approve(dbsession: Session, review: Review, actor_id: int | None,
            now: dt.datetime | None = None, *, seen: int | None = None) -> Review:
    """pending → published. Refused for a review rated under the threshold as it is now
    (the office raised it after the review was sent: under the threshold, never
    published; it can only be rejected), and when its tester has joined the place's team
    since (a conflict of interest)."""
    now = now or utcnow()
    _lock(dbsession, review, seen)
    _expect(review, "pending")
    threshold = settings.threshold(dbsession)
    if review.rating < threshold:
        raise WrongState(_("This review is rated ${rating}, under the publication "
                           "threshold, now ${threshold}: a review under the threshold is "
                           "never published. Reject it."),
                         rating=review.rating, threshold=threshold)
    tester = dbsession.get(Tester, review.tester_id)
    if tester is not None and is_member(dbsession, tester.user_id, review.partner_id):
        raise WrongState(_("The tester now belongs to this place's team: the review "
                           "cannot be published (a conflict of interest). Reject it."))
    review.status = "published"
    review.published_at = now
    _event(dbsession, review, "approved", actor_id, now)
    _published_changed(dbsession, review)
    dbsession.flush()
    return review


def reject(dbsession: Session, review: Review, actor_id: int | None, reason: str,
           now: dt.datetime | None = None, *, seen: int | None = None) -> Review:
    """pending → rejected, with the reason."""
    now = now or utcnow()
    _lock(dbsession, review, seen)
    _expect(review, "pending")
    text = _reason(reason)
    review.status = "rejected"
    _event(dbsession, review, "rejected", actor_id, now, text)
    dbsession.flush()
    return review


def unpublish(dbsession: Session, review: Review, actor_id: int | None, reason: str,
              now: dt.datetime | None = None, *, seen: int | None = None) -> Review:
    """published → unpublished, the reason kept in the history."""
    now = now or utcnow()
    _lock(dbsession, review, seen)
    _expect(review, "published")
    text = _reason(reason)
    review.status = "unpublished"
    _event(dbsession, review, "unpublished", actor_id, now, text)
    _published_changed(dbsession, review)
    dbsession.flush()
    return review


def republish(dbsession: Session, review: Review, actor_id: int | None,
              now: dt.datetime | None = None, *, seen: int | None = None) -> Review:
    """unpublished → published (its first publication date is kept)."""
    now = now or utcnow()
    _lock(dbsession, review, seen)
    _expect(review, "unpublished")
    review.status = "published"
    review.published_at = review.published_at or now
    _event(dbsession, review, "republished", actor_id, now)
    _published_changed(dbsession, review)
    dbsession.flush()
    return review


def forward_recipients(dbsession: Session, partner: Partner) -> list[str]:
    """Where a feedback goes: the listing's own address, else its members' accounts."""
    if partner.email:
        return [partner.email]
    return list(dbsession.scalars(
        select(User.email).join(PartnerMember, PartnerMember.user_id == User.id)
        .where(PartnerMember.partner_id == partner.id, User.active.is_(True))
        .order_by(User.email)).all())


def forward(dbsession: Session, review: Review, actor_id: int | None,
            now: dt.datetime | None = None, *, seen: int | None = None) -> list[str]:
    """Mark a private feedback as passed on to its partner and return the addresses the
    caller mails it to. Passing it on again is allowed (a lost mail) and noted again."""
    now = now or utcnow()
    _lock(dbsession, review, seen)
    if review.status != "private":
        raise WrongState(_("Only a private feedback is passed on to the partner."))
    partner = dbsession.get(Partner, review.partner_id)
    recipients = forward_recipients(dbsession, partner)
    if not recipients:
        raise NoRecipient(_("This partner has no e-mail address and no account: the "
                            "feedback cannot be passed on."))
    review.forwarded_at = now
    _event(dbsession, review, "forwarded", actor_id, now, ", ".join(recipients))
    dbsession.flush()
    return recipients


# --- reports ---------------------------------------------------------------------------------


def report(dbsession: Session, review: Review, user: User, reason: str,
           now: dt.datetime | None = None) -> Report:
    """A partner's account reports a published review of its own place."""
    now = now or utcnow()
    if not is_member(dbsession, user.id, review.partner_id):
        raise NotAMember(_("Only the accounts of this place may report its reviews."))
    _lock(dbsession, review)
    if review.status != "published":
        raise WrongState(_("Only a published review can be reported."))
    text = _reason(reason)
    already = dbsession.scalar(select(Report.id).where(
        Report.review_id == review.id, Report.reporter_id == user.id,
        Report.status == "open"))
    if already is not None:
        raise Conflict(_("You already reported this review: the office is looking at it."))
    row = Report(review_id=review.id, reporter_id=user.id, reason=text, status="open",
                 created_at=now)
    dbsession.add(row)
    _event(dbsession, review, "reported", user.id, now, text)
    dbsession.flush()
    return row


def _expect_open(report_row: Report) -> None:
    if report_row.status != "open":
        raise WrongState(_("This report was already decided."))


def dismiss(dbsession: Session, report_row: Report, actor_id: int | None,
            now: dt.datetime | None = None) -> Report:
    """The office keeps the review online."""
    now = now or utcnow()
    dbsession.refresh(report_row, with_for_update=True)
    _expect_open(report_row)
    report_row.status = "dismissed"
    report_row.decided_at = now
    dbsession.flush()
    return report_row


def uphold(dbsession: Session, report_row: Report, actor_id: int | None,
           reason: str = "", now: dt.datetime | None = None) -> Report:
    """The office agrees: the review is unpublished, with the office's reason or, if it
    gave none, the partner's; every open report of that review is settled with it."""
    now = now or utcnow()
    dbsession.refresh(report_row, with_for_update=True)
    _expect_open(report_row)
    review = get_review(dbsession, report_row.review_id, lock=True)
    if review.status == "published":
        unpublish(dbsession, review, actor_id, (reason or "").strip() or report_row.reason,
                  now)
    for row in dbsession.scalars(select(Report).where(Report.review_id == review.id,
                                                      Report.status == "open")).all():
        row.status = "upheld"
        row.decided_at = now
    dbsession.flush()
    return report_row

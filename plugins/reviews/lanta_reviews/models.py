"""The add-on's tables, all prefixed ``reviews_``.

- ``reviews_applications``: "become a tester" requests, decided by the office;
- ``reviews_testers``: the accepted testers and the public profile each one controls;
- ``reviews_tests``: a visit a tester declares (what, when, how much, the receipt) and the
  claim for the office's share of its cost;
- ``reviews_reviews``: the review written after a test, one per test; only those rated at
  or above the threshold and approved by the office are ever published;
- ``reviews_photos``: pictures of a review (core ``images`` rows, checked like any upload);
- ``reviews_events``: the history of a review (submitted, approved, unpublished…), with
  who, when and why;
- ``reviews_reports``: a partner's report of a review about its place;
- ``reviews_seasons``: per year, the office's share of a test's cost and the budget.

A season is a calendar year: "the same place twice in a season" and the budget are
counted by the year of the visit.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text,
    UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from lanta.models import Base, UTCDateTime, sql_in, utcnow

APPLICATION_STATES: tuple[str, ...] = ("pending", "accepted", "declined")
TESTER_KINDS: tuple[str, ...] = ("resident", "professional")
# pending: waiting for moderation; published; private: under the threshold, office's
# feedback only (never published); rejected: refused by the moderator; unpublished:
# taken down after publication (the reason is in the history).
REVIEW_STATES: tuple[str, ...] = ("pending", "published", "private", "rejected",
                                  "unpublished")
# none: no claim made; submitted: waiting for the office; approved: the office owes
# ``office_share_cents``; refused; paid.
CLAIM_STATES: tuple[str, ...] = ("none", "submitted", "approved", "refused", "paid")
EVENT_ACTIONS: tuple[str, ...] = ("submitted", "kept_private", "approved", "rejected",
                                  "unpublished", "republished", "reported", "forwarded")
REPORT_STATES: tuple[str, ...] = ("open", "upheld", "dismissed")




class Application(Base):
    __tablename__ = "reviews_applications"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in(APPLICATION_STATES)})", name="status"),
        CheckConstraint(f"kind IN ({sql_in(TESTER_KINDS)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Set when the applicant was logged in (a partner account, say); else an account is
    # made at acceptance for ``email``.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # Envies (core vocabulary names) and site languages.
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    motivation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    reason: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class Tester(Base):
    __test__ = False  # (not a pytest test class, whatever its name)
    __tablename__ = "reviews_testers"
    __table_args__ = (CheckConstraint(f"kind IN ({sql_in(TESTER_KINDS)})", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # The public name: a real name or a pseudonym, the tester's choice.
    display_name: Mapped[str] = mapped_column(String(80))
    # The profile's address, ``/testeurs/SLUG``.
    slug: Mapped[str] = mapped_column(String(90), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    bio: Mapped[str] = mapped_column(String(1000), default="")
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL"), nullable=True)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # False: the office ended the tester's role; the profile and reviews stay readable.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Test(Base):
    __test__ = False  # (not a pytest test class, whatever its name)
    __tablename__ = "reviews_tests"
    __table_args__ = (
        # One test, so one review, of a place per tester and season.
        UniqueConstraint("tester_id", "partner_id", "season", name="one_per_season"),
        CheckConstraint(f"claim_status IN ({sql_in(CLAIM_STATES)})", name="claim_status"),
        CheckConstraint("amount_cents >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tester_id: Mapped[int] = mapped_column(
        ForeignKey("reviews_testers.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    visited_on: Mapped[dt.date] = mapped_column(Date)
    season: Mapped[int] = mapped_column(Integer, index=True)
    what: Mapped[str] = mapped_column(String(300))
    amount_cents: Mapped[int] = mapped_column(Integer, default=0)
    # The receipt's file under the uploads folder (``reviews-receipts/NAME``), private:
    # only the tester and the office see it.
    receipt_name: Mapped[str] = mapped_column(String(80), default="")
    claim_status: Mapped[str] = mapped_column(String(16), default="none", index=True)
    # What the office owes, fixed when the claim is approved (season share and cap).
    office_share_cents: Mapped[int] = mapped_column(Integer, default=0)
    claim_reason: Mapped[str] = mapped_column(String(1000), default="")
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    paid_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Review(Base):
    __tablename__ = "reviews_reviews"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in(REVIEW_STATES)})", name="status"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    test_id: Mapped[int] = mapped_column(
        ForeignKey("reviews_tests.id", ondelete="CASCADE"), unique=True)
    tester_id: Mapped[int] = mapped_column(
        ForeignKey("reviews_testers.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    # The language it is written in (one of the site's).
    language: Mapped[str] = mapped_column(String(8))
    # Audience names (core vocabulary) the tester recommends the place for.
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime, nullable=True, index=True)
    # When a private feedback was passed on to the partner (by e-mail), if ever.
    forwarded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ReviewPhoto(Base):
    __tablename__ = "reviews_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews_reviews.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ReviewEvent(Base):
    __tablename__ = "reviews_events"
    __table_args__ = (CheckConstraint(f"action IN ({sql_in(EVENT_ACTIONS)})", name="action"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews_reviews.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    reason: Mapped[str] = mapped_column(String(1000), default="")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Report(Base):
    __tablename__ = "reviews_reports"
    __table_args__ = (CheckConstraint(f"status IN ({sql_in(REPORT_STATES)})", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews_reviews.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    reason: Mapped[str] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Season(Base):
    __tablename__ = "reviews_seasons"
    __table_args__ = (
        CheckConstraint("share_percent BETWEEN 0 AND 100", name="share"),
        CheckConstraint("cap_cents >= 0 AND budget_cents >= 0", name="amounts"),
    )

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    share_percent: Mapped[int] = mapped_column(Integer, default=50)
    cap_cents: Mapped[int] = mapped_column(Integer, default=3000)
    budget_cents: Mapped[int] = mapped_column(Integer, default=0)

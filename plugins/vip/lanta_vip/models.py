"""The add-on's tables, all prefixed ``vip_``.

- ``vip_visitors``: one card holder for one stay (who, when, where, party, interests);
  the personal fields are blanked by anonymisation, the rest stays for statistics;
- ``vip_consents``: what the visitor agreed to, with the wording shown and the date;
- ``vip_cards``: the physical cards of a visitor (a lost card is blocked, a new one issued);
- ``vip_offers``: what a partner grants VIP visitors, its targeting rules and limits;
- ``vip_terminals``: a partner's scanning devices, each with its own hashed key;
- ``vip_redemptions``: one offer granted to one visitor at one terminal;
- ``vip_scans``: every card look-up by a terminal (rate limits and statistics).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text,
    UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lanta.models import Base, UTCDateTime, never_on_visitor_pages, sql_in, utcnow

KINDS: tuple[str, ...] = ("percent", "amount", "gift", "free_entry", "priority")
OFFER_STATES: tuple[str, ...] = ("proposed", "approved", "withdrawn")
CARD_STATES: tuple[str, ...] = ("active", "blocked", "retired")
CONSENT_PURPOSES: tuple[str, ...] = ("offers", "follow_up")
SCAN_KINDS: tuple[str, ...] = ("scan", "redeem")


# The largest id an INTEGER column holds (PostgreSQL's int4): a number beyond it names
# no row, and asking the database about it fails instead of finding nothing.
MAX_ID = 2**31 - 1




class Visitor(Base):
    """A card holder for one stay. Personal fields: names, e-mail, phone, children's ages."""

    __tablename__ = "vip_visitors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(80), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    language: Mapped[str] = mapped_column(String(8))
    arrival: Mapped[dt.date] = mapped_column(Date)
    departure: Mapped[dt.date] = mapped_column(Date, index=True)
    accommodation_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), nullable=True, index=True)
    adults: Mapped[int] = mapped_column(Integer, default=1)
    # Kept after anonymisation (a count is no one's data); the ages are not.
    children: Mapped[int] = mapped_column(Integer, default=0)
    children_ages: Mapped[list[int]] = mapped_column(JSON, default=list)
    pets: Mapped[int] = mapped_column(Integer, default=0)
    envies: Mapped[list[str]] = mapped_column(JSON, default=list)
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list)
    welcome_bag: Mapped[bool] = mapped_column(Boolean, default=False)
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True,
                                                              index=True)

    cards: Mapped[list["Card"]] = relationship(back_populates="visitor", order_by="Card.id")
    consents: Mapped[list["Consent"]] = relationship(
        back_populates="visitor", order_by="Consent.id", cascade="all, delete-orphan")

    @property
    def nights(self) -> int:
        return (self.departure - self.arrival).days

    def __repr__(self) -> str:
        return f"<Visitor {self.id} {self.arrival}..{self.departure}>"


class Consent(Base):
    """One consent given at issuing: its purpose, the exact wording shown, when."""

    __tablename__ = "vip_consents"
    __table_args__ = (CheckConstraint(f"purpose IN ({sql_in(CONSENT_PURPOSES)})", name="purpose"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visitor_id: Mapped[int] = mapped_column(
        ForeignKey("vip_visitors.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    wording: Mapped[str] = mapped_column(Text)
    given_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    visitor: Mapped[Visitor] = relationship(back_populates="consents")


class Card(Base):
    """A physical card. The NFC UID alone never opens it: see ``services.cards.find``."""

    __tablename__ = "vip_cards"
    __table_args__ = (CheckConstraint(f"status IN ({sql_in(CARD_STATES)})", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visitor_id: Mapped[int] = mapped_column(
        ForeignKey("vip_visitors.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    # Released (NULL) when the card is retired, so that the office may hand the same
    # plastic card to another visitor.
    nfc_uid: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    # The random part of the QR token; NULL once the card is retired.
    qr_nonce: Mapped[str | None] = mapped_column(String(32), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    blocked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("vip_cards.id", ondelete="SET NULL"), nullable=True)

    visitor: Mapped[Visitor] = relationship(back_populates="cards")

    def __repr__(self) -> str:
        return f"<Card {self.number} {self.status}>"


class Offer(Base):
    """What a partner grants card holders; empty rules match everyone."""

    __tablename__ = "vip_offers"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(KINDS)})", name="kind"),
        CheckConstraint(f"status IN ({sql_in(OFFER_STATES)})", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    kind: Mapped[str] = mapped_column(String(16))
    # A percentage for ``percent``, cents for ``amount``, None otherwise.
    value: Mapped[int | None] = mapped_column(Integer, nullable=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    text: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    terms: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # Targeting rules.
    envies: Mapped[list[str]] = mapped_column(JSON, default=list)
    requires_children: Mapped[bool] = mapped_column(Boolean, default=False)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_nights: Mapped[int | None] = mapped_column(Integer, nullable=True)
    max_nights: Mapped[int | None] = mapped_column(Integer, nullable=True)
    max_days_before_departure: Mapped[int | None] = mapped_column(Integer, nullable=True)
    months: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Validity window and limits.
    valid_from: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    valid_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    limit_per_card: Mapped[int | None] = mapped_column(Integer, nullable=True)
    limit_per_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    limit_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    def text_for(self, field: str, lang: str) -> str:
        values: dict[str, Any] = getattr(self, field) or {}
        return values.get(lang) or values.get("fr") or next(iter(values.values()), "")

    def __repr__(self) -> str:
        return f"<Offer {self.id} {self.kind} {self.status}>"


class Terminal(Base):
    """A partner's scanning device. Only the SHA-256 of its key and pairing code is kept."""

    __tablename__ = "vip_terminals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    key_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    pairing_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True,
                                                          nullable=True)
    pairing_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    paired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def __repr__(self) -> str:
        return f"<Terminal {self.id} partner={self.partner_id}>"


class Redemption(Base):
    """One use of an offer. ``request_id`` is the terminal's own, for idempotent retries."""

    __tablename__ = "vip_redemptions"
    __table_args__ = (
        UniqueConstraint("terminal_id", "request_id"),
        Index("ix_vip_redemptions_offer_id_office_day", "offer_id", "office_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("vip_offers.id", ondelete="CASCADE"))
    visitor_id: Mapped[int] = mapped_column(
        ForeignKey("vip_visitors.id", ondelete="CASCADE"), index=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("vip_cards.id", ondelete="CASCADE"))
    terminal_id: Mapped[int] = mapped_column(
        ForeignKey("vip_terminals.id", ondelete="CASCADE"))
    request_id: Mapped[str] = mapped_column(String(64))
    redeemed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # The office's calendar day of ``redeemed_at``: what the per-day limit counts.
    office_day: Mapped[dt.date] = mapped_column(Date)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Scan(Base):
    """A card look-up by a terminal; ``card_id`` is NULL when no card matched."""

    __tablename__ = "vip_scans"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(SCAN_KINDS)})", name="kind"),
        Index("ix_vip_scans_terminal_id_at", "terminal_id", "at"),
        Index("ix_vip_scans_card_id_at", "card_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terminal_id: Mapped[int] = mapped_column(
        ForeignKey("vip_terminals.id", ondelete="CASCADE"))
    card_id: Mapped[int | None] = mapped_column(
        ForeignKey("vip_cards.id", ondelete="CASCADE"), nullable=True)
    kind: Mapped[str] = mapped_column(String(8))
    found: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


# A scan or a redemption changes no cached page (the card page is never cached): without
# this every one of them would also update the page cache's counter, one row that all
# terminals' transactions would queue on.
never_on_visitor_pages(Terminal, Redemption, Scan)

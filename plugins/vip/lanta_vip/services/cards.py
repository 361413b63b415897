"""Issuing, re-issuing and blocking cards, and finding the card a terminal read.

A card is found by its signed QR token, its printed number or its NFC UID. The UID is
printed by no one but is readable by any phone, so it is never the only secret: look-ups
are rate-limited per terminal and per card (:mod:`.throttle`), blocked cards refuse, and
the QR token carries an HMAC signature checked before the database is asked.
"""
from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from lanta.models import Partner
from lanta.services.partner_vocabulary import AUDIENCES, ENVIES

from ..i18n import _
from ..models import CONSENT_PURPOSES, Card, Consent, Visitor
from . import secrets as vip_secrets
from .card_lists import (ACCOMMODATION_CATEGORIES, accommodations, card_state,
                         issued_counts, search_cards)
from .clock import office_date, utcnow
from .errors import CardUnusable, InvalidInput, NotGrantable, UnknownCard

MAX_STAY_NIGHTS = 366
MAX_PARTY = 20
NUMBER_DRAWS = 3  # tries when another desk takes the drawn number at the same moment
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d .()-]{6,30}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class ConsentInput:
    """A box the visitor ticked: ``purpose`` (offers, follow_up) and the exact wording."""

    purpose: str
    wording: str


@dataclass(frozen=True)
class CardInput:
    """What the issuing form (or ``lanta vip card issue``) gives."""

    uid: str
    first_name: str
    language: str
    arrival: dt.date
    departure: dt.date
    last_name: str = ""
    email: str = ""
    phone: str = ""
    accommodation_id: int | None = None
    adults: int = 1
    children_ages: tuple[int, ...] = ()
    pets: int = 0
    envies: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    welcome_bag: bool = False
    consents: tuple[ConsentInput, ...] = field(default_factory=tuple)
    number: str | None = None  # pre-printed cards carry theirs; else one is drawn


@dataclass(frozen=True)
class IssuedCard:
    card: Card
    qr_token: str


# --- validation ------------------------------------------------------------------------------


def _uid(value: str) -> str:
    uid = vip_secrets.normalise_uid(value)
    if uid is None:
        raise InvalidInput(_("The NFC UID must be 8, 14 or 20 hexadecimal characters."),
                           on="uid")
    return uid


def _text(value: str, on: str, max_length: int, required: bool = False) -> str:
    cleaned = " ".join((value or "").split())
    if required and not cleaned:
        raise InvalidInput(_("This field is required."), on=on)
    if len(cleaned) > max_length:
        raise InvalidInput(_("Keep this under ${max} characters."), on=on, max=max_length)
    return cleaned


def _count(value: int, on: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidInput(_("Enter a number from ${low} to ${high}."), on=on, low=low,
                           high=high)
    return value


def _tags(values, allowed: tuple[str, ...], on: str) -> list[str]:
    tags = list(dict.fromkeys(values or ()))
    unknown = [t for t in tags if t not in allowed]
    if unknown:
        raise InvalidInput(_("Unknown choice: ${value}. Choose among ${allowed}."), on=on,
                           value=unknown[0], allowed=", ".join(allowed))
    return tags


def validate(dbsession: Session, data: CardInput) -> CardInput:
    """The input cleaned, or :class:`InvalidInput` naming the first wrong field."""
    first_name = _text(data.first_name, "first_name", 80, required=True)
    last_name = _text(data.last_name, "last_name", 80)
    language = (data.language or "").strip().lower()
    if not _LANGUAGE.match(language):
        raise InvalidInput(_("Give the language as two letters, like fr or en."),
                           on="language")
    email = (data.email or "").strip()
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        raise InvalidInput(_("This e-mail address is not valid."), on="email")
    phone = (data.phone or "").strip()
    if phone and not _PHONE.match(phone):
        raise InvalidInput(_("This phone number is not valid."), on="phone")
    if not isinstance(data.arrival, dt.date) or not isinstance(data.departure, dt.date):
        raise InvalidInput(_("Give the arrival and departure dates."), on="arrival")
    if data.departure < data.arrival:
        raise InvalidInput(_("The departure cannot come before the arrival."),
                           on="departure")
    if (data.departure - data.arrival).days > MAX_STAY_NIGHTS:
        raise InvalidInput(_("A stay lasts at most ${max} nights."), on="departure",
                           max=MAX_STAY_NIGHTS)
    if data.accommodation_id is not None and dbsession.get(Partner, data.accommodation_id) is None:
        raise InvalidInput(_("This accommodation is not a partner."), on="accommodation_id")
    adults = _count(data.adults, "adults", 1, MAX_PARTY)
    ages = tuple(_count(age, "children_ages", 0, 17) for age in data.children_ages or ())
    if len(ages) > MAX_PARTY:
        raise InvalidInput(_("Enter a number from ${low} to ${high}."), on="children_ages",
                           low=0, high=MAX_PARTY)
    consents = []
    for consent in data.consents or ():
        if consent.purpose not in CONSENT_PURPOSES:
            raise InvalidInput(_("Unknown consent: ${value}."), on="consents",
                               value=consent.purpose)
        wording = (consent.wording or "").strip()
        if not wording:
            raise InvalidInput(_("A consent needs the wording the visitor agreed to."),
                               on="consents")
        consents.append(ConsentInput(consent.purpose, wording))
    number = None
    if data.number:
        number = vip_secrets.normalise_card_number(data.number)
        if number is None:
            raise InvalidInput(_("This card number is mistyped: check its nine digits."),
                               on="number")
    return CardInput(
        uid=_uid(data.uid), first_name=first_name, language=language,
        arrival=data.arrival, departure=data.departure, last_name=last_name, email=email,
        phone=phone, accommodation_id=data.accommodation_id, adults=adults,
        children_ages=ages, pets=_count(data.pets, "pets", 0, MAX_PARTY),
        envies=tuple(_tags(data.envies, ENVIES, "envies")),
        audiences=tuple(_tags(data.audiences, AUDIENCES, "audiences")),
        welcome_bag=bool(data.welcome_bag), consents=tuple(consents), number=number)


# --- issuing ---------------------------------------------------------------------------------


def _release_uid(dbsession: Session, uid: str, on_day: dt.date) -> None:
    """Free a UID still held by a card whose stay has ended: offices hand the same plastic
    cards out again. A card of a current stay keeps it, and the new card is refused."""
    holder = dbsession.scalars(select(Card).where(Card.nfc_uid == uid)).one_or_none()
    if holder is None:
        return
    if holder.status == "active" and holder.visitor.departure >= on_day:
        raise InvalidInput(_("This NFC card is already in use by card ${number}; block that "
                             "card first."), on="uid",
                           number=vip_secrets.format_card_number(holder.number))
    holder.nfc_uid = None
    if holder.status == "active":
        holder.status = "retired"
    dbsession.flush()


def _number_taken(dbsession: Session, number: str) -> bool:
    return dbsession.scalars(select(Card.id).where(Card.number == number)).first() is not None


def _new_card(dbsession: Session, visitor: Visitor, uid: str, number: str | None,
              now: dt.datetime) -> Card:
    _release_uid(dbsession, uid, office_date(now))
    if number is not None and _number_taken(dbsession, number):
        raise InvalidInput(_("A card numbered ${number} was already issued."), on="number",
                           number=vip_secrets.format_card_number(number))
    # 90 million numbers: a drawn one is almost never taken, and the unique constraint
    # stops the rare race between two desks.
    while number is None or _number_taken(dbsession, number):
        number = vip_secrets.new_card_number()
    card = Card(visitor=visitor, number=number, nfc_uid=uid,
                qr_nonce=vip_secrets.new_nonce(), status="active", issued_at=now)
    dbsession.add(card)
    dbsession.flush()
    return card


def _refuse_taken(dbsession: Session, uid: str, typed_number: str | None) -> None:
    """After a unique constraint refused a card: say which value another desk took
    between our checks and our insert. Returns when it was a drawn number."""
    holder = dbsession.scalars(select(Card).where(Card.nfc_uid == uid)).one_or_none()
    if holder is not None:
        raise InvalidInput(_("This NFC card is already in use by card ${number}; block that "
                             "card first."), on="uid",
                           number=vip_secrets.format_card_number(holder.number))
    if typed_number is not None and dbsession.scalars(
            select(Card.id).where(Card.number == typed_number)).first() is not None:
        raise InvalidInput(_("A card numbered ${number} was already issued."), on="number",
                           number=vip_secrets.format_card_number(typed_number))


def _in_savepoint(dbsession: Session, uid: str, typed_number: str | None, work):
    """``work()`` in a savepoint, so that a refusal leaves nothing behind (a page that
    shows it still commits its transaction). Two desks may pass the checks at once; the
    loser's insert breaks a unique constraint, which becomes a refusal on its field, or
    a new draw when the number was drawn, not typed."""
    draws = 1
    while True:
        try:
            with dbsession.begin_nested():
                return work()
        except IntegrityError:
            _refuse_taken(dbsession, uid, typed_number)
            if typed_number is not None or draws == NUMBER_DRAWS:
                raise
            draws += 1


def _visitor(clean: CardInput, issued_by_id: int | None, now: dt.datetime) -> Visitor:
    visitor = Visitor(
        first_name=clean.first_name, last_name=clean.last_name, email=clean.email,
        phone=clean.phone, language=clean.language, arrival=clean.arrival,
        departure=clean.departure, accommodation_id=clean.accommodation_id,
        adults=clean.adults, children=len(clean.children_ages),
        children_ages=list(clean.children_ages), pets=clean.pets, envies=list(clean.envies),
        audiences=list(clean.audiences), welcome_bag=clean.welcome_bag,
        issued_by_id=issued_by_id, created_at=now)
    visitor.consents = [Consent(purpose=c.purpose, wording=c.wording, given_at=now)
                        for c in clean.consents]
    return visitor


def issue_card(dbsession: Session, data: CardInput, qr_key: bytes, *,
               issued_by_id: int | None = None, now: dt.datetime | None = None) -> IssuedCard:
    """Record the visitor's stay and consents and issue the card; returns its QR token."""
    now = now or utcnow()
    clean = validate(dbsession, data)

    def work() -> Card:
        # A new visitor at each try: a rolled-back savepoint takes the last one away.
        visitor = _visitor(clean, issued_by_id, now)
        dbsession.add(visitor)
        return _new_card(dbsession, visitor, clean.uid, clean.number, now)

    card = _in_savepoint(dbsession, clean.uid, clean.number, work)
    return IssuedCard(card, qr_token(card, qr_key))


def reissue_card(dbsession: Session, card_id: int, uid: str, qr_key: bytes, *,
                 number: str | None = None, now: dt.datetime | None = None) -> IssuedCard:
    """A new card for the same stay (the old one was lost): the old card is blocked and
    the offers it used stay counted against the visitor."""
    now = now or utcnow()
    old = get_card(dbsession, card_id)
    if old.visitor.anonymised_at is not None:
        raise CardUnusable(_("This card's holder was anonymised; issue a new card."))
    # One card of a stay works at a time: a card already replaced is not replaced again.
    if old.replaced_by_id is not None or old.status == "retired":
        raise CardUnusable(_("This card was already replaced or retired; replace the "
                             "visitor's current card."))
    clean_number = None
    if number:
        clean_number = vip_secrets.normalise_card_number(number)
        if clean_number is None:
            raise InvalidInput(_("This card number is mistyped: check its nine digits."),
                               on="number")
    clean_uid = _uid(uid)

    def work() -> Card:
        block_card(dbsession, old.id, now=now)
        card = _new_card(dbsession, old.visitor, clean_uid, clean_number, now)
        old.replaced_by_id = card.id
        dbsession.flush()
        return card

    # The old card stays usable when the new one is refused.
    card = _in_savepoint(dbsession, clean_uid, clean_number, work)
    return IssuedCard(card, qr_token(card, qr_key))


def block_card(dbsession: Session, card_id: int, *, now: dt.datetime | None = None) -> Card:
    card = get_card(dbsession, card_id)
    if card.status == "active":
        card.status = "blocked"
        card.blocked_at = now or utcnow()
        dbsession.flush()
    return card


def get_card(dbsession: Session, card_id: int) -> Card:
    card = dbsession.get(Card, card_id)
    if card is None:
        raise UnknownCard(_("There is no such card."))
    return card


def get_by_number(dbsession: Session, number: str) -> Card:
    clean = vip_secrets.normalise_card_number(number)
    card = dbsession.scalars(select(Card).where(Card.number == clean)).one_or_none() \
        if clean else None
    if card is None:
        raise UnknownCard(_("There is no card numbered ${number}."), number=number)
    return card


def qr_token(card: Card, qr_key: bytes) -> str:
    if card.qr_nonce is None:
        raise CardUnusable(_("This card was retired."))
    return vip_secrets.sign_token(qr_key, card.number, card.qr_nonce)


def retire_cards(dbsession: Session, visitor_id: int) -> None:
    """Make a visitor's cards unusable for good and free their UIDs (privacy)."""
    dbsession.execute(update(Card).where(Card.visitor_id == visitor_id)
                      .values(nfc_uid=None, qr_nonce=None, status="retired"))


# --- what a terminal read --------------------------------------------------------------------


# Built once, run with a parameter: a terminal's look-up is on the path of every scan and
# redemption. With the card's visitor in the same statement: every caller judges the
# stay next.
_CARD_BY = {column.key: select(Card).where(column == bindparam("value"))
            .options(joinedload(Card.visitor)) for column in (Card.number, Card.nfc_uid)}


def _read_card(dbsession: Session, column: str, value: str) -> Card | None:
    return dbsession.scalars(_CARD_BY[column], {"value": value}).one_or_none()


def find_card(dbsession: Session, value: str, qr_key: bytes) -> Card:
    """The card for a QR token, a typed printed number or an NFC UID, else UnknownCard."""
    value = (value or "").strip()
    card = None
    if vip_secrets.looks_like_token(value):
        parts = vip_secrets.verify_token(qr_key, value)
        if parts is not None:
            number, nonce = parts
            found = _read_card(dbsession, "number", number)
            if found is not None and found.qr_nonce is not None \
                    and hmac.compare_digest(found.qr_nonce, nonce):
                card = found
    elif vip_secrets.looks_like_card_number(value):
        number = vip_secrets.normalise_card_number(value)
        if number is not None:
            card = _read_card(dbsession, "number", number)
    else:
        uid = vip_secrets.normalise_uid(value)
        if uid is not None:
            card = _read_card(dbsession, "nfc_uid", uid)
    if card is None:
        raise UnknownCard(_("This card is not known. Check the number or scan it again."))
    return card


def check_usable(card: Card, at: dt.datetime) -> None:
    """Refuse a card that may not be used at ``at`` (a blocked card stays good for what
    it did before it was blocked: an offline terminal may report that later)."""
    if card.status == "retired" or card.qr_nonce is None:
        raise CardUnusable(_("This card is no longer valid."))
    if card.status == "blocked" and (card.blocked_at is None or card.blocked_at <= at):
        raise CardUnusable(_("This card was blocked; the visitor has a new one."))
    day = office_date(at)
    visitor = card.visitor
    if day > visitor.departure:
        raise CardUnusable(_("This card's stay ended on ${date}."),
                           date=visitor.departure.isoformat())
    if day < visitor.arrival:
        raise NotGrantable(_("This card is valid from ${date}."),
                           date=visitor.arrival.isoformat())


__all__ = ["ACCOMMODATION_CATEGORIES", "CardInput", "ConsentInput", "IssuedCard",
           "accommodations", "block_card", "card_state", "check_usable", "find_card",
           "get_by_number", "get_card", "issue_card", "issued_counts", "qr_token",
           "reissue_card", "retire_cards", "search_cards", "validate"]
